import type { Logger, Orm } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { rollUpHistory, rollupMarks } from "./history-rollup.js";

const BATCH = 5000;
const DAY = 86_400_000;

export interface RetentionDefaults {
  /** Raw events, unless a device has its own (DEVICE_EVENT_RETENTION_DAYS). */
  eventDays: number;
  /** Hourly and daily rollups, unless a device has its own (DEVICE_ROLLUP_RETENTION_DAYS). */
  rollupDays: number;
}

export interface PruneReport {
  events: number;
  rollups: number;
  /** The alarm panel's HSM history, kept as long as the default for events. */
  hsmEvents: number;
}

/** Deletes in batches, so a first run over a large backlog never holds a long lock against writers. */
async function deleteInBatches(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await em.execute(sql, params);
    total += rows.length;
    if (rows.length < BATCH) return total;
  }
}

/**
 * Deletes each device's events older than its retention (its own, or the default), and its
 * rollups older than its rollup retention. Events not rolled up yet are kept whatever their age,
 * so a chart never loses what its rollups would have held.
 */
export async function pruneHistory(
  em: EntityManager,
  defaults: RetentionDefaults,
  now = new Date(),
): Promise<PruneReport> {
  const db = em.fork();
  const { hourMark } = await rollupMarks(db);
  const devices = await db.execute<{ id: number; event_days: number; rollup_days: number }[]>(
    `select id, coalesce(event_retention_days, ?) as event_days, coalesce(rollup_retention_days, ?) as rollup_days
     from home.devices`,
    [defaults.eventDays, defaults.rollupDays],
  );
  const report: PruneReport = { events: 0, rollups: 0, hsmEvents: 0 };
  // Device by device: each delete is served by the (device_id, created_at) index.
  for (const device of devices) {
    const eventCutoff = new Date(Math.min(now.getTime() - device.event_days * DAY, hourMark?.getTime() ?? 0));
    if (hourMark)
      report.events += await deleteInBatches(
        db,
        `with doomed as (select id from home.device_events where device_id = ? and created_at < ? limit ${BATCH})
       delete from home.device_events where id in (select id from doomed) returning id`,
        [device.id, eventCutoff],
      );
    const rollupCutoff = new Date(now.getTime() - device.rollup_days * DAY);
    const rollups = await db.execute(`delete from home.device_rollups where device_id = ? and bucket < ? returning 1`, [
      device.id,
      rollupCutoff,
    ]);
    report.rollups += rollups.length;
  }
  report.hsmEvents = await deleteInBatches(
    db,
    `with doomed as (select id from home.hsm_events where created_at < ? limit ${BATCH})
     delete from home.hsm_events where id in (select id from doomed) returning id`,
    [new Date(now.getTime() - defaults.eventDays * DAY)],
  );
  return report;
}

/**
 * Rolls up the hours closed since the last run every `rollupEveryMs` (10 minutes), and prunes
 * with the rollups every `pruneEveryMs` (hourly); both on start. Returns the stop function.
 */
export function startHistoryJobs(
  orm: Orm,
  defaults: RetentionDefaults,
  logger: Logger,
  { rollupEveryMs = 600_000, pruneEveryMs = 3_600_000 } = {},
): () => void {
  const em = orm.em.fork() as EntityManager;
  const rollup = async () => {
    try {
      const report = await rollUpHistory(em);
      if (report.hours || report.days) logger.debug(report, "rolled up device history");
    } catch (err) {
      logger.error({ err }, "could not roll up device history");
    }
  };
  const prune = async () => {
    try {
      await rollup();
      const deleted = await pruneHistory(em, defaults);
      if (deleted.events || deleted.rollups || deleted.hsmEvents)
        logger.info({ ...deleted, ...defaults }, "deleted old device history");
    } catch (err) {
      logger.error({ err }, "could not delete old device history");
    }
  };
  // One job at a time in this process: a slow run delays the next rather than overlapping it.
  let running = prune();
  const every = (ms: number, job: () => Promise<void>) => {
    const timer = setInterval(() => {
      running = running.then(job);
    }, ms);
    timer.unref();
    return timer;
  };
  const timers = [every(rollupEveryMs, rollup), every(pruneEveryMs, prune)];
  return () => timers.forEach(clearInterval);
}
