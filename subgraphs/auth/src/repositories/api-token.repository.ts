import type { EntityManager } from "@mikro-orm/postgresql";
import { ApiToken } from "../entities/api-token.entity.js";

/** A person's tokens that still work (not revoked, not expired), newest first. */
export function findLiveApiTokens(em: EntityManager, userId: number): Promise<ApiToken[]> {
  return em.find(
    ApiToken,
    { user: userId, revokedAt: null, $or: [{ expiresAt: null }, { expiresAt: { $gt: new Date() } }] },
    { orderBy: { createdAt: "desc", id: "asc" } },
  );
}

export function countLiveApiTokens(em: EntityManager, userId: number): Promise<number> {
  return em.count(ApiToken, {
    user: userId,
    revokedAt: null,
    $or: [{ expiresAt: null }, { expiresAt: { $gt: new Date() } }],
  });
}

export function findApiTokenByHash(em: EntityManager, tokenHash: string): Promise<ApiToken | null> {
  return em.findOne(ApiToken, { tokenHash }, { populate: ["user"] });
}

/**
 * Moves `lastUsedAt` to now unless it moved less than a minute ago; answers whether it did and
 * whether this was the first use. One statement, so concurrent exchanges record one first use.
 */
export async function touchApiToken(em: EntityManager, id: string): Promise<{ moved: boolean; first: boolean }> {
  const rows = (await em.execute(
    `update auth.api_tokens t set last_used_at = now()
       from (select id, last_used_at as previous from auth.api_tokens where id = ? for update) p
      where t.id = p.id and (p.previous is null or p.previous < now() - interval '60 seconds')
      returning (p.previous is null) as first`,
    [id],
  )) as { first: boolean }[];
  return { moved: rows.length > 0, first: rows[0]?.first === true };
}

/** Revokes one live token of `userId`; answers whether there was one. */
export async function revokeApiTokenRow(em: EntityManager, userId: number, id: string, reason: string) {
  const n = await em.nativeUpdate(
    ApiToken,
    { id, user: userId, revokedAt: null },
    { revokedAt: new Date(), revokedReason: reason },
  );
  return n > 0;
}

/** Revokes every live token of a person (whenever all their sessions end); answers their ids. */
export async function revokeAllApiTokens(em: EntityManager, userId: number, reason: string): Promise<string[]> {
  const rows = (await em.execute(
    `update auth.api_tokens set revoked_at = now(), revoked_reason = ?
      where user_id = ? and revoked_at is null returning id::text as sid`,
    [reason, userId],
  )) as { sid: string }[];
  return rows.map((r) => r.sid);
}
