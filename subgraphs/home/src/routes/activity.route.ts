import { BadUserInputError, requireService, type Orm } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Express } from "express";

/** A digest covers a day or a week; a longer window is a mistake or an expensive scan. */
const MAX_WINDOW_MS = 35 * 86_400_000;

function instant(value: unknown, field: string): Date {
  const date = typeof value === "string" ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new BadUserInputError(`${field} must be an ISO 8601 date-time.`, field);
  return date;
}

/**
 * `GET /internal/activity?since=&until=`: what happened in the home in [since, until), as counts
 * per device label and event name, busiest first. For Homegraph's own services (the email
 * service's activity digest); service tokens only.
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
    const em = deps.orm.em.fork() as EntityManager;
    const rows = (await em.execute(
      `select d.label as device, e.name as event, count(*)::int as count
         from home.device_events e
         join home.devices d on d.id = e.device_id
        where e.created_at >= ? and e.created_at < ?
        group by d.label, e.name
        order by count(*) desc, d.label, e.name`,
      [since, until],
    )) as { device: string; event: string; count: number }[];
    res.set("cache-control", "no-store").json({
      since: since.toISOString(),
      until: until.toISOString(),
      total: rows.reduce((sum, r) => sum + r.count, 0),
      items: rows,
    });
  });
}
