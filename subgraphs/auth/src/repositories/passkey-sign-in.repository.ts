import { executePrepared } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { auditRows } from "../services/audit.service.js";
import type { Bucket } from "./rate-limit.repository.js";
import type { NewSessionRow } from "./session.repository.js";

export interface PasskeySignInWrite {
  /** The verified answer's use: written only while the stored counter is below it (`recordPasskeyUse`'s rule). */
  passkey: { id: number; counter: number; backedUp: boolean };
  /** known_browsers' name for the browser: it must be one the person has signed in from before. */
  browser: { userId: number; hash: string };
  session: NewSessionRow;
  audits: ReturnType<typeof auditRows>;
}

/**
 * A passkey sign-in from a browser the person has used before, written in one statement (so one
 * round trip, and atomic without BEGIN and COMMIT): the passkey's use, the session, the audit rows
 * and the browser's last sighting. Nothing is written unless the counter went up and the browser is
 * known: `used` false and `knownBrowser` false then means a new browser (the caller signs in the
 * long way, which sends the new-browser alert); `knownBrowser` true, a counter refused (a clone, or
 * another answer with the same counter first).
 */
export async function writePasskeySignIn(
  em: EntityManager,
  w: PasskeySignInWrite,
): Promise<{ used: boolean; knownBrowser: boolean }> {
  const { passkey, browser, session, audits } = w;
  const [row] = await executePrepared<{ used: boolean; known_browser: boolean }>(
    em,
    `with known as (
       select 1 from auth.known_browsers where user_id = ? and browser_hash = ?),
     used as (
       update auth.passkeys set counter = ?, backed_up = ?, last_used_at = now()
        where id = ? and user_id = ? and (counter < ? or (counter = 0 and ? = 0)) and exists (select 1 from known)
       returning user_id),
     seen as (
       update auth.known_browsers set last_seen_at = now()
        where user_id = ? and browser_hash = ? and exists (select 1 from used)),
     session as (
       insert into auth.user_sessions
         (user_id, token, family_id, expires_at, absolute_expires_at, user_agent, ip, auth_time, created_at, last_used_at)
       select user_id, ?, ?::uuid, ?::timestamptz, ?::timestamptz, ?, ?, ?::timestamptz, now(), now() from used),
     audit as (
       insert into auth.audit_log (event_type, user_id, actor_id, ip, user_agent, details, created_at)
       select a.event_type, a.user_id, a.actor_id, a.ip, a.user_agent, a.details, a.created_at
         from used, (values ${audits.map(() => "(?, ?::int, ?::int, ?, ?, ?::jsonb, ?::timestamptz, ?::int)").join(", ")})
           as a (event_type, user_id, actor_id, ip, user_agent, details, created_at, n)
        order by a.n)
     select exists (select 1 from used) as used, exists (select 1 from known) as known_browser`,
    [
      browser.userId,
      browser.hash,
      passkey.counter,
      passkey.backedUp,
      passkey.id,
      browser.userId,
      passkey.counter,
      passkey.counter,
      browser.userId,
      browser.hash,
      session.token,
      session.familyId,
      session.expiresAt,
      session.absoluteExpiresAt,
      session.userAgent ?? null,
      session.ip ?? null,
      session.authTime ?? null,
      ...audits.flatMap((a, n) => [
        a.eventType,
        a.userId,
        a.actorId,
        a.ip,
        a.userAgent,
        JSON.stringify(a.details),
        a.createdAt,
        n,
      ]),
    ],
  );
  return { used: row!.used, knownBrowser: row!.known_browser };
}

/**
 * A select-list column that makes the statement's own (implicit) transaction commit without waiting
 * for its WAL to reach the disk: for the ceremony's challenge and counters, which are worth nothing
 * after a crash (a lost challenge is a sign-in to try again), and for spending it (any outcome that
 * grants or refuses something commits durably after it, and flushing that WAL flushes this). Empty
 * inside a transaction, whose other statements must stay durable.
 */
export function asyncCommit(em: EntityManager): string {
  return em.isInTransaction() ? "" : `, set_config('synchronous_commit', 'off', true) as async_commit`;
}

/**
 * Stores a sign-in ceremony's challenge and counts it in `count`'s bucket, in one statement with the
 * buckets of `limits` (read as they were before): neither is written when one of them is used up.
 * The caller judges the buckets returned (RATE_LIMITED), as when they were checked first.
 */
export async function insertSignInChallenge(
  em: EntityManager,
  challenge: { idHash: string; challengeHash: string; expiresAt: Date },
  limits: { key: string; windowStart: Date; max: number }[],
  count: { key: string; windowStart: Date },
): Promise<Map<string, Bucket>> {
  const [row] = await executePrepared<{ buckets: { key: string; count: number; last_at: string }[] }>(
    em,
    `with limits (key, window_start, max) as (values ${limits.map(() => "(?, ?::timestamptz, ?::int)").join(", ")}),
     hits as (select b.key, b.count, b.last_at, l.max from auth.rate_limit_buckets b
              join limits l on b.key = l.key and b.window_start = l.window_start),
     open as (select not exists (select 1 from hits where count >= max) as ok),
     counted as (
       insert into auth.rate_limit_buckets (key, window_start, count, last_at)
       select ?, ?::timestamptz, 1, now() from open where ok
       on conflict (key, window_start) do update set count = auth.rate_limit_buckets.count + 1, last_at = now()),
     issued as (
       insert into auth.passkey_challenges (id_hash, purpose, user_id, challenge_hash, user_handle, expires_at)
       select ?, 'SIGN_IN', null, ?, null, ?::timestamptz from open where ok)
     select coalesce(json_agg(json_build_object('key', key, 'count', count, 'last_at', last_at)), '[]'::json) as buckets
            ${asyncCommit(em)}
       from hits`,
    [
      ...limits.flatMap((w) => [w.key, w.windowStart, w.max]),
      count.key,
      count.windowStart,
      challenge.idHash,
      challenge.challengeHash,
      challenge.expiresAt,
    ],
  );
  return new Map(row!.buckets.map((b) => [b.key, { count: b.count, lastAt: new Date(b.last_at) }]));
}
