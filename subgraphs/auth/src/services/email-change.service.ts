import { AppError, BadUserInputError, ErrorCode, type Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { AuthSettings } from "../config.js";
import { AuditEvent } from "../entities/audit-log.entity.js";
import { OneTimeTokenPurpose, type OneTimeToken } from "../entities/one-time-token.entity.js";
import type { User } from "../entities/user.entity.js";
import { findUserByEmail, getUser, lockUser } from "../repositories/user.repository.js";
import { recordAudit, type RequestMeta } from "./audit.service.js";
import type { KeyedHash } from "./crypto.js";
import { consumeOneTimeToken, issueOneTimeToken } from "./one-time-token.service.js";
import type { Outbox } from "./outbox.service.js";
import type { RateLimiter } from "./rate-limit.service.js";
import { consumeResetCode, newResetCode, resetCodeHash } from "./reset-code.js";
import { securityAlert } from "./security-alerts.js";
import type { Identity } from "./token.service.js";
import { normalizeEmail } from "./validation.js";

/** Long enough to find the mail the next day. */
export const EMAIL_CHANGE_TTL_MS = 24 * 3_600_000;
const REQUESTS_PER_HOUR = 5;
export const WRONG_EMAIL_CODE = "The code is wrong or has expired. Ask for a new confirmation e-mail.";

export interface EmailChangeServiceDeps {
  settings: AuthSettings;
  logger: Logger;
  limiter: RateLimiter;
  outbox: Outbox;
  /** Keyed hash of the 6-digit codes mailed with the confirmation link. */
  codes: KeyedHash;
}

/** The address is someone's already: a stable reason the web app can show. */
export function emailTaken(): AppError {
  return new AppError(ErrorCode.CONFLICT, "Another account already uses this e-mail address.", {
    reason: "EMAIL_TAKEN",
    field: "newEmail",
  });
}

/**
 * Changing one's e-mail address: asked for by the signed-in person (after a step-up, checked by the
 * resolver), confirmed from the new address (link or 6-digit code), announced to the old one with
 * the "not you? sign out everywhere" link. Sessions and API tokens are kept: the address is how
 * Homegraph reaches the person, not a credential, and both addresses were heard from.
 */
export class EmailChangeService {
  constructor(private readonly deps: EmailChangeServiceDeps) {}

  async request(em: EntityManager, identity: Identity, newEmail: string, meta: RequestMeta): Promise<boolean> {
    const address = normalizeEmail(newEmail, "newEmail");
    const user = await getUser(em, identity.userId);
    if (address.toLowerCase() === user.email.toLowerCase()) {
      throw new BadUserInputError("That is already your e-mail address.", "newEmail");
    }
    await this.deps.limiter.take(em, [
      { key: `email-change:account:${user.id}`, max: REQUESTS_PER_HOUR, windowSeconds: 3600 },
    ]);
    if (await findUserByEmail(em, address.toLowerCase(), false)) throw emailTaken();
    await em.transactional(async (tem) => {
      const code = newResetCode();
      const { token, row } = await issueOneTimeToken(
        tem,
        user,
        OneTimeTokenPurpose.EMAIL_CHANGE,
        EMAIL_CHANGE_TTL_MS,
        resetCodeHash(this.deps.codes, user.id, code),
        address,
      );
      await this.deps.outbox.enqueue(tem, {
        idempotencyKey: `auth.email-change:${row.id}`,
        template: "email-change",
        to: address,
        userId: user.id,
        variables: { displayName: user.displayName, newEmail: address, expiresIn: "24 hours" },
        secretVariables: {
          confirmUrl: `${this.deps.settings.publicUrl}/confirm-email?token=${token}`,
          confirmCode: code,
        },
      });
      await securityAlert(
        tem,
        { outbox: this.deps.outbox, publicUrl: this.deps.settings.publicUrl },
        user,
        "EMAIL_CHANGE_REQUESTED",
        meta,
      );
      await recordAudit(tem, this.deps.logger, AuditEvent.EMAIL_CHANGE_REQUESTED, {
        userId: user.id,
        meta,
        details: { to: address },
      });
    });
    return true;
  }

  /** The link in the mail to the new address (the web page asks before calling, so scanners spend nothing). */
  async confirm(em: EntityManager, token: string, meta: RequestMeta): Promise<boolean> {
    await em.transactional(async (tem) => {
      const row = await consumeOneTimeToken(tem, token, OneTimeTokenPurpose.EMAIL_CHANGE);
      await this.switchAddress(tem, row, meta, "link");
    });
    return true;
  }

  /** The 6-digit code from the mail, typed in by the signed-in person; a few wrong ones burn it. */
  async confirmWithCode(em: EntityManager, identity: Identity, code: string, meta: RequestMeta): Promise<boolean> {
    const row = await consumeResetCode(
      em,
      this.deps.codes,
      identity.userId,
      code.trim(),
      OneTimeTokenPurpose.EMAIL_CHANGE,
    );
    if (!row) throw new BadUserInputError(WRONG_EMAIL_CODE, "code");
    await em.transactional((tem) => this.switchAddress(tem, row, meta, "code"));
    return true;
  }

  private async switchAddress(em: EntityManager, row: OneTimeToken, meta: RequestMeta, via: string): Promise<void> {
    const user: User | null = await lockUser(em, row.user.id);
    const to = row.newEmail;
    if (!user || !to) throw new BadUserInputError("This confirmation link is not valid. Ask for a new one.", "token");
    if (user.disabledAt) throw new BadUserInputError("This account is disabled. Ask the household admin.", "token");
    const holder = await findUserByEmail(em, to.toLowerCase(), false);
    if (holder && holder.id !== user.id) throw emailTaken();
    const from = user.email;
    // Last word to the old address (queued to it before the switch), with the sign-out link.
    await securityAlert(
      em,
      { outbox: this.deps.outbox, publicUrl: this.deps.settings.publicUrl },
      user,
      "EMAIL_CHANGED",
      meta,
    );
    user.email = to;
    user.emailVerifiedAt = new Date();
    await em.flush();
    await recordAudit(em, this.deps.logger, AuditEvent.EMAIL_CHANGED, {
      userId: user.id,
      meta,
      details: { from, to, via },
    });
  }
}
