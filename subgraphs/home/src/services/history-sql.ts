// The SQL that turns numeric readings into buckets, shared by the rollup job (which stores
// closed hours) and by reads (which add the hours not rolled up yet, straight from the events).

/**
 * Readings whose value is a plain number: what a chart can draw. Commands are not readings. No
 * "?" in the pattern: the queries' parameters are written as "?".
 */
const NUMERIC = `e.source <> 'COMMAND' and e.value ~ '^\\s*-{0,1}[0-9]+(\\.[0-9]+){0,1}([eE][-+]{0,1}[0-9]{1,2}){0,1}\\s*$'`;

/** A bucket's start in UTC, whatever the session's time zone (a half-hour zone would shift hours). */
export const truncUtc = (unit: "hour" | "day", column: string) =>
  `(date_trunc('${unit}', ${column} at time zone 'UTC') at time zone 'UTC')`;

/** The columns of a bucket, in the order both the table and the aggregates give them. */
export const BUCKET_COLUMNS = `count, sum, min, max, first, first_at, last, last_at, increase`;

/** The numeric readings in [$from, $to), optionally of one device's one attribute ($3, $4). */
export function readingsSql(oneSeries: boolean): string {
  return `select e.id, e.device_id, e.name, e.created_at, trim(e.value)::double precision as v
    from home.device_events e
    where e.created_at >= ? and e.created_at < ? and ${NUMERIC}
      ${oneSeries ? "and e.device_id = ? and e.name = ?" : ""}`;
}

/**
 * Hourly buckets of the readings in [$from, $to) (the first two parameters), optionally of one
 * device's one attribute (`$3`, `$4`). `increase` is how far a counter (energy in kWh) rose: each
 * reading's rise over the one before it, or, when it fell (the meter was reset), its whole value;
 * the reading before the first of the range comes from the last stored hour before the range,
 * whose start is passed again as the last parameter.
 */
export function hourlyBucketsSql(oneSeries: boolean): string {
  return `
    with ev as (${readingsSql(oneSeries)}),
    prev as (
      select k.device_id, k.name, p.last as pv
      from (select distinct device_id, name from ev) k
      cross join lateral (
        select r.last from home.device_rollups r
        where r.device_id = k.device_id and r.name = k.name and r.resolution = 'HOUR'
          and r.bucket < ?
        order by r.bucket desc limit 1
      ) p
    ),
    stepped as (
      select ev.*, coalesce(lag(ev.v) over (partition by ev.device_id, ev.name order by ev.created_at, ev.id), prev.pv) as pv
      from ev left join prev using (device_id, name)
    )
    select device_id, name, ${truncUtc("hour", "created_at")} as bucket,
      count(*)::int as count, sum(v) as sum, min(v) as min, max(v) as max,
      (array_agg(v order by created_at, id))[1] as first, min(created_at) as first_at,
      (array_agg(v order by created_at desc, id desc))[1] as last, max(created_at) as last_at,
      coalesce(sum(case when pv is null then 0 when v >= pv then v - pv else v end), 0) as increase
    from stepped
    group by device_id, name, bucket`;
}

/** Daily buckets made of the stored hourly ones in [$from, $to). */
export const DAILY_FROM_HOURLY = `
  select device_id, name, ${truncUtc("day", "bucket")} as day,
    sum(count)::int as count, sum(sum) as sum, min(min) as min, max(max) as max,
    (array_agg(first order by first_at))[1] as first, min(first_at) as first_at,
    (array_agg(last order by last_at desc))[1] as last, max(last_at) as last_at,
    sum(increase) as increase
  from home.device_rollups
  where resolution = 'HOUR' and bucket >= ? and bucket < ?
  group by device_id, name, day`;

/** Stores buckets, merged with any already stored for the same device, attribute and time. */
export const UPSERT_TAIL = `
  on conflict (device_id, name, resolution, bucket) do update set
    count = r.count + excluded.count,
    sum = r.sum + excluded.sum,
    min = least(r.min, excluded.min),
    max = greatest(r.max, excluded.max),
    first = case when excluded.first_at < r.first_at then excluded.first else r.first end,
    first_at = least(r.first_at, excluded.first_at),
    last = case when excluded.last_at >= r.last_at then excluded.last else r.last end,
    last_at = greatest(r.last_at, excluded.last_at),
    increase = r.increase + excluded.increase`;
