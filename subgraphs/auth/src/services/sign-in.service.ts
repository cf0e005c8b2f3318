import {
  BadUserInputError,
  requireRecentAuth,
  UnauthenticatedError,
  type Identity,
  type Logger,
} from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { AuditEvent } from "../entities/audit-log.entity.js";
import { OneTimeTokenPurpose } from "../entities/one-time-token.entity.js";
import { findOneTimeToken } from "../repositories/one-time-token.repository.js";
import { countPasskeys } from "../repositories/passkey.repository.js";
import { getUser } from "../repositories/user.repository.js";
import { recordAudit, type RequestMeta } from "./audit.service.js";
import { sha256 } from "./crypto.js";
import { consumeOneTimeToken, issueOneTimeToken } from "./one-time-token.service.js";
import type { PasswordHasher } from "./password-hasher.js";
import { passwordAttemptLimits, type RateLimiter } from "./rate-limit.service.js";
import type { SecondFactorPolicy } from "./second-factor-policy.js";
import type { AuthResult, SessionService } from "./session.service.js";
import type { SettingsService } from "./settings.service.js";
import type { TotpService } from "./totp.service.js";

/** Between the right password and the second factor: long enough to open the app, no longer. */
const CHALLENGE_TTL_MS = 5 * 60_000;

export interface SecondFactorChallenge {
  challenge: string;
  expiresAt: Date;
  /** The factors the person may answer with. */
  methods: string[];
}

export type SignInOutcome = { session: AuthResult } | { challenge: SecondFactorChallenge };

/** Proof offered for a second factor or a step-up: one of these. */
export interface FactorProof {
  password?: string | null;
  code?: string | null;
  recoveryCode?: string | null;
}

export interface SignInServiceDeps {
  logger: Logger;
  sessions: SessionService;
  totp: TotpService;
  hasher: PasswordHasher;
  limiter: RateLimiter;
  systemSettings: SettingsService;
  policy: SecondFactorPolicy;
}

/**
 * Signing in when a second factor may follow the password, and stepping up (proving a factor again
 * within a session). Passkeys slot in as one more `FactorProof` and one more challenge method.
 */
export class SignInService {
  constructor(private readonly deps: SignInServiceDeps) {}

  async signIn(em: EntityManager, email: string, password: string, meta: RequestMeta): Promise<SignInOutcome> {
    const user = await this.deps.sessions.checkPassword(em, email, password, meta);
    const totp = await this.deps.totp.isEnabled(em, user.id);
    const passkeys = await countPasskeys(em, user.id);
    if (!totp && passkeys === 0) return { session: await this.deps.sessions.startAudited(em, user, meta) };
    if (!totp && !(await this.deps.policy.requiredOf(em, user))) {
      // A passkey is a way in without the password, not a second step after it, unless the household
      // asks for one; but a password alone then proves less than the passkey: no step-up from it.
      const session = await em.transactional((tem) =>
        this.deps.sessions.startSignedIn(tem, user, meta, { factor: "PASSWORD", stepUp: false }, false),
      );
      return { session };
    }
    const methods = [...(totp ? ["TOTP", "RECOVERY_CODE"] : []), ...(passkeys > 0 ? ["PASSKEY"] : [])];
    // Only the hash is kept; the challenge proves the password step, once, for a few minutes.
    const issued = await em.transactional(async (tem) => {
      const t = await issueOneTimeToken(tem, user, OneTimeTokenPurpose.SIGN_IN_CHALLENGE, CHALLENGE_TTL_MS);
      await recordAudit(tem, this.deps.logger, AuditEvent.SECOND_FACTOR_CHALLENGED, { userId: user.id, meta });
      return t;
    });
    return {
      challenge: { challenge: issued.token, expiresAt: issued.row.expiresAt, methods },
    };
  }

  async completeSignIn(
    em: EntityManager,
    challenge: string,
    proof: FactorProof,
    meta: RequestMeta,
  ): Promise<AuthResult> {
    const row = await findOneTimeToken(em, sha256(challenge), OneTimeTokenPurpose.SIGN_IN_CHALLENGE);
    if (!row || row.usedAt || row.expiresAt <= new Date()) {
      throw new UnauthenticatedError("This sign-in has expired. Enter your email and password again.");
    }
    const user = row.user;
    if (user.disabledAt) throw new UnauthenticatedError("This account is disabled. Ask the household admin.");
    // Checked (and counted, audited) before the challenge is spent: a typo does not cost the password step.
    const factor = await this.proveSecondFactor(em, user.id, proof, meta);
    return em.transactional(async (tem) => {
      await consumeOneTimeToken(tem, challenge, OneTimeTokenPurpose.SIGN_IN_CHALLENGE);
      return this.deps.sessions.startSignedIn(tem, user, meta, { secondFactor: factor });
    });
  }

  /**
   * Proves a factor again for the caller's session and answers a new access token whose
   * `auth_time` is now. With an authenticator app set up, its code (or a recovery code) is the
   * proof; the password alone then is not enough.
   */
  async stepUp(em: EntityManager, identity: Identity, proof: FactorProof, meta: RequestMeta) {
    const user = await getUser(em, identity.userId, true);
    let factor: string;
    if (await this.deps.totp.isEnabled(em, user.id)) {
      factor = await this.proveSecondFactor(em, user.id, proof, meta);
    } else if ((await countPasskeys(em, user.id)) > 0) {
      // With a passkey the password is not enough to confirm it's you (finishPasskeyStepUp is).
      await recordAudit(em, this.deps.logger, AuditEvent.STEP_UP_FAILED, {
        userId: user.id,
        meta,
        details: { reason: "passkey expected" },
      });
      throw new BadUserInputError("Confirm with your passkey (beginPasskeyStepUp), not your password.", "passkey");
    } else {
      if (!proof.password) throw new BadUserInputError("Enter your password to continue.", "password");
      const limits = passwordAttemptLimits(await this.deps.systemSettings.all(em), user.email.toLowerCase(), meta.ip);
      await this.deps.limiter.check(em, limits);
      if (!user.passwordHash || !(await this.deps.hasher.compare(proof.password, user.passwordHash))) {
        await this.deps.limiter.hit(em, limits);
        await recordAudit(em, this.deps.logger, AuditEvent.STEP_UP_FAILED, { userId: user.id, meta });
        throw new BadUserInputError("The password is wrong.", "password");
      }
      factor = "PASSWORD";
    }
    return em.transactional(async (tem) => {
      const stepUpAt = new Date();
      const access = await this.deps.sessions.proven(tem, user, identity.sessionId, stepUpAt);
      await recordAudit(tem, this.deps.logger, AuditEvent.STEP_UP, { userId: user.id, meta, details: { factor } });
      return { accessToken: access.token, expiresAt: access.expiresAt, stepUpAt };
    });
  }

  /** For operations that need a fresh factor: refuses (and audits) with STEP_UP_REQUIRED. */
  async requireRecent(em: EntityManager, identity: Identity, operation: string, meta: RequestMeta): Promise<void> {
    try {
      requireRecentAuth(identity);
    } catch (err) {
      await recordAudit(em, this.deps.logger, AuditEvent.STEP_UP_REQUIRED, {
        userId: identity.userId,
        meta,
        details: { operation, authTime: identity.authTime?.toISOString() ?? null },
      });
      throw err;
    }
  }

  private async proveSecondFactor(em: EntityManager, userId: number, proof: FactorProof, meta: RequestMeta) {
    const user = await getUser(em, userId);
    if (proof.code) {
      await this.deps.totp.verify(em, user, proof.code, meta);
      return "TOTP";
    }
    if (proof.recoveryCode) {
      await this.deps.totp.useRecoveryCode(em, user, proof.recoveryCode, meta);
      return "RECOVERY_CODE";
    }
    throw new BadUserInputError("Enter the code from your authenticator app, or a recovery code.", "code");
  }
}
