import type { Logger, Role } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { Device } from "../entities/device.entity.js";
import { AccessView, SecureCapability } from "./access-model.js";
import { allRoleDefaults, loadGrants } from "./access.service.js";
import type { NotificationAudience } from "./outbox.js";
import type { PeopleDirectory } from "./people-directory.js";

/** The audience as the email service's POST /notifications takes it. */
export interface ResolvedAudience {
  role?: "ADMIN" | "MEMBER" | "ALL";
  userIds?: number[];
}

/**
 * Turns "whoever may see this device (or the alarm)" into people, with the grants in force when the
 * notification is handed over: a member whose VIEW was taken away since the alert is not told.
 * Home owns per-person access; auth says who the people are and their roles. Without auth's
 * directory (never read since the start) only the named role and people are told, and the log says so:
 * an alarm reaching the admins late is worse than reaching only them.
 */
export class NotificationAudiences {
  constructor(
    private readonly people: PeopleDirectory,
    private readonly logger: Logger,
  ) {}

  async resolve(em: EntityManager, audience: NotificationAudience): Promise<ResolvedAudience> {
    const ids = new Set(audience.userIds ?? []);
    const base = (): ResolvedAudience => ({
      ...(audience.role ? { role: audience.role } : {}),
      ...(ids.size ? { userIds: [...ids].sort((a, b) => a - b) } : {}),
    });
    if (audience.viewersOfDevice === undefined && !audience.viewersOfAlarm) return base();
    let roles: Map<number, Role>;
    try {
      roles = await this.people.roles();
    } catch (err) {
      this.logger.warn(
        { err: (err as Error).message },
        "alerts: auth's directory unreachable; telling only the admins and the people named",
      );
      return base();
    }
    const device =
      audience.viewersOfDevice !== undefined ? await em.findOne(Device, { id: audience.viewersOfDevice }) : null;
    const people = [...roles];
    const [defaults, grants] = await Promise.all([
      allRoleDefaults(em),
      loadGrants(
        em,
        people.map(([id]) => id),
      ),
    ]);
    for (const [id, role] of people) {
      if (role === "ADMIN") {
        if (audience.role !== "ADMIN") ids.add(id);
        continue;
      }
      const view = new AccessView(id, role, defaults[role], grants.get(id) ?? []);
      const sees = device
        ? view.canView(device)
        : audience.viewersOfAlarm && view.canViewCapability(SecureCapability.HSM);
      if (sees) ids.add(id);
    }
    return base();
  }
}
