import {
  createServiceClient,
  createServiceTokenSource,
  resolveServiceSecret,
  type Logger,
  type ServiceClient,
} from "@homegraph/common";
import type { HomeConfig } from "../config.js";

interface DirectoryUser {
  id: number;
  email: string;
  displayName: string;
  role: "ADMIN" | "MEMBER";
}

export interface Notification {
  ruleId: number;
  /** What caused the firing; with the rule id it makes the idempotency key, so a retry mails nobody twice. */
  eventId: string;
  role?: "ADMIN" | "MEMBER";
  userIds?: number[];
  device: string;
  room?: string | null;
  event: string;
  when: string;
}

export interface Notifier {
  notify(n: Notification): Promise<number>;
}

/**
 * Mails people through the email service as this service (a service token from auth, as the email
 * service reads auth's directory): one `POST /send` per person with their user id, so the email
 * service applies that person's preferences, which a bulk send by address would not.
 */
export class EmailNotifier implements Notifier {
  private readonly auth: ServiceClient;
  private readonly email: ServiceClient;

  constructor(config: HomeConfig, logger: Logger) {
    const token = createServiceTokenSource({
      authUrl: config.identity.url,
      service: "home",
      secret: resolveServiceSecret({
        secret: config.serviceSecret,
        nodeEnv: config.nodeEnv,
        dataDir: config.dataDir,
        logger,
      }),
      logger,
    });
    const headers = async () => ({ authorization: `Bearer ${await token()}` });
    this.auth = createServiceClient({ target: "auth", baseUrl: config.identity.url, logger, headers });
    this.email = createServiceClient({ target: "email", baseUrl: config.emailUrl, logger, headers });
  }

  async notify(n: Notification): Promise<number> {
    const recipients = new Map<number, DirectoryUser>();
    if (n.role) {
      const { body } = await this.auth.get<{ users: DirectoryUser[] }>("/internal/users", { query: { role: n.role } });
      for (const u of body.users) recipients.set(u.id, u);
    }
    if (n.userIds?.length) {
      const wanted = new Set(n.userIds);
      const { body } = await this.auth.get<{ users: DirectoryUser[] }>("/internal/users");
      for (const u of body.users) if (wanted.has(u.id)) recipients.set(u.id, u);
    }
    for (const u of recipients.values()) {
      await this.email.post(
        "/send",
        {
          to: u.email,
          userId: u.id,
          templateKey: "device-notification",
          variables: { displayName: u.displayName, device: n.device, room: n.room ?? "", event: n.event, when: n.when },
        },
        { idempotencyKey: `automation:${n.ruleId}:${n.eventId}:${u.id}` },
      );
    }
    return recipients.size;
  }
}
