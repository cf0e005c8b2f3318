import { BadUserInputError, type Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { AuthSettings } from "../config.js";
import { AuditEvent } from "../entities/audit-log.entity.js";
import { OneTimeTokenPurpose } from "../entities/one-time-token.entity.js";
import { Role, type User } from "../entities/user.entity.js";
import { findUserByEmail, getUser, setPasswordHash } from "../repositories/user.repository.js";
import { recordAudit, type RequestMeta } from "./audit.service.js";
import { consumeOneTimeToken, issueOneTimeToken } from "./one-time-token.service.js";
import type { Outbox } from "./outbox.service.js";
import { consumeResetCode, newResetCode, resetCodeHash, wrongResetCode } from "./reset-code.js";
import { securityAlert, type SecurityChange } from "./security-alerts.js";
import type { KeyedHash } from "./crypto.js";
import type { PasswordHasher } from "./password-hasher.js";
import { passwordAttemptLimits, type Limit, type RateLimiter } from "./rate-limit.service.js";
import type { SessionService } from "./session.service.js";
import type { SettingsService } from "./settings.service.js";
import type { Identity } from "./token.service.js";
import { checkPasswordPolicy, normalizeEmail } from "./validation.js";

const RESET_TTL_MS = 30 * 60_000;
// requestPasswordReset never answers faster than this, so a missing account cannot be timed.
const RESET_RESPONSE_FLOOR_MS = 350;

export interface PasswordServiceDeps {
  settings: AuthSettings;
  logger: Logger;
  hasher: PasswordHasher;
  limiter: RateLimiter;
  systemSettings: SettingsService;
  outbox: Outbox;
  sessions: SessionService;
  /** Keyed hash of the 6-digit reset codes. */
  codes: KeyedHash;
}

/** Changing a password, and resetting a forgotten one by emailed link. */
export class PasswordService {
  constructor(private readonly deps: PasswordServiceDeps) {}

  private get logger() {
    return this.deps.logger;
  }

  async changePassword(
    em: EntityManager,
    identity: Identity,
    current: string,
    next: string,
    meta: RequestMeta,
  ): Promise<boolean> {
    const user = await getUser(em, identity.userId, true);
    const limits = passwordAttemptLimits(await this.deps.systemSettings.all(em), user.email.toLowerCase(), meta.ip);
    await this.deps.limiter.check(em, limits);
    if (!user.passwordHash || !(await this.deps.hasher.compare(current, user.passwordHash))) {
      await this.deps.limiter.hit(em, limits);
      throw new BadUserInputError("The current password is wrong.", "currentPassword");
    }
    checkPasswordPolicy(next, "newPassword");
    const hash = await this.deps.hasher.hash(next);
    const entries = await em.transactional(async (tem) => {
      await setPasswordHash(tem, user.id, hash);
      // Every other device must prove the new password; this one stays signed in.
      const revoked = await this.deps.sessions.revokeIn(
        tem,
        { userId: user.id, exceptFamilyId: identity.sessionId },
        "password_changed",
      );
      await recordAudit(tem, this.logger, AuditEvent.PASSWORD_CHANGED, { userId: user.id, meta });
      await this.securityNotice(tem, user, "PASSWORD_CHANGED", meta);
      return revoked;
    });
    this.deps.sessions.applyRevoked(entries);
    return true;
  }

  /** The same answer, after about the same time, whether or not the account exists. */
  async requestPasswordReset(em: EntityManager, email: string, meta: RequestMeta): Promise<boolean> {
    const started = Date.now();
    try {
      const address = normalizeEmail(email);
      const lookup = address.toLowerCase();
      const s = await this.deps.systemSettings.all(em);
      const window = s["rateLimit.passwordReset.windowSeconds"];
      const limits: Limit[] = [
        { key: `reset:account:${lookup}`, max: s["rateLimit.passwordReset.maxPerAccount"], windowSeconds: window },
        { key: `reset:ip:${meta.ip ?? "unknown"}`, max: s["rateLimit.passwordReset.maxPerIp"], windowSeconds: window },
      ];
      await this.deps.limiter.take(em, limits);
      const user = await findUserByEmail(em, lookup, false);
      await em.transactional(async (tem) => {
        // Guests get no mail (their address is a placeholder) and have no password to reset.
        if (user && !user.disabledAt && user.role !== Role.GUEST) {
          const code = newResetCode();
          const { token, row } = await issueOneTimeToken(
            tem,
            user,
            OneTimeTokenPurpose.PASSWORD_RESET,
            RESET_TTL_MS,
            resetCodeHash(this.deps.codes, user.id, code),
          );
          await this.deps.outbox.enqueue(tem, {
            idempotencyKey: `auth.password-reset:${row.id}`,
            template: "password-reset",
            to: user.email,
            userId: user.id,
            variables: { displayName: user.displayName, expiresIn: `${RESET_TTL_MS / 60_000} minutes` },
            secretVariables: {
              resetUrl: `${this.deps.settings.publicUrl}/reset-password?token=${token}`,
              resetCode: code,
            },
          });
        }
        await recordAudit(tem, this.logger, AuditEvent.PASSWORD_RESET_REQUESTED, {
          userId: user?.id,
          meta,
          details: user ? {} : { unknownEmail: lookup },
        });
      });
      return true;
    } finally {
      const remaining = RESET_RESPONSE_FLOOR_MS - (Date.now() - started);
      if (remaining > 0) await new Promise((r) => setTimeout(r, remaining));
    }
  }

  async resetPassword(em: EntityManager, token: string, newPassword: string, meta: RequestMeta): Promise<boolean> {
    checkPasswordPolicy(newPassword, "newPassword");
    const hash = await this.deps.hasher.hash(newPassword);
    const entries = await em.transactional(async (tem) => {
      const row = await consumeOneTimeToken(tem, token, OneTimeTokenPurpose.PASSWORD_RESET);
      const user = row.user;
      await setPasswordHash(tem, user.id, hash, user.emailVerifiedAt ?? new Date());
      const revoked = await this.deps.sessions.revokeIn(tem, { userId: user.id }, "password_reset");
      await recordAudit(tem, this.logger, AuditEvent.PASSWORD_RESET, { userId: user.id, meta });
      await this.securityNotice(tem, user, "PASSWORD_RESET", meta);
      return revoked;
    });
    this.deps.sessions.applyRevoked(entries);
    return true;
  }

  /**
   * The mailed code instead of the link (a mail scanner may have opened, and so spent, the link).
   * An unknown address, a disabled account, no live reset and a wrong code get the same answer.
   */
  async resetPasswordWithCode(
    em: EntityManager,
    email: string,
    code: string,
    newPassword: string,
    meta: RequestMeta,
  ): Promise<boolean> {
    checkPasswordPolicy(newPassword, "newPassword");
    const lookup = email.trim().toLowerCase().slice(0, 255);
    const s = await this.deps.systemSettings.all(em);
    const limits = passwordAttemptLimits(s, `reset-code:${lookup}`, meta.ip);
    await this.deps.limiter.check(em, limits);
    const user = await findUserByEmail(em, lookup, false);
    const row =
      user && !user.disabledAt ? await consumeResetCode(em, this.deps.codes, user.id, code.trim()) : undefined;
    if (!row) {
      await this.deps.limiter.hit(em, limits);
      await recordAudit(em, this.logger, AuditEvent.PASSWORD_RESET_CODE_FAILED, {
        userId: user?.id,
        meta,
        details: user ? {} : { unknownEmail: lookup },
      });
      throw wrongResetCode();
    }
    const hash = await this.deps.hasher.hash(newPassword);
    const entries = await em.transactional(async (tem) => {
      const target = row.user;
      await setPasswordHash(tem, target.id, hash, target.emailVerifiedAt ?? new Date());
      const revoked = await this.deps.sessions.revokeIn(tem, { userId: target.id }, "password_reset");
      await recordAudit(tem, this.logger, AuditEvent.PASSWORD_RESET, {
        userId: target.id,
        meta,
        details: { by: "code" },
      });
      await this.securityNotice(tem, target, "PASSWORD_RESET", meta);
      return revoked;
    });
    this.deps.sessions.applyRevoked(entries);
    return true;
  }

  private securityNotice(em: EntityManager, user: User, change: SecurityChange, meta: RequestMeta): Promise<void> {
    // A reset already ended every session; a change ended the others: the link would end this one.
    return securityAlert(
      em,
      { outbox: this.deps.outbox, publicUrl: this.deps.settings.publicUrl },
      user,
      change,
      meta,
      false,
    );
  }
}
