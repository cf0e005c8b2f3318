import { RateLimitedError } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import {
  deleteBuckets,
  deleteOldBuckets,
  findBuckets,
  incrementBucket,
  type Bucket,
} from "../repositories/rate-limit.repository.js";
import type { SettingValues } from "./settings.service.js";

export interface Limit {
  key: string;
  max: number;
  windowSeconds: number;
  /**
   * Whether failures counted here slow down the next attempt. Per account, yes; per IP, no: a
   * household shares one address, and one person's typos must not make everyone else wait.
   */
  growingDelay?: GrowingDelay;
}

export interface GrowingDelay {
  afterFailures: number;
  maxSeconds: number;
}

function windowStart(windowSeconds: number, now = Date.now()): Date {
  return new Date(Math.floor(now / 1000 / windowSeconds) * windowSeconds * 1000);
}

/**
 * The limits on trying a password, for signing in and for changing it (a stolen access token must
 * not become a way to guess the password): failures per account, with the growing delay, and per IP.
 */
export function passwordAttemptLimits(s: SettingValues, account: string, ip: string | undefined): Limit[] {
  const windowSeconds = s["rateLimit.login.windowSeconds"];
  return [
    {
      key: `login:account:${account}`,
      max: s["rateLimit.login.maxFailuresPerAccount"],
      windowSeconds,
      growingDelay: { afterFailures: s["rateLimit.delay.afterFailures"], maxSeconds: s["rateLimit.delay.maxSeconds"] },
    },
    { key: `login:ip:${ip ?? "unknown"}`, max: s["rateLimit.login.maxFailuresPerIp"], windowSeconds },
  ];
}

/**
 * Fixed-window counters in auth.rate_limit_buckets, so every replica counts the same attempts.
 * A refusal carries `retryAfterSeconds`; nothing sleeps on the server (a sleeping request would
 * itself be a way to exhaust it).
 */
export class RateLimiter {
  /** Throws RATE_LIMITED when a limit is used up, or when the growing delay since the last failure has not passed. */
  async check(em: EntityManager, limits: Limit[]): Promise<void> {
    const now = Date.now();
    // One round trip for all of them: each sign-in checks two or three.
    this.judge(limits, await findBuckets(em, this.windows(limits, now)), now);
  }

  /** Each limit's current window, as `findBuckets` (or a statement reading them along) asks for it. */
  windows(limits: Limit[], now = Date.now()): { key: string; windowStart: Date; max: number }[] {
    return limits.map((limit) => ({
      key: limit.key,
      windowStart: windowStart(limit.windowSeconds, now),
      max: limit.max,
    }));
  }

  /** `check` on buckets already read for `windows(limits, now)`. */
  judge(limits: Limit[], buckets: Map<string, Bucket>, now: number): void {
    for (const limit of limits) {
      const start = windowStart(limit.windowSeconds, now);
      const bucket = buckets.get(limit.key);
      const count = bucket?.count ?? 0;
      if (count >= limit.max) {
        const retry = Math.ceil((start.getTime() + limit.windowSeconds * 1000 - now) / 1000);
        throw new RateLimitedError("Too many attempts. Try again later.", Math.max(1, retry));
      }
      const delay = limit.growingDelay;
      if (bucket && delay && count >= delay.afterFailures) {
        const waitMs = Math.min(2 ** (count - delay.afterFailures), delay.maxSeconds) * 1000;
        const elapsed = now - bucket.lastAt.getTime();
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
    for (const limit of limits) await incrementBucket(em, limit.key, windowStart(limit.windowSeconds));
  }

  /** For attempts counted whether or not they succeed (refreshes, reset requests): check, then count. */
  async take(em: EntityManager, limits: Limit[]): Promise<void> {
    await this.check(em, limits);
    await this.hit(em, limits);
  }

  async clear(em: EntityManager, key: string): Promise<void> {
    await deleteBuckets(em, key);
  }

  async prune(em: EntityManager): Promise<void> {
    await deleteOldBuckets(em);
  }
}
