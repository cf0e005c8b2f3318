import { randomUUID } from "node:crypto";
import {
  AppError,
  ErrorCode,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  type Logger,
} from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { AuthSettings } from "../config.js";
import { AuditEvent } from "../entities/audit-log.entity.js";
import { OneTimeTokenPurpose } from "../entities/one-time-token.entity.js";
import { Role, type User } from "../entities/user.entity.js";
import {
  findLiveSessionFamilies,
  findSessionOwnerId,
  insertSession,
  lockSessionByToken,
  ownsLiveSession,
  revokeSessions,
  setFamilyAuthTime,
  type SessionFilter,
} from "../repositories/session.repository.js";
import { findUserByEmail } from "../repositories/user.repository.js";
import { recordAudit, recordAudits, type AuditEntry, type RequestMeta } from "./audit.service.js";
import { sha256 } from "./crypto.js";
import { consumeOneTimeToken } from "./one-time-token.service.js";
import type { PasswordHasher } from "./password-hasher.js";
import { SessionDrafts } from "./session-draft.js";
import { passwordAttemptLimits, type Limit, type RateLimiter } from "./rate-limit.service.js";
import { notifyRevoked, type RevocationEntry, type RevocationHub } from "./revocations.js";
import type { SettingsService } from "./settings.service.js";
import type { Identity, TokenService } from "./token.service.js";

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

const WRONG_CREDENTIALS = "The email or password is wrong.";
const PASS_ENDED = "This guest pass has ended.";

export interface SessionServiceDeps {
  settings: AuthSettings;
  logger: Logger;
  hasher: PasswordHasher;
  tokens: TokenService;
  revocations: RevocationHub;
  limiter: RateLimiter;
  systemSettings: SettingsService;
  /** After a sign-in, in its transaction: remembers the browser and alerts when it is a new one. */
  onSignIn?: (em: EntityManager, user: User, meta: RequestMeta) => Promise<void>;
  /** Whether this person's sessions are limited to enrolling a second factor (the household's policy). */
  enrolmentOnly?: (em: EntityManager, user: User) => Promise<boolean>;
}

/** Sign-in, refresh-token rotation and the end of sessions; other services start and end sessions through it. */
export class SessionService {
  /** New sessions' rows and tokens, for this service and for callers that write a session their own way. */
  readonly drafts: SessionDrafts;

  constructor(private readonly deps: SessionServiceDeps) {
    this.drafts = new SessionDrafts({ ...deps, enrolmentOnly: (em, user) => this.enrolmentOnly(em, user) });
  }

  private get logger() {
    return this.deps.logger;
  }

  /** A session for someone who just proved who they are, with LOGIN_SUCCEEDED in the same transaction. */
  startAudited(em: EntityManager, user: User, meta: RequestMeta, details: Record<string, unknown> = {}) {
    return em.transactional((tem) => this.startSignedIn(tem, user, meta, details));
  }

  /**
   * `startAudited` inside the caller's transaction. `proven: false` starts a session whose sign-in
   * does not count as a step-up (a password alone, from someone who has a passkey). `alsoAudit`
   * rows (how the person proved it) are written with LOGIN_SUCCEEDED, in one statement.
   */
  async startSignedIn(
    em: EntityManager,
    user: User,
    meta: RequestMeta,
    details: Record<string, unknown> = {},
    proven = true,
    alsoAudit: AuditEntry[] = [],
  ) {
    const result = await this.start(em, user, meta, proven);
    await recordAudits(em, this.logger, [
      ...alsoAudit,
      { event: AuditEvent.LOGIN_SUCCEEDED, record: { userId: user.id, meta, details } },
    ]);
    await this.deps.onSignIn?.(em, user, meta);
    return result;
  }

  /**
   * The password step of signing in (SignInService decides what follows: a session, or a second
   * factor): rate limits, the same answer for unknown and wrong, the rehash.
   */
  async checkPassword(em: EntityManager, email: string, password: string, meta: RequestMeta): Promise<User> {
    const lookup = email.trim().toLowerCase().slice(0, 255);
    const limits = passwordAttemptLimits(await this.deps.systemSettings.all(em), lookup, meta.ip);
    await this.deps.limiter.check(em, limits);

    const user = await findUserByEmail(em, lookup, true);
    // The same bcrypt work whether or not the account exists (or has a password yet).
    const ok = user?.passwordHash
      ? await this.deps.hasher.compare(password, user.passwordHash, meta.gone)
      : await this.deps.hasher.compareWithDummy(password, meta.gone);
    if (!ok || !user?.passwordHash) {
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
    if (this.deps.hasher.needsRehash(user.passwordHash)) {
      // The cost was raised since this hash was made: upgrade it while we hold the password.
      user.passwordHash = await this.deps.hasher.hash(password);
    }
    // The account's failures are forgiven; the address's stay counted, as others may share it.
    for (const limit of limits) if (limit.growingDelay) await this.deps.limiter.clear(em, limit.key);
    return user;
  }

  async refresh(em: EntityManager, refreshToken: string, meta: RequestMeta): Promise<AuthResult> {
    const s = await this.deps.systemSettings.all(em);
    const windowSeconds = s["rateLimit.refresh.windowSeconds"];
    await this.deps.limiter.take(em, [
      { key: `refresh:ip:${meta.ip ?? "unknown"}`, max: s["rateLimit.refresh.maxPerIp"], windowSeconds },
    ]);

    const hash = sha256(refreshToken);
    // Per account too: a stolen refresh token replayed from many addresses still hits one account.
    const ownerId = await findSessionOwnerId(em, hash);
    if (ownerId !== undefined) {
      const accountLimit: Limit = {
        key: `refresh:account:${ownerId}`,
        max: s["rateLimit.refresh.maxPerAccount"],
        windowSeconds,
      };
      await this.deps.limiter.take(em, [accountLimit]);
    }
    const outcome = await em.transactional(async (tem) => {
      const row = await lockSessionByToken(tem, hash);
      if (!row) return { error: "The refresh token is not valid. Sign in again." } as const;
      // A guest is disabled when their pass closes: the app can say so rather than ask for a sign-in.
      if (row.user.role === Role.GUEST && row.user.disabledAt) return { error: PASS_ENDED, pass: true } as const;
      const now = new Date();
      if (row.revokedAt) return { error: "This session has ended. Sign in again." } as const;
      if (row.replacedBy != null) {
        const sinceRotation = now.getTime() - row.lastUsedAt.getTime();
        if (sinceRotation > this.deps.settings.refreshReuseGraceSeconds * 1000) {
          // A rotated token came back: it was copied. End the whole family, the thief's copy included.
          const entries = await this.revokeIn(tem, { familyId: row.familyId }, "refresh_reuse");
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
      // The family's proof time, not now: a refresh proves nothing, so it never extends a step-up.
      const result = await this.issue(tem, row.user, meta, row.familyId, row.absoluteExpiresAt, row.authTime);
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
    if ("entries" in outcome && outcome.entries) this.applyRevoked(outcome.entries);
    if ("pass" in outcome) throw new AppError(ErrorCode.PASS_ENDED, PASS_ENDED);
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
    if (!(await ownsLiveSession(em, identity.userId, sessionId))) throw new NotFoundError("No such session.");
    await this.revoke(
      em,
      { familyId: sessionId },
      "revoked_by_user",
      AuditEvent.SESSION_REVOKED,
      identity.userId,
      meta,
      { sessionId },
    );
    return true;
  }

  /** The "not you?" link of a security alert: every session of its person ends; the link works once. */
  async signOutEverywhereByLink(em: EntityManager, token: string, meta: RequestMeta): Promise<boolean> {
    const entries = await em.transactional(async (tem) => {
      const row = await consumeOneTimeToken(tem, token, OneTimeTokenPurpose.SIGN_OUT_EVERYWHERE);
      const revoked = await this.revokeIn(tem, { userId: row.user.id }, "signed_out_by_link");
      await recordAudit(tem, this.logger, AuditEvent.SIGNED_OUT_BY_LINK, { userId: row.user.id, meta });
      return revoked;
    });
    this.applyRevoked(entries);
    return true;
  }

  async list(em: EntityManager, identity: Identity): Promise<SessionView[]> {
    const rows = await findLiveSessionFamilies(em, identity.userId);
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

  /** A session family for a fresh sign-in, and its tokens; `until` (a guest pass's end) ends it sooner. */
  async start(em: EntityManager, user: User, meta: RequestMeta, proven = true, until?: Date): Promise<AuthResult> {
    const usual = new Date(Date.now() + this.deps.settings.refreshAbsoluteDays * 86_400_000);
    const absolute = until && until < usual ? until : usual;
    const authTime = proven ? new Date() : null;
    const { sessionRowId: _id, ...result } = await this.issue(em, user, meta, randomUUID(), absolute, authTime);
    return result;
  }

  /** A new access token for the caller's session after a factor was proven again (step-up). */
  async proven(em: EntityManager, user: User, familyId: string, at = new Date()) {
    // Only a signed-in session can step up: not an API token's access token, whose sid names no family.
    if ((await setFamilyAuthTime(em, familyId, at)) === 0) {
      throw new ForbiddenError("Only a signed-in session can confirm it's you; an API token cannot.");
    }
    return this.deps.tokens.signAccessToken(user, familyId, at, await this.enrolmentOnly(em, user));
  }

  private async enrolmentOnly(em: EntityManager, user: User): Promise<boolean> {
    return (await this.deps.enrolmentOnly?.(em, user)) ?? false;
  }

  /**
   * Ends sessions inside the caller's transaction and queues their NOTIFY; the caller passes the
   * returned entries to `applyRevoked` after commit (the NOTIFY reaches the other replicas).
   */
  async revokeIn(em: EntityManager, where: SessionFilter, reason: string): Promise<RevocationEntry[]> {
    const sids = await revokeSessions(em, where, reason);
    const now = new Date();
    const entries = sids.map((sid) => this.deps.revocations.entryFor(sid, now));
    await notifyRevoked(em, entries);
    return entries;
  }

  /** Refuses the revoked sessions' tokens on this replica at once, without waiting for its own NOTIFY. */
  applyRevoked(entries: RevocationEntry[]): void {
    this.deps.revocations.apply(entries);
  }

  private async issue(
    em: EntityManager,
    user: User,
    meta: RequestMeta,
    familyId: string,
    absoluteExpiresAt: Date,
    authTime?: Date | null,
  ): Promise<AuthResult & { sessionRowId: number }> {
    const draft = this.drafts.draft(user, meta, familyId, absoluteExpiresAt, authTime ?? null);
    const row = await insertSession(em, draft.row);
    return { ...(await this.drafts.sign(em, user, draft)), sessionRowId: row.id };
  }

  private async revoke(
    em: EntityManager,
    where: SessionFilter,
    reason: string,
    event: AuditEvent,
    userId: number,
    meta: RequestMeta,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const entries = await em.transactional(async (tem) => {
      const revoked = await this.revokeIn(tem, where, reason);
      await recordAudit(tem, this.logger, event, { userId, meta, details });
      return revoked;
    });
    this.applyRevoked(entries);
  }
}
