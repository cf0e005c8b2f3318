import type { EntityManager } from "@mikro-orm/postgresql";
import type { auditRows } from "../services/audit.service.js";
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
  const [row] = (await em.execute(
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
  )) as { used: boolean; known_browser: boolean }[];
  return { used: row!.used, knownBrowser: row!.known_browser };
}
