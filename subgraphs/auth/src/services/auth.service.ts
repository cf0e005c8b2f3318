import { randomUUID } from "node:crypto";
import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  type Logger,
} from "@homegraph/common";
import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { AuthSettings } from "../config.js";
import { AuditEvent } from "../entities/audit-log.entity.js";
import { OneTimeToken, OneTimeTokenPurpose } from "../entities/one-time-token.entity.js";
import { Role, User } from "../entities/user.entity.js";
import { UserSession } from "../entities/user-session.entity.js";
import { recordAudit, type RequestMeta } from "./audit.service.js";
import { randomToken, sha256 } from "./crypto.js";
import type { Outbox } from "./outbox.service.js";
import type { PasswordHasher } from "./password-hasher.js";
import type { Limit, RateLimiter } from "./rate-limit.service.js";
import { notifyRevoked, type RevocationEntry, type RevocationHub } from "./revocations.js";
import type { SettingsService, SettingValues } from "./settings.service.js";
import type { Identity, TokenService } from "./token.service.js";
import { checkPasswordPolicy, normalizeDisplayName, normalizeEmail } from "./validation.js";

export interface AuthResult {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  refreshTokenExpiresAt: Date;
  user: User;
}

export interface SessionView {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  userAgent?: string | null;
  ip?: string | null;
  current: boolean;
}

const RESET_TTL_MS = 30 * 60_000;
const INVITE_TTL_MS = 7 * 86_400_000;
/** The `event` line of the email service's security-notice template, per change. */
const SECURITY_EVENTS: Record<string, string> = {
  PASSWORD_CHANGED: "Your password was changed",
  PASSWORD_RESET: "Your password was reset",
};
// requestPasswordReset never answers faster than this, so a missing account cannot be timed.
const RESET_RESPONSE_FLOOR_MS = 350;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WRONG_CREDENTIALS = "The email or password is wrong.";

export interface AuthServiceDeps {
  settings: AuthSettings;
  logger: Logger;
  hasher: PasswordHasher;
  tokens: TokenService;
  revocations: RevocationHub;
  limiter: RateLimiter;
  systemSettings: SettingsService;
  outbox: Outbox;
}

/** Sign-in, sessions, passwords, invitations and the admin's user operations. */
export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {}

  private get logger() {
    return this.deps.logger;
  }

  // ---- sign-in and sessions -------------------------------------------------------------------

  async login(em: EntityManager, email: string, password: string, meta: RequestMeta): Promise<AuthResult> {
    const lookup = email.trim().toLowerCase().slice(0, 255);
    const s = await this.deps.systemSettings.all(em);
    const limits = this.loginLimits(s, lookup, meta);
    const delay = { afterFailures: s["rateLimit.delay.afterFailures"], maxSeconds: s["rateLimit.delay.maxSeconds"] };
    await this.deps.limiter.check(em, limits, delay);

    const user = await this.findByEmail(em, lookup, true);
    // The same bcrypt work whether or not the account exists (or has a password yet).
    const ok = user?.passwordHash
      ? await this.deps.hasher.compare(password, user.passwordHash)
      : await this.deps.hasher.compareWithDummy(password);
    if (!ok || !user) {
      await this.deps.limiter.hit(em, limits);
      await recordAudit(em, this.logger, AuditEvent.LOGIN_FAILED, {
        userId: user?.id,
        meta,
        details: { reason: user ? "wrong_password" : "unknown_email", email: lookup },
      });
      throw new UnauthenticatedError(WRONG_CREDENTIALS);
    }
    if (user.disabledAt) {
      await recordAudit(em, this.logger, AuditEvent.LOGIN_FAILED, {
        userId: user.id,
        meta,
        details: { reason: "disabled" },
      });
      throw new ForbiddenError("This account is disabled. Ask the household admin.");
    }
    if (this.deps.hasher.needsRehash(user.passwordHash!)) {
      // The cost was raised since this hash was made: upgrade it while we hold the password.
      user.passwordHash = await this.deps.hasher.hash(password);
    }
    await this.deps.limiter.clear(em, limits[0]!.key);
    return em.transactional(async (tem) => {
      const result = await this.startSession(tem, user, meta);
      await recordAudit(tem, this.logger, AuditEvent.LOGIN_SUCCEEDED, { userId: user.id, meta });
      return result;
    });
  }

  async refresh(em: EntityManager, refreshToken: string, meta: RequestMeta): Promise<AuthResult> {
    const s = await this.deps.systemSettings.all(em);
    const ipLimit: Limit = {
      key: `refresh:ip:${meta.ip ?? "unknown"}`,
      max: s["rateLimit.refresh.maxPerIp"],
      windowSeconds: s["rateLimit.refresh.windowSeconds"],
    };
    await this.deps.limiter.check(em, [ipLimit]);
    await this.deps.limiter.hit(em, [ipLimit]);

    const hash = sha256(refreshToken);
    // Per account too: a stolen refresh token replayed from many addresses still hits one account.
    const [owner] = (await em.execute(`select user_id from auth.user_sessions where token = ?`, [hash])) as {
      user_id: number;
    }[];
    if (owner) {
      const accountLimit: Limit = {
        key: `refresh:account:${owner.user_id}`,
        max: s["rateLimit.refresh.maxPerAccount"],
        windowSeconds: s["rateLimit.refresh.windowSeconds"],
      };
      await this.deps.limiter.check(em, [accountLimit]);
      await this.deps.limiter.hit(em, [accountLimit]);
    }
    const outcome = await em.transactional(async (tem) => {
      const row = await tem.findOne(
        UserSession,
        { token: hash },
        { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ["user"] },
      );
      if (!row) return { error: "The refresh token is not valid. Sign in again." } as const;
      const now = new Date();
      if (row.revokedAt) return { error: "This session has ended. Sign in again." } as const;
      if (row.replacedBy != null) {
        const sinceRotation = now.getTime() - row.lastUsedAt.getTime();
        if (sinceRotation > this.deps.settings.refreshReuseGraceSeconds * 1000) {
          // A rotated token came back: it was copied. End the whole family, the thief's copy included.
          const entries = await this.revokeWhere(tem, { familyId: row.familyId }, "refresh_reuse");
          await recordAudit(tem, this.logger, AuditEvent.REFRESH_REUSE_DETECTED, {
            userId: row.user.id,
            meta,
            details: { sessionId: row.familyId },
          });
          return { error: "This session has ended. Sign in again.", entries } as const;
        }
        // Two tabs refreshing at once: the late one gets a sibling token in the same family.
      }
      if (row.expiresAt <= now || row.absoluteExpiresAt <= now) {
        return { error: "This session has expired. Sign in again." } as const;
      }
      if (row.user.disabledAt) return { error: "This account is disabled." } as const;
      const result = await this.issue(tem, row.user, meta, row.familyId, row.absoluteExpiresAt);
      if (row.replacedBy == null) {
        row.replacedBy = result.sessionRowId;
        row.lastUsedAt = now;
      }
      await recordAudit(tem, this.logger, AuditEvent.TOKEN_REFRESHED, {
        userId: row.user.id,
        meta,
        details: { sessionId: row.familyId },
      });
      return { result } as const;
    });
    if ("entries" in outcome && outcome.entries) this.deps.revocations.apply(outcome.entries);
    if ("error" in outcome) throw new UnauthenticatedError(outcome.error);
    return outcome.result;
  }

  async logout(em: EntityManager, identity: Identity, meta: RequestMeta): Promise<boolean> {
    await this.revoke(em, { familyId: identity.sessionId }, "logout", AuditEvent.LOGOUT, identity.userId, meta);
    return true;
  }

  async logoutEverywhere(em: EntityManager, identity: Identity, meta: RequestMeta): Promise<boolean> {
    await this.revoke(
      em,
      { userId: identity.userId },
      "logout_everywhere",
      AuditEvent.LOGOUT_EVERYWHERE,
      identity.userId,
      meta,
    );
    return true;
  }

  async revokeSession(em: EntityManager, identity: Identity, sessionId: string, meta: RequestMeta): Promise<boolean> {
    // Someone else's session is "not found": its existence is none of the caller's business.
    const owned =
      UUID.test(sessionId) &&
      (await em.count(UserSession, { familyId: sessionId, user: identity.userId, revokedAt: null }));
    if (!owned) throw new NotFoundError("No such session.");
    await this.revoke(
      em,
      { familyId: sessionId },
      "revoked_by_user",
      AuditEvent.SESSION_REVOKED,
      identity.userId,
      meta,
      {
        sessionId,
      },
    );
    return true;
  }

  async sessions(em: EntityManager, identity: Identity): Promise<SessionView[]> {
    const rows = (await em.execute(
      `select family_id::text as id, min(created_at) as created_at, max(last_used_at) as last_used_at,
              max(expires_at) as expires_at,
              (array_agg(user_agent order by id desc))[1] as user_agent, (array_agg(ip order by id desc))[1] as ip
         from auth.user_sessions
        where user_id = ? and revoked_at is null and absolute_expires_at > now()
        group by family_id
       having max(expires_at) > now()
        order by max(last_used_at) desc`,
      [identity.userId],
    )) as {
      id: string;
      created_at: Date;
      last_used_at: Date;
      expires_at: Date;
      user_agent: string | null;
      ip: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      createdAt: new Date(r.created_at),
      lastUsedAt: new Date(r.last_used_at),
      expiresAt: new Date(r.expires_at),
      userAgent: r.user_agent,
      ip: r.ip,
      current: r.id === identity.sessionId,
    }));
  }

  // ---- passwords ------------------------------------------------------------------------------

  async changePassword(
    em: EntityManager,
    identity: Identity,
    current: string,
    next: string,
    meta: RequestMeta,
  ): Promise<boolean> {
    const user = await em.findOneOrFail(User, identity.userId, { populate: ["passwordHash"] });
    // A stolen access token must not become a way to guess the password: same limits as sign-in.
    const s = await this.deps.systemSettings.all(em);
    const limits = this.loginLimits(s, user.email.toLowerCase(), meta);
    const delay = { afterFailures: s["rateLimit.delay.afterFailures"], maxSeconds: s["rateLimit.delay.maxSeconds"] };
    await this.deps.limiter.check(em, limits, delay);
    if (!user.passwordHash || !(await this.deps.hasher.compare(current, user.passwordHash))) {
      await this.deps.limiter.hit(em, limits);
      throw new BadUserInputError("The current password is wrong.", "currentPassword");
    }
    checkPasswordPolicy(next, "newPassword");
    const hash = await this.deps.hasher.hash(next);
    const entries = await em.transactional(async (tem) => {
      await tem.nativeUpdate(User, { id: user.id }, { passwordHash: hash, updatedAt: new Date() });
      // Every other device must prove the new password; this one stays signed in.
      const revoked = await this.revokeWhere(
        tem,
        { userId: user.id, exceptFamilyId: identity.sessionId },
        "password_changed",
      );
      await recordAudit(tem, this.logger, AuditEvent.PASSWORD_CHANGED, { userId: user.id, meta });
      await this.securityNotice(tem, user, "PASSWORD_CHANGED", meta);
      return revoked;
    });
    this.deps.revocations.apply(entries);
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
      await this.deps.limiter.check(em, limits);
      await this.deps.limiter.hit(em, limits);
      const user = await this.findByEmail(em, lookup, false);
      const token = randomToken();
      await em.transactional(async (tem) => {
        if (user && !user.disabledAt) {
          const row = tem.create(OneTimeToken, {
            tokenHash: sha256(token),
            user,
            purpose: OneTimeTokenPurpose.PASSWORD_RESET,
            expiresAt: new Date(Date.now() + RESET_TTL_MS),
            createdAt: new Date(),
          });
          await tem.flush();
          await this.deps.outbox.enqueue(tem, {
            idempotencyKey: `auth.password-reset:${row.id}`,
            template: "password-reset",
            to: user.email,
            userId: user.id,
            variables: { displayName: user.displayName, expiresIn: `${RESET_TTL_MS / 60_000} minutes` },
            secretVariables: { resetUrl: `${this.deps.settings.publicUrl}/reset-password?token=${token}` },
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
      const row = await this.consume(tem, token, OneTimeTokenPurpose.PASSWORD_RESET);
      const user = row.user;
      await tem.nativeUpdate(
        User,
        { id: user.id },
        { passwordHash: hash, emailVerifiedAt: user.emailVerifiedAt ?? new Date(), updatedAt: new Date() },
      );
      const revoked = await this.revokeWhere(tem, { userId: user.id }, "password_reset");
      await recordAudit(tem, this.logger, AuditEvent.PASSWORD_RESET, { userId: user.id, meta });
      await this.securityNotice(tem, user, "PASSWORD_RESET", meta);
      return revoked;
    });
    this.deps.revocations.apply(entries);
    return true;
  }

  async acceptInvite(em: EntityManager, token: string, password: string, meta: RequestMeta): Promise<AuthResult> {
    checkPasswordPolicy(password, "password");
    const hash = await this.deps.hasher.hash(password);
    return em.transactional(async (tem) => {
      const row = await this.consume(tem, token, OneTimeTokenPurpose.INVITE);
      const user = row.user;
      if (user.disabledAt) throw new ForbiddenError("This account is disabled. Ask the household admin.");
      user.passwordHash = hash;
      user.emailVerifiedAt ??= new Date();
      await recordAudit(tem, this.logger, AuditEvent.INVITE_ACCEPTED, { userId: user.id, meta });
      const result = await this.startSession(tem, user, meta);
      await recordAudit(tem, this.logger, AuditEvent.LOGIN_SUCCEEDED, {
        userId: user.id,
        meta,
        details: { via: "invite" },
      });
      return result;
    });
  }

  async signUp(
    em: EntityManager,
    input: { email: string; password: string; displayName: string },
    meta: RequestMeta,
  ): Promise<AuthResult> {
    const s = await this.deps.systemSettings.all(em);
    if (!s["signUp.enabled"]) {
      throw new ForbiddenError("Self sign-up is turned off. Ask the household admin for an invitation.");
    }
    const email = normalizeEmail(input.email);
    const displayName = normalizeDisplayName(input.displayName);
    checkPasswordPolicy(input.password, "password");
    if (await this.findByEmail(em, email.toLowerCase(), false)) {
      throw new ConflictError("An account with this email address already exists.");
    }
    const hash = await this.deps.hasher.hash(input.password);
    return em.transactional(async (tem) => {
      const user = tem.create(User, { email, displayName, role: Role.MEMBER, passwordHash: hash });
      await tem.flush();
      await recordAudit(tem, this.logger, AuditEvent.USER_SIGNED_UP, { userId: user.id, meta });
      return this.startSession(tem, user, meta);
    });
  }

  // ---- the admin's operations -----------------------------------------------------------------

  async inviteUser(
    em: EntityManager,
    actor: Identity,
    input: { email: string; role: Role; displayName?: string | null },
    meta: RequestMeta,
  ): Promise<User> {
    const email = normalizeEmail(input.email);
    const displayName = normalizeDisplayName(input.displayName ?? email.split("@")[0]!);
    if (await this.findByEmail(em, email.toLowerCase(), false)) {
      throw new ConflictError("An account with this email address already exists.");
    }
    const token = randomToken();
    return em.transactional(async (tem) => {
      const user = tem.create(User, { email, displayName, role: input.role });
      const invite = tem.create(OneTimeToken, {
        tokenHash: sha256(token),
        user,
        purpose: OneTimeTokenPurpose.INVITE,
        expiresAt: new Date(Date.now() + INVITE_TTL_MS),
        createdAt: new Date(),
      });
      await tem.flush();
      const inviter = await tem.findOne(User, actor.userId);
      await this.deps.outbox.enqueue(tem, {
        idempotencyKey: `auth.welcome:${invite.id}`,
        template: "welcome",
        to: email,
        userId: user.id,
        variables: {
          displayName,
          invitedBy: inviter?.displayName ?? null,
          role: input.role,
          expiresAt: invite.expiresAt.toISOString(),
          expiresIn: `${INVITE_TTL_MS / 86_400_000} days`,
        },
        secretVariables: { setPasswordUrl: `${this.deps.settings.publicUrl}/accept-invite?token=${token}` },
      });
      await recordAudit(tem, this.logger, AuditEvent.USER_INVITED, {
        userId: user.id,
        actorId: actor.userId,
        meta,
        details: { role: input.role },
      });
      return user;
    });
  }

  async setUserRole(em: EntityManager, actor: Identity, userId: number, role: Role, meta: RequestMeta): Promise<User> {
    const { user, entries } = await em.transactional(async (tem) => {
      const user = await this.lockUser(tem, userId);
      const from = user.role;
      if (from === role) return { user, entries: [] };
      if (from === Role.ADMIN && (await tem.count(User, { role: Role.ADMIN, disabledAt: null })) <= 1) {
        throw new ConflictError("This is the last admin: make someone else an admin first.");
      }
      user.role = role;
      await recordAudit(tem, this.logger, AuditEvent.ROLE_CHANGED, {
        userId,
        actorId: actor.userId,
        meta,
        details: { from, to: role },
      });
      // A demoted admin's live tokens still say ADMIN: end them now rather than in 15 minutes.
      const entries = role === Role.MEMBER ? await this.revokeWhere(tem, { userId }, "role_changed") : [];
      return { user, entries };
    });
    this.deps.revocations.apply(entries);
    return user;
  }

  async setUserDisabled(
    em: EntityManager,
    actor: Identity,
    userId: number,
    disabled: boolean,
    meta: RequestMeta,
  ): Promise<User> {
    if (disabled && userId === actor.userId) throw new BadUserInputError("You cannot disable your own account.", "id");
    const { user, entries } = await em.transactional(async (tem) => {
      const user = await this.lockUser(tem, userId);
      if (Boolean(user.disabledAt) === disabled) return { user, entries: [] };
      user.disabledAt = disabled ? new Date() : null;
      await recordAudit(tem, this.logger, disabled ? AuditEvent.USER_DISABLED : AuditEvent.USER_ENABLED, {
        userId,
        actorId: actor.userId,
        meta,
      });
      const entries = disabled ? await this.revokeWhere(tem, { userId }, "user_disabled") : [];
      return { user, entries };
    });
    this.deps.revocations.apply(entries);
    return user;
  }

  async updateProfile(
    em: EntityManager,
    identity: Identity,
    input: { displayName?: string | null },
    meta: RequestMeta,
  ): Promise<User> {
    const user = await em.findOneOrFail(User, identity.userId);
    const changed: string[] = [];
    if (input.displayName != null) {
      user.displayName = normalizeDisplayName(input.displayName);
      changed.push("displayName");
    }
    await em.transactional(async (tem) => {
      tem.persist(user);
      await recordAudit(tem, this.logger, AuditEvent.PROFILE_UPDATED, { userId: user.id, meta, details: { changed } });
    });
    return user;
  }

  // ---- helpers --------------------------------------------------------------------------------

  async findByEmail(em: EntityManager, lowerEmail: string, withPassword: boolean): Promise<User | null> {
    const rows = (await em.execute(`select id from auth.users where lower(email) = ?`, [lowerEmail])) as {
      id: number;
    }[];
    if (!rows[0]) return null;
    return em.findOne(User, rows[0].id, withPassword ? { populate: ["passwordHash"] } : {});
  }

  /** Creates a session family for a fresh sign-in and returns its tokens. */
  private async startSession(em: EntityManager, user: User, meta: RequestMeta): Promise<AuthResult> {
    const absolute = new Date(Date.now() + this.deps.settings.refreshAbsoluteDays * 86_400_000);
    const { sessionRowId: _id, ...result } = await this.issue(em, user, meta, randomUUID(), absolute);
    return result;
  }

  private async issue(
    em: EntityManager,
    user: User,
    meta: RequestMeta,
    familyId: string,
    absoluteExpiresAt: Date,
  ): Promise<AuthResult & { sessionRowId: number }> {
    const refreshToken = randomToken();
    const idle = new Date(Date.now() + this.deps.settings.refreshIdleDays * 86_400_000);
    const expiresAt = idle < absoluteExpiresAt ? idle : absoluteExpiresAt;
    const row = em.create(UserSession, {
      user,
      token: sha256(refreshToken),
      familyId,
      expiresAt,
      absoluteExpiresAt,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
      ip: meta.ip?.slice(0, 64) ?? null,
      createdAt: new Date(),
      lastUsedAt: new Date(),
    });
    await em.flush();
    const access = await this.deps.tokens.signAccessToken(user, familyId);
    return {
      accessToken: access.token,
      refreshToken,
      expiresAt: access.expiresAt,
      refreshTokenExpiresAt: expiresAt,
      user,
      sessionRowId: row.id,
    };
  }

  /** Marks a one-time token used (exactly once, even under concurrency) and returns it with its user. */
  private async consume(em: EntityManager, token: string, purpose: OneTimeTokenPurpose): Promise<OneTimeToken> {
    const what = purpose === OneTimeTokenPurpose.INVITE ? "invitation" : "reset";
    const row = await em.findOne(
      OneTimeToken,
      { tokenHash: sha256(token), purpose },
      { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ["user"] },
    );
    if (!row || row.usedAt || row.expiresAt <= new Date()) {
      throw new BadUserInputError(`This ${what} link is not valid or has expired. Ask for a new one.`, "token");
    }
    row.usedAt = new Date();
    // Any other link of the same kind for this person dies with it.
    await em.nativeUpdate(
      OneTimeToken,
      { user: row.user.id, purpose, usedAt: null, id: { $ne: row.id } },
      { usedAt: new Date() },
    );
    return row;
  }

  private async lockUser(em: EntityManager, userId: number): Promise<User> {
    const user = Number.isSafeInteger(userId)
      ? await em.findOne(User, userId, { lockMode: LockMode.PESSIMISTIC_WRITE })
      : null;
    if (!user) throw new NotFoundError("No such user.");
    return user;
  }

  private loginLimits(s: SettingValues, lookup: string, meta: RequestMeta): Limit[] {
    const windowSeconds = s["rateLimit.login.windowSeconds"];
    return [
      {
        key: `login:account:${lookup}`,
        max: s["rateLimit.login.maxFailuresPerAccount"],
        windowSeconds,
        growingDelay: true,
      },
      { key: `login:ip:${meta.ip ?? "unknown"}`, max: s["rateLimit.login.maxFailuresPerIp"], windowSeconds },
    ];
  }

  private async revoke(
    em: EntityManager,
    where: { familyId?: string; userId?: number },
    reason: string,
    event: AuditEvent,
    userId: number,
    meta: RequestMeta,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const entries = await em.transactional(async (tem) => {
      const revoked = await this.revokeWhere(tem, where, reason);
      await recordAudit(tem, this.logger, event, { userId, meta, details });
      return revoked;
    });
    this.deps.revocations.apply(entries);
  }

  /**
   * Ends sessions inside the caller's transaction and queues their NOTIFY; the caller applies the
   * returned entries locally after commit (the NOTIFY reaches the other replicas).
   */
  private async revokeWhere(
    em: EntityManager,
    where: { familyId?: string; userId?: number; exceptFamilyId?: string },
    reason: string,
  ): Promise<RevocationEntry[]> {
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
    if (where.exceptFamilyId && UUID.test(where.exceptFamilyId)) {
      clauses.push("family_id <> ?");
      params.push(where.exceptFamilyId);
    }
    const rows = (await em.execute(
      `update auth.user_sessions set revoked_at = now(), revoked_reason = ?
        where ${clauses.join(" and ")}
        returning family_id::text as sid`,
      params,
    )) as { sid: string }[];
    const now = new Date();
    const entries = [...new Set(rows.map((r) => r.sid))].map((sid) => this.deps.revocations.entryFor(sid, now));
    await notifyRevoked(em, entries);
    return entries;
  }

  private async securityNotice(em: EntityManager, user: User, change: string, meta: RequestMeta): Promise<void> {
    await this.deps.outbox.enqueue(em, {
      idempotencyKey: `auth.security-notice:${change}:${user.id}:${randomUUID()}`,
      template: "security-notice",
      to: user.email,
      userId: user.id,
      variables: {
        displayName: user.displayName,
        change,
        event: SECURITY_EVENTS[change] ?? "Your account changed",
        when: new Date().toUTCString(),
        device: meta.userAgent ? `${meta.userAgent}${meta.ip ? ` (${meta.ip})` : ""}` : (meta.ip ?? null),
        at: new Date().toISOString(),
        ip: meta.ip ?? null,
      },
    });
  }
}
