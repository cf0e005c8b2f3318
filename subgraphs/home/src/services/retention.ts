import type { Logger, Orm } from "@homegraph/common";

const BATCH = 5000;

/**
 * Deletes events older than the retention, a batch at a time so that a first run over a large
 * backlog never holds a long lock against the events being written meanwhile.
 */
export async function pruneDeviceEvents(orm: Orm, retentionDays: number): Promise<number> {
  return (await pruneTable(orm, "device_events", retentionDays)) + (await pruneTable(orm, "hsm_events", retentionDays));
}

async function pruneTable(orm: Orm, table: "device_events" | "hsm_events", retentionDays: number): Promise<number> {
  const cutoff = new Date(Date.now() - retentionDays * 86_400_000);
  let total = 0;
  for (;;) {
    const rows = await orm.em
      .fork()
      .getConnection()
      .execute(
        `with doomed as (select id from home.${table} where created_at < ? limit ${BATCH})
         delete from home.${table} where id in (select id from doomed) returning id`,
        [cutoff],
      );
    total += rows.length;
    if (rows.length < BATCH) return total;
  }
}

/** Prunes on start, then every `everyMs` (hourly by default); returns the stop function. */
export function startRetention(orm: Orm, retentionDays: number, logger: Logger, everyMs = 3_600_000): () => void {
  const run = async () => {
    try {
      const deleted = await pruneDeviceEvents(orm, retentionDays);
      if (deleted) logger.info({ deleted, retentionDays }, "deleted old device events");
    } catch (err) {
      logger.error({ err }, "could not delete old device events");
    }
  };
  let running = run();
  const timer = setInterval(() => {
    running = running.then(run);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
