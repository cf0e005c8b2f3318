import type { EntityManager } from "@mikro-orm/postgresql";
import { BUCKET_COLUMNS, DAILY_FROM_HOURLY, UPSERT_TAIL, hourlyBucketsSql, truncUtc } from "./history-sql.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** An event's row may commit a moment after its time: an hour is closed this long after it ends. */
const SETTLE_MS = 2 * 60_000;
/** Any number of replicas run the job; the one holding this lock does it. */
const LOCK = `select pg_try_advisory_xact_lock(hashtext('home.history_rollup')) as locked`;

export interface RollupMarks {
  /** Hours before this are stored as rollups; later ones are read from the events. */
  hourMark: Date | null;
  /** Days before this are stored as daily rollups; later ones are made of hours. */
  dayMark: Date | null;
}

export interface RollupReport extends RollupMarks {
  /** False when another replica held the lock: it is doing the work. */
  ran: boolean;
  hours: number;
  days: number;
}

const floorTo = (ms: number, step: number) => new Date(Math.floor(ms / step) * step);
/** Raw queries answer times as text. */
const dateOf = (value: Date | string | null | undefined) => (value == null ? null : new Date(value));
type Row = Record<string, Date | string | null>;

export async function rollupMarks(em: EntityManager): Promise<RollupMarks> {
  const [row] = await em.execute<Row[]>(`select hour_mark, day_mark from home.history_rollup_state where id = 1`);
  return { hourMark: dateOf(row?.hour_mark), dayMark: dateOf(row?.day_mark) };
}

/**
 * Rolls up every hour closed since the watermark (and every day whose hours are all rolled up),
 * in one transaction: a crash leaves the marks where they were, and the next run does it again.
 */
export async function rollUpHistory(em: EntityManager, now = new Date()): Promise<RollupReport> {
  return em.fork().transactional(async (tx) => {
    const [{ locked }] = await tx.execute<{ locked: boolean }[]>(LOCK);
    if (!locked) return { ran: false, hours: 0, days: 0, ...(await rollupMarks(tx)) };
    const [state] = await tx.execute<Row[]>(
      `select hour_mark, day_mark from home.history_rollup_state where id = 1 for update`,
    );
    const marks = { hourMark: dateOf(state?.hour_mark), dayMark: dateOf(state?.day_mark) };
    const hourTo = floorTo(now.getTime() - SETTLE_MS, HOUR);
    let hourFrom = marks.hourMark;
    if (!hourFrom) {
      const [first] = await tx.execute<Row[]>(`select min(created_at) as at from home.device_events`);
      const at = dateOf(first?.at);
      hourFrom = at ? floorTo(at.getTime(), HOUR) : null;
    }
    let hours = 0;
    let hourMark = marks.hourMark;
    if (hourFrom && hourFrom < hourTo) {
      const rows = await tx.execute(
        `insert into home.device_rollups as r (device_id, name, resolution, bucket, ${BUCKET_COLUMNS})
         select device_id, name, 'HOUR', bucket, ${BUCKET_COLUMNS} from (${hourlyBucketsSql(false)}) h
         ${UPSERT_TAIL} returning 1`,
        [hourFrom, hourTo, hourFrom],
      );
      hours = rows.length;
      hourMark = hourTo;
    }
    let days = 0;
    let dayMark = marks.dayMark;
    const dayTo = hourMark ? floorTo(hourMark.getTime(), DAY) : null;
    let dayFrom = dayMark;
    if (!dayFrom && dayTo) {
      const [first] = await tx.execute<Row[]>(
        `select ${truncUtc("day", "min(bucket)")} as at from home.device_rollups where resolution = 'HOUR'`,
      );
      dayFrom = dateOf(first?.at);
    }
    if (dayFrom && dayTo && dayFrom < dayTo) {
      const rows = await tx.execute(
        `insert into home.device_rollups as r (device_id, name, resolution, bucket, ${BUCKET_COLUMNS})
         select device_id, name, 'DAY', day, ${BUCKET_COLUMNS} from (${DAILY_FROM_HOURLY}) d
         ${UPSERT_TAIL} returning 1`,
        [dayFrom, dayTo],
      );
      days = rows.length;
      dayMark = dayTo;
    }
    await tx.execute(
      `update home.history_rollup_state set hour_mark = ?, day_mark = ?, rolled_up_at = now() where id = 1`,
      [hourMark, dayMark],
    );
    return { ran: true, hours, days, hourMark, dayMark };
  });
}

/**
 * Forgets every rollup and builds them again from the events there are (after importing old
 * events, which a watermark already past them would never see). Rollups older than the events
 * kept are lost: only for a history whose events are all still there.
 */
export async function rebuildHistoryRollups(em: EntityManager, now = new Date()): Promise<RollupReport> {
  await em.fork().transactional(async (tx) => {
    await tx.execute(`delete from home.device_rollups`);
    await tx.execute(`update home.history_rollup_state set hour_mark = null, day_mark = null where id = 1`);
  });
  return rollUpHistory(em, now);
}
