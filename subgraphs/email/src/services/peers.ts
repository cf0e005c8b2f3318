import {
  listHouseholdUsers,
  serviceClientsFor,
  type DirectoryUser,
  type Logger,
  type ServiceClient,
} from "@homegraph/common";
import type { EmailConfig } from "../config.js";

export type { DirectoryUser };

export interface ActivityItem {
  device: string;
  event: string;
  count: number;
}

export interface Activity {
  total: number;
  items: ActivityItem[];
}

/** What home lets a person VIEW: device ids, and rooms (for entries naming a room but no device). */
export interface HomeAccess {
  deviceIds: number[];
  rooms: string[];
}

/**
 * The other services the email service reads from, as itself (a service token from auth): auth's
 * user directory and the home's activity. Every call goes through common's resilient client.
 */
export class Peers {
  private readonly auth: ServiceClient;
  private readonly home: ServiceClient;

  constructor(config: EmailConfig, logger: Logger) {
    const clientFor = serviceClientsFor("email", config, logger);
    this.auth = clientFor("auth", config.identity.url);
    this.home = clientFor("home", config.homeUrl);
  }

  /** The household's active people, of one role or all. */
  users(role?: "ADMIN" | "MEMBER"): Promise<DirectoryUser[]> {
    return listHouseholdUsers(this.auth, role);
  }

  /**
   * What happened in the home in [since, until) that this person may see (home judges by their
   * grants): counts per device and event.
   */
  async activity(since: Date, until: Date, recipient: { userId: number; role: string }): Promise<Activity> {
    const { body } = await this.home.get<Activity>("/internal/activity", {
      query: {
        since: since.toISOString(),
        until: until.toISOString(),
        userId: String(recipient.userId),
        role: recipient.role,
      },
    });
    return body;
  }

  /** What the person may VIEW in the home now (home owns per-person access). */
  async homeAccess(userId: number, role: string): Promise<HomeAccess> {
    const { body } = await this.home.get<HomeAccess>(`/internal/access/${userId}`, { query: { role } });
    return { deviceIds: body.deviceIds ?? [], rooms: body.rooms ?? [] };
  }
}
