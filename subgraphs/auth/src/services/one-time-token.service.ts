import { BadUserInputError } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { OneTimeTokenPurpose, type OneTimeToken } from "../entities/one-time-token.entity.js";
import type { User } from "../entities/user.entity.js";
import { insertOneTimeToken, lockOneTimeToken, retireOtherTokens } from "../repositories/one-time-token.repository.js";
import { randomToken, sha256 } from "./crypto.js";

/** A new link token for `user`: the token itself goes into the email, only its hash is stored. */
export async function issueOneTimeToken(
  em: EntityManager,
  user: User,
  purpose: OneTimeTokenPurpose,
  ttlMs: number,
  codeHash?: string,
  newEmail?: string,
): Promise<{ token: string; row: OneTimeToken }> {
  const token = randomToken();
  const row = await insertOneTimeToken(em, {
    tokenHash: sha256(token),
    user,
    purpose,
    expiresAt: new Date(Date.now() + ttlMs),
    codeHash: codeHash ?? null,
    newEmail: newEmail ?? null,
  });
  return { token, row };
}

/** Marks a one-time token used (exactly once, even under concurrency) and returns it with its user. */
export async function consumeOneTimeToken(
  em: EntityManager,
  token: string,
  purpose: OneTimeTokenPurpose,
): Promise<OneTimeToken> {
  const what = {
    INVITE: "invitation",
    PASSWORD_RESET: "reset",
    SIGN_IN_CHALLENGE: "sign-in",
    SIGN_OUT_EVERYWHERE: "sign-out",
    EMAIL_CHANGE: "confirmation",
  }[purpose];
  const row = await lockOneTimeToken(em, sha256(token), purpose);
  if (!row || row.usedAt || row.expiresAt <= new Date()) {
    throw new BadUserInputError(`This ${what} link is not valid or has expired. Ask for a new one.`, "token");
  }
  row.usedAt = new Date();
  // Any other link of the same kind for this person dies with it.
  await retireOtherTokens(em, row);
  return row;
}
