import { listHouseholdUsers, serviceClientsFor, type Logger, type Role, type ServiceClient } from "@homegraph/common";
import type { HomeConfig } from "../config.js";

/** Who the household's people are and their roles now: auth's directory, read as this service. */
export interface PeopleDirectory {
  /** Every active person's role; throws when auth cannot be asked. */
  roles(): Promise<Map<number, Role>>;
}

/**
 * Auth's `/internal/users`, with the last answer kept for when auth is away (an automation then
 * acts on the role its owner had when last asked, and says so in the log).
 */
export class AuthPeopleDirectory implements PeopleDirectory {
  private readonly auth: ServiceClient;
  private last?: Map<number, Role>;

  constructor(
    config: HomeConfig,
    private readonly logger: Logger,
  ) {
    this.auth = serviceClientsFor("home", config, logger)("auth", config.identity.url);
  }

  async roles(): Promise<Map<number, Role>> {
    try {
      const users = await listHouseholdUsers(this.auth);
      this.last = new Map(users.map((u) => [u.id, u.role]));
      return this.last;
    } catch (err) {
      if (!this.last) throw err;
      this.logger.warn(
        { err: (err as Error).message },
        "access: auth's directory unreachable; using the roles last read",
      );
      return this.last;
    }
  }
}
