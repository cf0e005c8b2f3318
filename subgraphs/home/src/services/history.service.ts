import { BadUserInputError } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { hourlyBucketsSql, readingsSql } from "./history-sql.js";
import { rollupMarks } from "./history-rollup.js";

export type HistoryResolution = "RAW" | "HOUR" | "DAY";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Longest ranges, so that no answer holds more than about 10,000 points. */
export const MAX_SPAN_MS: Record<HistoryResolution, number> = { RAW: 7 * DAY, HOUR: 400 * DAY, DAY: 3660 * DAY };
/** RAW readings in one answer at most. */
export const MAX_RAW_POINTS = 10_000;

export interface HistoryBucket {
  at: Date;
  count: number;
  min: number;
  max: number;
  mean: number;
  first: number;
  last: number;
  /** How far a counter rose in the bucket (resets counted); null for a single reading. */
  increase: number | null;
}

interface BucketRow {
  bucket: Date;
  count: number;
  sum: number;
  min: number;
  max: number;
  first: number;
  first_at: Date;
  last: number;
  last_at: Date;
  increase: number;
}

/**
 * The resolution AUTO means for a range: every reading up to 6 hours, hours up to a month
 * (at most 744 points), days beyond (a year is 366 points).
 */
export function autoResolution(spanMs: number): HistoryResolution {
  if (spanMs <= 6 * HOUR) return "RAW";
  if (spanMs <= 31 * DAY) return "HOUR";
  return "DAY";
}

/** Checks a range and its resolution: BAD_USER_INPUT naming the field at fault. */
export function checkRange(from: Date, to: Date, resolution: HistoryResolution | "AUTO"): HistoryResolution {
  if (Number.isNaN(from.getTime())) throw new BadUserInputError("from is not a valid time.", "from");
  if (Number.isNaN(to.getTime())) throw new BadUserInputError("to is not a valid time.", "to");
  const span = to.getTime() - from.getTime();
  if (span <= 0) throw new BadUserInputError("to must be after from.", "to");
  const chosen = resolution === "AUTO" ? autoResolution(span) : resolution;
  if (span > MAX_SPAN_MS[chosen]) {
    const days = MAX_SPAN_MS[chosen] / DAY;
    throw new BadUserInputError(
      `A ${chosen.toLowerCase()} history covers at most ${days} days; choose a shorter range or a coarser resolution.`,
      chosen === resolution ? "resolution" : "from",
    );
  }
  return chosen;
}

const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;

const toBucket = (r: BucketRow): HistoryBucket => ({
  at: new Date(r.bucket),
  count: Number(r.count),
  min: Number(r.min),
  max: Number(r.max),
  mean: Number(r.sum) / Number(r.count),
  first: Number(r.first),
  last: Number(r.last),
  increase: Number(r.increase),
});

/** Buckets of the same time merged into one (hours into their day). */
function mergeInto(rows: BucketRow[], step: number): BucketRow[] {
  const byStart = new Map<number, BucketRow>();
  for (const row of rows) {
    const at = floorTo(new Date(row.bucket).getTime(), step);
    const had = byStart.get(at);
    if (!had) {
      byStart.set(at, { ...row, bucket: new Date(at) });
      continue;
    }
    const firstAt = new Date(row.first_at) < new Date(had.first_at);
    const lastAt = new Date(row.last_at) >= new Date(had.last_at);
    byStart.set(at, {
      bucket: had.bucket,
      count: Number(had.count) + Number(row.count),
      sum: Number(had.sum) + Number(row.sum),
      min: Math.min(had.min, row.min),
      max: Math.max(had.max, row.max),
      first: firstAt ? row.first : had.first,
      first_at: firstAt ? row.first_at : had.first_at,
      last: lastAt ? row.last : had.last,
      last_at: lastAt ? row.last_at : had.last_at,
      increase: Number(had.increase) + Number(row.increase),
    });
  }
  return [...byStart.values()].sort((a, b) => a.bucket.getTime() - b.bucket.getTime());
}

const STORED = `select bucket, count, sum, min, max, first, first_at, last, last_at, increase
  from home.device_rollups
  where device_id = ? and name = ? and resolution = ? and bucket >= ? and bucket < ?
  order by bucket`;

/** Hours in [from, to): stored ones before the watermark, the rest from the events themselves. */
async function hourRows(
  em: EntityManager,
  deviceId: number,
  name: string,
  from: number,
  to: number,
  mark: Date | null,
) {
  const split = mark ? Math.min(Math.max(mark.getTime(), from), to) : from;
  const stored =
    split > from
      ? await em.execute<BucketRow[]>(STORED, [deviceId, name, "HOUR", new Date(from), new Date(split)])
      : [];
  const live =
    split < to
      ? await em.execute<BucketRow[]>(`select * from (${hourlyBucketsSql(true)}) h order by bucket`, [
          new Date(split),
          new Date(to),
          deviceId,
          name,
          new Date(split),
        ])
      : [];
  return [...stored, ...live];
}

/** A device attribute's numeric history over [from, to), oldest first. */
export async function readHistory(
  em: EntityManager,
  deviceId: number,
  name: string,
  from: Date,
  to: Date,
  resolution: HistoryResolution,
): Promise<HistoryBucket[]> {
  if (resolution === "RAW") {
    const rows = await em.execute<{ at: Date; v: number }[]>(
      `select e.created_at as at, e.v from (${readingsSql(true)}) e order by e.created_at, e.id limit ${MAX_RAW_POINTS}`,
      [from, to, deviceId, name],
    );
    return rows.map(({ at, v }) => ({
      at: new Date(at),
      count: 1,
      min: v,
      max: v,
      mean: v,
      first: v,
      last: v,
      increase: null,
    }));
  }
  const marks = await rollupMarks(em);
  const end = to.getTime();
  if (resolution === "HOUR") {
    const rows = await hourRows(em, deviceId, name, floorTo(from.getTime(), HOUR), end, marks.hourMark);
    return rows.map(toBucket);
  }
  const start = floorTo(from.getTime(), DAY);
  const split = marks.dayMark ? Math.min(Math.max(marks.dayMark.getTime(), start), end) : start;
  const days =
    split > start
      ? await em.execute<BucketRow[]>(STORED, [deviceId, name, "DAY", new Date(start), new Date(split)])
      : [];
  const recent = split < end ? mergeInto(await hourRows(em, deviceId, name, split, end, marks.hourMark), DAY) : [];
  return [...days, ...recent].map(toBucket);
}

/**
 * The attribute's unit as the device lists it or, when the hub's list carries none (its full
 * device list has no units), as its latest event with one gave it.
 */
export async function unitOf(em: EntityManager, deviceId: number, name: string, listed?: string | null) {
  if (listed) return listed;
  const [row] = await em.execute<{ unit: string }[]>(
    `select unit from home.device_events where device_id = ? and name = ? and unit is not null
     order by created_at desc limit 1`,
    [deviceId, name],
  );
  return row?.unit ?? null;
}
