import { ErrorCode, PasskeyError, type Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import {
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import type { AuthSettings } from "../config.js";
import { AuditEvent } from "../entities/audit-log.entity.js";
import {
  findPasskeyByCredential,
  insertChallenge,
  recordPasskeyUse,
  takeChallenge,
  takeChallengeWithPasskey,
  type ChallengePurpose,
  type PasskeyRow,
} from "../repositories/passkey.repository.js";
import { insertSignInChallenge } from "../repositories/passkey-sign-in.repository.js";
import type { Bucket } from "../repositories/rate-limit.repository.js";
import { recordAudit, type RequestMeta } from "./audit.service.js";
import { randomToken, sha256 } from "./crypto.js";

/** A ceremony may take as long as finding the phone; no longer. */
export const CEREMONY_TTL_MS = 5 * 60_000;

export interface PasskeyCeremony {
  challengeId: string;
  optionsJSON: string;
  expiresAt: Date;
}

export interface TakenChallenge {
  userId: number | null;
  userHandle: string | null;
  /** For @simplewebauthn's `expectedChallenge`: the signed challenge is the one issued, by its hash. */
  matches: (challenge: string) => boolean;
  /** The passkey the answer names, read with the challenge when the caller knew its credential id. */
  prefetched?: { credentialId: string; passkey: PasskeyRow | null; owner: Record<string, unknown> | null };
}

export type Ceremony = "registration" | "sign-in" | "step-up";

/** Ceremonies' shared parts: their challenges, and checking an assertion against a stored passkey. */
export class PasskeyCeremonies {
  constructor(private readonly deps: { settings: AuthSettings; logger: Logger }) {}

  get rpId(): string {
    return this.deps.settings.webauthn.rpId;
  }

  /**
   * The origins an answer may name: the configured ones, or (in development on localhost) the
   * localhost origin it names, whatever its port. `clientDataJSON` is the answer's, base64url.
   */
  expectedOrigins(clientDataJSON: string): string[] {
    const { origins, anyLocalhostPort } = this.deps.settings.webauthn;
    if (!anyLocalhostPort) return origins;
    try {
      const named = (JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8")) as { origin?: unknown })
        .origin;
      if (
        typeof named === "string" &&
        /^https?:$/.test(new URL(named).protocol) &&
        new URL(named).hostname === "localhost"
      ) {
        return [...origins, new URL(named).origin];
      }
    } catch {
      // Not JSON or no URL: the library refuses it with its own reason.
    }
    return origins;
  }

  /** Stores the options' challenge (hashed, with a hashed id) and answers what the browser needs. */
  async issue(
    em: EntityManager,
    purpose: ChallengePurpose,
    userId: number | null,
    options: { challenge: string },
    userHandle?: string,
  ): Promise<PasskeyCeremony> {
    const challengeId = randomToken();
    const expiresAt = new Date(Date.now() + CEREMONY_TTL_MS);
    await insertChallenge(em, {
      idHash: sha256(challengeId),
      purpose,
      userId,
      challengeHash: sha256(options.challenge),
      userHandle,
      expiresAt,
    });
    return { challengeId, optionsJSON: JSON.stringify(options), expiresAt };
  }

  /**
   * `issue` for a sign-in ceremony, counted in `count` and stored only while no limit of `limits` is
   * used up, in one statement: `judge` refuses from the buckets read with it (RATE_LIMITED).
   */
  async issueForSignIn(
    em: EntityManager,
    options: { challenge: string },
    limits: { key: string; windowStart: Date; max: number }[],
    count: { key: string; windowStart: Date },
    judge: (buckets: Map<string, Bucket>) => void,
  ): Promise<PasskeyCeremony> {
    const challengeId = randomToken();
    const expiresAt = new Date(Date.now() + CEREMONY_TTL_MS);
    const challenge = { idHash: sha256(challengeId), challengeHash: sha256(options.challenge), expiresAt };
    judge(await insertSignInChallenge(em, challenge, limits, count));
    return { challengeId, optionsJSON: JSON.stringify(options), expiresAt };
  }

  /**
   * Spends the challenge (it works once, even if what follows fails); an unknown, used or expired
   * one is audited and refused with PASSKEY_CHALLENGE_EXPIRED.
   */
  async take(
    em: EntityManager,
    challengeId: string,
    purpose: ChallengePurpose,
    ceremony: Ceremony,
    meta: RequestMeta,
    userId?: number,
  ): Promise<TakenChallenge> {
    const row = await takeChallenge(em, sha256(challengeId), purpose);
    if (!row) return this.refuse(em, ceremony, "challenge_expired", meta, userId);
    return { userId: row.userId, userHandle: row.userHandle, matches: (c) => sha256(c) === row.challengeHash };
  }

  /**
   * A sign-in's `take`, in one statement with the passkey its answer names (and its owner) and the
   * rate-limit buckets of `limits`: `judge` refuses from those (RATE_LIMITED), and then the challenge
   * was left unspent, as when the limits were checked first. Null when there was no such challenge
   * (the caller refuses it, as `take` does).
   */
  async takeForSignIn(
    em: EntityManager,
    challengeId: string,
    credentialId: string | null,
    limits: { key: string; windowStart: Date; max: number }[],
    judge: (buckets: Map<string, Bucket>) => void,
  ): Promise<TakenChallenge | null> {
    const taken = await takeChallengeWithPasskey(em, sha256(challengeId), "SIGN_IN", credentialId, limits);
    judge(taken.buckets);
    const { challenge, passkey, owner } = taken;
    if (!challenge) return null;
    return {
      userId: challenge.userId,
      userHandle: challenge.userHandle,
      matches: (c) => sha256(c) === challenge.challengeHash,
      prefetched: credentialId === null ? undefined : { credentialId, passkey, owner },
    };
  }

  /**
   * Verifies an assertion for a stored passkey (signature, origin, RP ID, the challenge), refuses a
   * signature counter that did not increase (PASSKEY_CLONED, audited) and records the use. The
   * caller decides whose passkey it may be (`expectUserId`, or the response's user handle).
   */
  async assert(...args: Parameters<PasskeyCeremonies["verify"]>): Promise<PasskeyRow> {
    const [em, , , ceremony, meta] = args;
    const { passkey, use } = await this.verify(...args);
    if (!(await recordPasskeyUse(em, passkey.id, use.counter, use.backedUp))) {
      return this.refuseCloned(em, passkey, use.counter, ceremony, meta);
    }
    return { ...passkey, counter: use.counter, backedUp: use.backedUp, lastUsedAt: new Date() };
  }

  /**
   * `assert` without recording the use: the caller writes `use` itself, only while the stored counter
   * is still below it (`recordPasskeyUse`'s condition), and calls `refuseCloned` when it was not.
   */
  async verify(
    em: EntityManager,
    response: AuthenticationResponseJSON,
    challenge: TakenChallenge,
    ceremony: Ceremony,
    meta: RequestMeta,
    expectUserId?: number,
  ): Promise<{ passkey: PasskeyRow; use: { counter: number; backedUp: boolean } }> {
    const passkey =
      challenge.prefetched?.credentialId === response.id
        ? challenge.prefetched.passkey
        : await findPasskeyByCredential(em, response.id);
    if (!passkey) return this.refuse(em, ceremony, "unknown_credential", meta, expectUserId);
    const owner = expectUserId ?? challenge.userId;
    if (owner != null && passkey.userId !== owner) {
      return this.refuse(em, ceremony, "another_persons_passkey", meta, owner);
    }
    // A discoverable sign-in names its person by the user handle: it must be the passkey's.
    if (owner == null && response.response.userHandle !== passkey.userHandle) {
      return this.refuse(em, ceremony, "user_handle_mismatch", meta, passkey.userId);
    }
    let info;
    try {
      const verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge.matches,
        expectedOrigin: this.expectedOrigins(response.response.clientDataJSON),
        expectedRPID: this.rpId,
        // The stored counter is checked below, so that a clone is told apart from a bad signature.
        credential: { id: passkey.credentialId, publicKey: passkey.publicKey, counter: 0 },
        requireUserVerification: false,
      });
      if (!verified.verified) throw new Error("signature did not verify");
      info = verified.authenticationInfo;
    } catch (err) {
      return this.refuse(em, ceremony, "verification_failed", meta, passkey.userId, err);
    }
    const next = info.newCounter;
    if ((passkey.counter > 0 || next > 0) && next <= passkey.counter) {
      return this.refuseCloned(em, passkey, next, ceremony, meta);
    }
    return { passkey, use: { counter: next, backedUp: info.credentialBackedUp } };
  }

  /** A counter that did not go up (or another answer used it first): audited, PASSKEY_CLONED. */
  async refuseCloned(
    em: EntityManager,
    passkey: PasskeyRow,
    presented: number,
    ceremony: Ceremony,
    meta: RequestMeta,
  ): Promise<never> {
    await recordAudit(em, this.deps.logger, AuditEvent.PASSKEY_CLONED, {
      userId: passkey.userId,
      meta,
      details: { ceremony, passkeyId: passkey.id, storedCounter: passkey.counter, presentedCounter: presented },
    });
    throw new PasskeyError(
      ErrorCode.PASSKEY_CLONED,
      "This passkey looks copied: its use counter went backwards. Use another passkey or your password.",
    );
  }

  /** Audits a ceremony that did not verify, then refuses with the code that says why. */
  async refuse(
    em: EntityManager,
    ceremony: Ceremony,
    reason: string,
    meta: RequestMeta,
    userId?: number | null,
    err?: unknown,
  ): Promise<never> {
    await recordAudit(em, this.deps.logger, AuditEvent.PASSKEY_SIGN_IN_FAILED, {
      userId: userId ?? null,
      meta,
      // The library's message names the origin or RP ID that was wrong; never a key or signature.
      details: { ceremony, reason, ...(err ? { error: String((err as Error).message ?? err).slice(0, 200) } : {}) },
    });
    if (reason === "challenge_expired") {
      throw new PasskeyError(
        ErrorCode.PASSKEY_CHALLENGE_EXPIRED,
        "This passkey request has expired or was already used. Try again.",
      );
    }
    if (reason === "verification_failed" || reason === "malformed") {
      throw new PasskeyError(ErrorCode.PASSKEY_VERIFICATION_FAILED, "The passkey could not be verified. Try again.");
    }
    throw new PasskeyError(ErrorCode.PASSKEY_NOT_RECOGNISED, "This passkey is not recognised here.");
  }
}

/** `response` as the browser's JSON; anything else is a malformed answer. */
export function parseResponse<T extends AuthenticationResponseJSON | RegistrationResponseJSON>(json: string): T | null {
  try {
    const value = JSON.parse(json) as T;
    const ok =
      value &&
      typeof value === "object" &&
      typeof value.id === "string" &&
      typeof value.rawId === "string" &&
      value.type === "public-key" &&
      value.response &&
      typeof value.response.clientDataJSON === "string";
    return ok ? { ...value, clientExtensionResults: value.clientExtensionResults ?? {} } : null;
  } catch {
    return null;
  }
}
