import { RateLimitedError } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";

export interface Limit {
  key: string;
  max: number;
  windowSeconds: number;
  /**
   * Whether failures counted here slow down the next attempt. Per account, yes; per IP, no: a
   * household shares one address, and one person's typos must not make everyone else wait.
   */
  growingDelay?: boolean;
}

export interface GrowingDelay {
  afterFailures: number;
  maxSeconds: number;
}

function windowStart(windowSeconds: number, now = Date.now()): Date {
  return new Date(Math.floor(now / 1000 / windowSeconds) * windowSeconds * 1000);
}

/**
 * Fixed-window counters in auth.rate_limit_buckets, so every replica counts the same attempts.
 * A refusal carries `retryAfterSeconds`; nothing sleeps on the server (a sleeping request would
 * itself be a way to exhaust it).
 */
export class RateLimiter {
  /** Throws RATE_LIMITED when a limit is used up, or when the growing delay since the last failure has not passed. */
  async check(em: EntityManager, limits: Limit[], delay?: GrowingDelay): Promise<void> {
    const now = Date.now();
    for (const limit of limits) {
      const start = windowStart(limit.windowSeconds, now);
      const rows = (await em.execute(
        `select count, last_at from auth.rate_limit_buckets where key = ? and window_start = ?`,
        [limit.key, start],
      )) as { count: number; last_at: Date }[];
      const count = rows[0]?.count ?? 0;
      if (count >= limit.max) {
        const retry = Math.ceil((start.getTime() + limit.windowSeconds * 1000 - now) / 1000);
        throw new RateLimitedError("Too many attempts. Try again later.", Math.max(1, retry));
      }
      if (delay && limit.growingDelay && count >= delay.afterFailures) {
        const waitMs = Math.min(2 ** (count - delay.afterFailures), delay.maxSeconds) * 1000;
        const elapsed = now - new Date(rows[0]!.last_at).getTime();
        if (elapsed < waitMs) {
          throw new RateLimitedError(
            "Too many failed attempts. Wait a moment before trying again.",
            Math.max(1, Math.ceil((waitMs - elapsed) / 1000)),
          );
        }
      }
    }
  }

  async hit(em: EntityManager, limits: Limit[]): Promise<void> {
    for (const limit of limits) {
      await em.execute(
        `insert into auth.rate_limit_buckets (key, window_start, count, last_at) values (?, ?, 1, now())
         on conflict (key, window_start) do update set count = auth.rate_limit_buckets.count + 1, last_at = now()`,
        [limit.key, windowStart(limit.windowSeconds)],
      );
    }
  }

  async clear(em: EntityManager, key: string): Promise<void> {
    await em.execute(`delete from auth.rate_limit_buckets where key = ?`, [key]);
  }

  /** Forgets windows older than a day (the longest a window may be). */
  async prune(em: EntityManager): Promise<void> {
    await em.execute(`delete from auth.rate_limit_buckets where window_start < now() - interval '1 day'`);
  }
}
