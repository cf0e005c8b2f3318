import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { OneTimeToken, type OneTimeTokenPurpose } from "../entities/one-time-token.entity.js";
import type { User } from "../entities/user.entity.js";

export async function insertOneTimeToken(
  em: EntityManager,
  row: {
    tokenHash: string;
    user: User;
    purpose: OneTimeTokenPurpose;
    expiresAt: Date;
    codeHash?: string | null;
    newEmail?: string | null;
  },
): Promise<OneTimeToken> {
  const token = em.create(OneTimeToken, { ...row, createdAt: new Date() });
  await em.flush();
  return token;
}

/** The token's row, locked until the transaction ends, with its user. */
export function lockOneTimeToken(
  em: EntityManager,
  tokenHash: string,
  purpose: OneTimeTokenPurpose,
): Promise<OneTimeToken | null> {
  return em.findOne(OneTimeToken, { tokenHash, purpose }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ["user"] });
}

/** The token's row with its user, unlocked: to check a token before deciding to spend it. */
export function findOneTimeToken(
  em: EntityManager,
  tokenHash: string,
  purpose: OneTimeTokenPurpose,
): Promise<OneTimeToken | null> {
  return em.findOne(OneTimeToken, { tokenHash, purpose }, { populate: ["user"] });
}

/** Marks every other unused token of the same kind for the same person used. */
export async function retireOtherTokens(em: EntityManager, kept: OneTimeToken): Promise<void> {
  await em.nativeUpdate(
    OneTimeToken,
    { user: kept.user.id, purpose: kept.purpose, usedAt: null, id: { $ne: kept.id } },
    { usedAt: new Date() },
  );
}
