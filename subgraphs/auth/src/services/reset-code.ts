import { randomInt } from "node:crypto";
import { BadUserInputError } from "@homegraph/common";
import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { OneTimeToken, OneTimeTokenPurpose } from "../entities/one-time-token.entity.js";
import { retireOtherTokens } from "../repositories/one-time-token.repository.js";
import type { KeyedHash } from "./crypto.js";

/**
 * Wrong codes a reset survives. With a million codes and this many tries per mail (and a few mails
 * an hour, the reset request limit), guessing stays below one chance in tens of thousands.
 */
export const RESET_CODE_MAX_ATTEMPTS = 5;

export const WRONG_RESET_CODE = "The code is wrong or has expired. Ask for a new reset email.";

/** Six digits a person can type from the mail, for when a scanner already opened (and spent) the link. */
export function newResetCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/** Keyed to the person, so the same six digits never hash alike for two people. */
export function resetCodeHash(codes: KeyedHash, userId: number, code: string): string {
  return codes.of(`${userId}:${code}`);
}

/**
 * Spends the person's newest live reset (or other coded token of `purpose`) if `code` is its code. A wrong code counts against it and
 * the fifth burns it; the count commits even though the caller then refuses (its own transaction).
 */
export async function consumeResetCode(
  em: EntityManager,
  codes: KeyedHash,
  userId: number,
  code: string,
  purpose: OneTimeTokenPurpose = OneTimeTokenPurpose.PASSWORD_RESET,
): Promise<OneTimeToken | undefined> {
  return em.transactional(async (tem) => {
    const row = await tem.findOne(
      OneTimeToken,
      { user: userId, purpose, usedAt: null, expiresAt: { $gt: new Date() } },
      { orderBy: { id: "desc" }, lockMode: LockMode.PESSIMISTIC_WRITE, populate: ["user"] },
    );
    if (!row?.codeHash) return undefined;
    if (!/^\d{6}$/.test(code) || resetCodeHash(codes, userId, code) !== row.codeHash) {
      row.attempts += 1;
      if (row.attempts >= RESET_CODE_MAX_ATTEMPTS) row.usedAt = new Date();
      await tem.flush();
      return undefined;
    }
    row.usedAt = new Date();
    await tem.flush();
    await retireOtherTokens(tem, row);
    return row;
  });
}

export function wrongResetCode(): BadUserInputError {
  return new BadUserInputError(WRONG_RESET_CODE, "code");
}
