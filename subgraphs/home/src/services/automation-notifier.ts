import {
  listHouseholdUsers,
  serviceClientsFor,
  type DirectoryUser,
  type Logger,
  type ServiceClient,
} from "@homegraph/common";
import type { HomeConfig } from "../config.js";

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

/**
 * Labels and rooms come from the hub, where anyone who can rename a device writes them. The email
 * service refuses a subject with a line break (header injection), which would drop the alert: fold
 * them into spaces here, so the mail still goes out, with the text inert.
 */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, " ");
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
    const clientFor = serviceClientsFor("home", config, logger);
    this.auth = clientFor("auth", config.identity.url);
    this.email = clientFor("email", config.emailUrl);
  }

  async notify(n: Notification): Promise<number> {
    const recipients = new Map<number, DirectoryUser>();
    if (n.role) {
      for (const u of await listHouseholdUsers(this.auth, n.role)) recipients.set(u.id, u);
    }
    if (n.userIds?.length) {
      const wanted = new Set(n.userIds);
      for (const u of await listHouseholdUsers(this.auth)) if (wanted.has(u.id)) recipients.set(u.id, u);
    }
    for (const u of recipients.values()) {
      await this.email.post(
        "/send",
        {
          to: u.email,
          userId: u.id,
          templateKey: "device-notification",
          variables: {
            displayName: u.displayName,
            device: oneLine(n.device),
            room: oneLine(n.room ?? ""),
            event: oneLine(n.event),
            when: n.when,
          },
        },
        { idempotencyKey: `automation:${n.ruleId}:${n.eventId}:${u.id}` },
      );
    }
    return recipients.size;
  }
}
