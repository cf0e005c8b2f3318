import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  roleRank,
  type Logger,
} from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { AuthSettings } from "../config.js";
import { AuditEvent } from "../entities/audit-log.entity.js";
import { OneTimeTokenPurpose } from "../entities/one-time-token.entity.js";
import { Role, User } from "../entities/user.entity.js";
import { countActiveAdmins, findUser, findUserByEmail, getUser, lockUser } from "../repositories/user.repository.js";
import { recordAudit, type RequestMeta } from "./audit.service.js";
import { consumeOneTimeToken, issueOneTimeToken } from "./one-time-token.service.js";
import type { Outbox } from "./outbox.service.js";
import type { RevocationEntry } from "./revocations.js";
import type { PasswordHasher } from "./password-hasher.js";
import type { AuthResult, SessionService } from "./session.service.js";
import type { SettingsService } from "./settings.service.js";
import type { Identity } from "./token.service.js";
import { checkPasswordPolicy, normalizeDisplayName, normalizeEmail } from "./validation.js";

const INVITE_TTL_MS = 7 * 86_400_000;

export interface AccountServiceDeps {
  settings: AuthSettings;
  logger: Logger;
  hasher: PasswordHasher;
  systemSettings: SettingsService;
  outbox: Outbox;
  sessions: SessionService;
}

/** Accounts: self sign-up, invitations and their acceptance, roles, disabling, and a person's own profile. */
export class AccountService {
  constructor(private readonly deps: AccountServiceDeps) {}

  private get logger() {
    return this.deps.logger;
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
    await this.refuseTakenEmail(em, email);
    const hash = await this.deps.hasher.hash(input.password);
    return em.transactional(async (tem) => {
      const user = tem.create(User, { email, displayName, role: Role.MEMBER, passwordHash: hash });
      await tem.flush();
      await recordAudit(tem, this.logger, AuditEvent.USER_SIGNED_UP, { userId: user.id, meta });
      return this.deps.sessions.start(tem, user, meta);
    });
  }

  async acceptInvite(em: EntityManager, token: string, password: string, meta: RequestMeta): Promise<AuthResult> {
    checkPasswordPolicy(password, "password");
    const hash = await this.deps.hasher.hash(password);
    return em.transactional(async (tem) => {
      const row = await consumeOneTimeToken(tem, token, OneTimeTokenPurpose.INVITE);
      const user = row.user;
      if (user.disabledAt) throw new ForbiddenError("This account is disabled. Ask the household admin.");
      user.passwordHash = hash;
      user.emailVerifiedAt ??= new Date();
      await recordAudit(tem, this.logger, AuditEvent.INVITE_ACCEPTED, { userId: user.id, meta });
      await this.deps.outbox.activity(tem, {
        kind: "INVITATION",
        actorUserId: user.id,
        summary: `${user.displayName} accepted their invitation`,
        dedupeKey: `auth:invite-accepted:${row.id}`,
      });
      const result = await this.deps.sessions.start(tem, user, meta);
      await recordAudit(tem, this.logger, AuditEvent.LOGIN_SUCCEEDED, {
        userId: user.id,
        meta,
        details: { via: "invite" },
      });
      return result;
    });
  }

  async inviteUser(
    em: EntityManager,
    actor: Identity,
    input: { email: string; role: Role; displayName?: string | null },
    meta: RequestMeta,
  ): Promise<User> {
    if (input.role === Role.GUEST) throw new BadUserInputError("Guests are let in with a guest pass.", "role");
    const email = normalizeEmail(input.email);
    const displayName = normalizeDisplayName(input.displayName ?? email.split("@")[0] ?? email);
    await this.refuseTakenEmail(em, email);
    return em.transactional(async (tem) => {
      const user = tem.create(User, { email, displayName, role: input.role });
      const { token, row: invite } = await issueOneTimeToken(tem, user, OneTimeTokenPurpose.INVITE, INVITE_TTL_MS);
      const inviter = await findUser(tem, actor.userId);
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
      await this.deps.outbox.activity(tem, {
        kind: "INVITATION",
        actorUserId: actor.userId,
        subjectUserId: user.id,
        summary: `${inviter?.displayName ?? "An admin"} invited ${displayName} (${input.role.toLowerCase()})`,
        dedupeKey: `auth:invited:${invite.id}`,
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
    return this.changeUser(em, userId, async (tem, user) => {
      const from = user.role;
      // A guest exists for one pass: no password, no address; nobody becomes one any other way.
      if (from === Role.GUEST || role === Role.GUEST) {
        throw new BadUserInputError("A guest's role comes from their guest pass and cannot be changed.", "role");
      }
      if (from === role) return [];
      if (from === Role.ADMIN && (await countActiveAdmins(tem)) <= 1) {
        throw new ConflictError("This is the last admin: make someone else an admin first.");
      }
      user.role = role;
      await recordAudit(tem, this.logger, AuditEvent.ROLE_CHANGED, {
        userId,
        actorId: actor.userId,
        meta,
        details: { from, to: role },
      });
      // A demoted person's live tokens still carry the old role: end them now rather than in 15 minutes.
      return roleRank(role) < roleRank(from) ? this.deps.sessions.revokeIn(tem, { userId }, "role_changed") : [];
    });
  }

  async setUserDisabled(
    em: EntityManager,
    actor: Identity,
    userId: number,
    disabled: boolean,
    meta: RequestMeta,
  ): Promise<User> {
    if (disabled && userId === actor.userId) throw new BadUserInputError("You cannot disable your own account.", "id");
    return this.changeUser(em, userId, async (tem, user) => {
      if (Boolean(user.disabledAt) === disabled) return [];
      user.disabledAt = disabled ? new Date() : null;
      await recordAudit(tem, this.logger, disabled ? AuditEvent.USER_DISABLED : AuditEvent.USER_ENABLED, {
        userId,
        actorId: actor.userId,
        meta,
      });
      return disabled ? this.deps.sessions.revokeIn(tem, { userId }, "user_disabled") : [];
    });
  }

  async updateProfile(
    em: EntityManager,
    identity: Identity,
    input: { displayName?: string | null },
    meta: RequestMeta,
  ): Promise<User> {
    const user = await getUser(em, identity.userId);
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

  private async refuseTakenEmail(em: EntityManager, email: string): Promise<void> {
    if (await findUserByEmail(em, email.toLowerCase(), false)) {
      throw new ConflictError("An account with this email address already exists.");
    }
  }

  /**
   * Changes one person under a lock on their row, in one transaction; the sessions the change ends
   * are refused on this replica as soon as it commits.
   */
  private async changeUser(
    em: EntityManager,
    userId: number,
    change: (tem: EntityManager, user: User) => Promise<RevocationEntry[]>,
  ): Promise<User> {
    const { user, entries } = await em.transactional(async (tem) => {
      const user = await lockUser(tem, userId);
      if (!user) throw new NotFoundError("No such user.");
      return { user, entries: await change(tem, user) };
    });
    this.deps.sessions.applyRevoked(entries);
    return user;
  }
}
