import {
  createServiceClient,
  createServiceTokenSource,
  resolveServiceSecret,
  type Logger,
  type ServiceClient,
} from "@homegraph/common";
import type { EmailConfig } from "../config.js";

export interface DirectoryUser {
  id: number;
  email: string;
  displayName: string;
  role: "ADMIN" | "MEMBER";
}

export interface ActivityItem {
  device: string;
  event: string;
  count: number;
}

export interface Activity {
  total: number;
  items: ActivityItem[];
}

/**
 * The other services the email service reads from, as itself (a service token from auth): auth's
 * user directory and the home's activity. Every call goes through common's resilient client.
 */
export class Peers {
  private readonly auth: ServiceClient;
  private readonly home: ServiceClient;

  constructor(config: EmailConfig, logger: Logger) {
    const token = createServiceTokenSource({
      authUrl: config.identity.url,
      service: "email",
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
    this.home = createServiceClient({ target: "home", baseUrl: config.homeUrl, logger, headers });
  }

  /** The household's active people, of one role or all. */
  async users(role?: "ADMIN" | "MEMBER"): Promise<DirectoryUser[]> {
    const { body } = await this.auth.get<{ users: DirectoryUser[] }>("/internal/users", { query: { role } });
    return body.users;
  }

  /** What happened in the home in [since, until): counts per device and event. */
  async activity(since: Date, until: Date): Promise<Activity> {
    const { body } = await this.home.get<Activity>("/internal/activity", {
      query: { since: since.toISOString(), until: until.toISOString() },
    });
    return body;
  }
}
