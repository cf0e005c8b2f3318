import { BadUserInputError, requireService, type Orm, type Role } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Express } from "express";
import { checkUserId, loadAccessView } from "../services/access.service.js";

const ROLES: readonly Role[] = ["ADMIN", "MEMBER", "GUEST"];

/** A digest covers a day or a week; a longer window is a mistake or an expensive scan. */
const MAX_WINDOW_MS = 35 * 86_400_000;

function instant(value: unknown, field: string): Date {
  const date = typeof value === "string" ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new BadUserInputError(`${field} must be an ISO 8601 date-time.`, field);
  return date;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function recipient(query: Record<string, unknown>): { userId: number; role: Role } {
  const userId = checkUserId(typeof query.userId === "string" ? query.userId : "");
  const role = ROLES.find((r) => r === query.role);
  if (!role) throw new BadUserInputError(`role must be one of ${ROLES.join(", ")}.`, "role");
  return { userId, role };
}

/**
 * `GET /internal/activity?since=&until=&userId=&role=`: what happened in the home in [since, until)
 * on the devices that person may VIEW (their grants as of now), as counts per device label and event
 * name, busiest first. For Homegraph's own services (the email service's activity digest, asked per
 * recipient); service tokens only. There is no answer for nobody in particular: every list is someone's.
 */
export function mountActivityRoute(app: Express, deps: { orm: Orm }): void {
  app.get("/internal/activity", async (req, res) => {
    requireService(req.identity, req.identityError);
    const since = instant(req.query.since, "since");
    const until = req.query.until === undefined ? new Date() : instant(req.query.until, "until");
    if (until <= since) throw new BadUserInputError("until must be after since.", "until");
    if (until.getTime() - since.getTime() > MAX_WINDOW_MS) {
      throw new BadUserInputError("Ask for at most 35 days at a time.", "since");
    }
    const { userId, role } = recipient(req.query);
    const em = deps.orm.em.fork() as EntityManager;
    const view = await loadAccessView(em, userId, role);
    const perDevice = (await em.execute(
      `select d.id, d.room, d.capabilities, d.label as device, e.name as event, count(*)::int as count
         from home.device_events e
         join home.devices d on d.id = e.device_id
        where e.created_at >= ? and e.created_at < ?
        group by d.id, d.label, e.name`,
      [since, until],
    )) as { id: number; room: string | null; capabilities: string[]; device: string; event: string; count: number }[];
    // Counted per label and event as before, of the devices this person may see only.
    const counts = new Map<string, { device: string; event: string; count: number }>();
    for (const r of perDevice) {
      if (!view.canView({ id: Number(r.id), room: r.room, capabilities: r.capabilities ?? [] })) continue;
      const key = JSON.stringify([r.device, r.event]);
      const item = counts.get(key) ?? { device: r.device, event: r.event, count: 0 };
      item.count += r.count;
      counts.set(key, item);
    }
    const rows = [...counts.values()].sort(
      (a, b) => b.count - a.count || cmp(a.device, b.device) || cmp(a.event, b.event),
    );
    res.set("cache-control", "no-store").json({
      since: since.toISOString(),
      until: until.toISOString(),
      total: rows.reduce((sum, r) => sum + r.count, 0),
      items: rows,
    });
  });
}
