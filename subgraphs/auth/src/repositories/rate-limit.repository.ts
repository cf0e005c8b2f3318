import type { EntityManager } from "@mikro-orm/postgresql";

export interface Bucket {
  count: number;
  lastAt: Date;
}

/** The attempts counted under `key` in the window starting at `windowStart`, if any. */
export async function findBucket(em: EntityManager, key: string, windowStart: Date): Promise<Bucket | undefined> {
  const [row] = (await em.execute(
    `select count, last_at from auth.rate_limit_buckets where key = ? and window_start = ?`,
    [key, windowStart],
  )) as { count: number; last_at: Date }[];
  return row ? { count: row.count, lastAt: new Date(row.last_at) } : undefined;
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
