import type { EntityManager } from "@mikro-orm/postgresql";

export interface Bucket {
  count: number;
  lastAt: Date;
}

/** Several buckets (distinct keys) in one round trip, by key; the missing ones are absent. */
export async function findBuckets(
  em: EntityManager,
  wanted: { key: string; windowStart: Date }[],
): Promise<Map<string, Bucket>> {
  if (wanted.length === 0) return new Map();
  const rows = (await em.execute(
    `select key, count, last_at from auth.rate_limit_buckets
     where (key, window_start) in (${wanted.map(() => "(?, ?)").join(", ")})`,
    wanted.flatMap((w) => [w.key, w.windowStart]),
  )) as { key: string; count: number; last_at: Date }[];
  return new Map(rows.map((r) => [r.key, { count: r.count, lastAt: new Date(r.last_at) }]));
}

export async function incrementBucket(em: EntityManager, key: string, windowStart: Date): Promise<void> {
  await em.execute(
    `insert into auth.rate_limit_buckets (key, window_start, count, last_at) values (?, ?, 1, now())
     on conflict (key, window_start) do update set count = auth.rate_limit_buckets.count + 1, last_at = now()`,
    [key, windowStart],
  );
}

export async function deleteBuckets(em: EntityManager, key: string): Promise<void> {
  await em.execute(`delete from auth.rate_limit_buckets where key = ?`, [key]);
}

/** Forgets windows older than a day (the longest a window may be). */
export async function deleteOldBuckets(em: EntityManager): Promise<void> {
  await em.execute(`delete from auth.rate_limit_buckets where window_start < now() - interval '1 day'`);
}
