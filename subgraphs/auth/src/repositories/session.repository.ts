import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { User } from "../entities/user.entity.js";
import { UserSession } from "../entities/user-session.entity.js";
import { revokeAllApiTokens } from "./api-token.repository.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can be a session (family) id at all; anything else would make PostgreSQL refuse the uuid. */
export const isSessionId = (id: string): boolean => UUID.test(id);

export interface SessionFamilyRow {
  id: string;
  created_at: Date;
  last_used_at: Date;
  expires_at: Date;
  user_agent: string | null;
  ip: string | null;
}

/** Who a refresh token (by its hash) belongs to, whatever the state of its session. */
export async function findSessionOwnerId(em: EntityManager, tokenHash: string): Promise<number | undefined> {
  const [owner] = (await em.execute(`select user_id from auth.user_sessions where token = ?`, [tokenHash])) as {
    user_id: number;
  }[];
  return owner?.user_id;
}

/** The refresh token's row, locked until the transaction ends, with its user. */
export function lockSessionByToken(em: EntityManager, tokenHash: string): Promise<UserSession | null> {
  return em.findOne(UserSession, { token: tokenHash }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ["user"] });
}

/**
 * A new session row. Written directly rather than through the unit of work: a flush would also walk
 * every entity the request has loaded, and this runs on every sign-in and refresh.
 */
export type NewSessionRow = Pick<
  UserSession,
  "token" | "familyId" | "expiresAt" | "absoluteExpiresAt" | "userAgent" | "ip" | "authTime"
> & { user: User };

export async function insertSession(em: EntityManager, row: NewSessionRow): Promise<{ id: number }> {
  const [inserted] = (await em.execute(
    `insert into auth.user_sessions
       (user_id, token, family_id, expires_at, absolute_expires_at, user_agent, ip, auth_time, created_at, last_used_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, now(), now()) returning id`,
    [
      row.user.id,
      row.token,
      row.familyId,
      row.expiresAt,
      row.absoluteExpiresAt,
      row.userAgent ?? null,
      row.ip ?? null,
      row.authTime ?? null,
    ],
  )) as { id: number }[];
  return { id: inserted!.id };
}

/** Records a freshly proven factor on every row of a live family, so its next refresh carries it. */
export async function setFamilyAuthTime(em: EntityManager, familyId: string, at: Date): Promise<number> {
  if (!isSessionId(familyId)) return 0;
  return em.nativeUpdate(UserSession, { familyId, revokedAt: null }, { authTime: at });
}

export async function ownsLiveSession(em: EntityManager, userId: number, familyId: string): Promise<boolean> {
  return isSessionId(familyId) && (await em.count(UserSession, { familyId, user: userId, revokedAt: null })) > 0;
}

/** A person's live session families, most recently used first, each as its newest row describes it. */
export async function findLiveSessionFamilies(em: EntityManager, userId: number): Promise<SessionFamilyRow[]> {
  return (await em.execute(
    `select family_id::text as id, min(created_at) as created_at, max(last_used_at) as last_used_at,
            max(expires_at) as expires_at,
            (array_agg(user_agent order by id desc))[1] as user_agent, (array_agg(ip order by id desc))[1] as ip
       from auth.user_sessions
      where user_id = ? and revoked_at is null and absolute_expires_at > now()
      group by family_id
     having max(expires_at) > now()
      order by max(last_used_at) desc`,
    [userId],
  )) as SessionFamilyRow[];
}

export interface SessionFilter {
  familyId?: string;
  userId?: number;
  exceptFamilyId?: string;
}

/**
 * Marks the matching live sessions revoked; returns the session (family) ids that ended. Ending all
 * of a person's sessions (`userId` without `familyId`) ends their API tokens too: signing out
 * everywhere, a password change or reset, disabling or demoting leaves no way in behind.
 */
export async function revokeSessions(em: EntityManager, where: SessionFilter, reason: string): Promise<string[]> {
  const clauses = ["revoked_at is null"];
  const params: unknown[] = [reason];
  if (where.familyId) {
    clauses.push("family_id = ?");
    params.push(where.familyId);
  }
  if (where.userId) {
    clauses.push("user_id = ?");
    params.push(where.userId);
  }
  if (where.exceptFamilyId && isSessionId(where.exceptFamilyId)) {
    clauses.push("family_id <> ?");
    params.push(where.exceptFamilyId);
  }
  const rows = (await em.execute(
    `update auth.user_sessions set revoked_at = now(), revoked_reason = ?
      where ${clauses.join(" and ")}
      returning family_id::text as sid`,
    params,
  )) as { sid: string }[];
  const tokens = where.userId && !where.familyId ? await revokeAllApiTokens(em, where.userId, reason) : [];
  return [...new Set([...rows.map((r) => r.sid), ...tokens])];
}
