import { BadUserInputError, ConflictError, requireRecentAuth, type Identity, type Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import type { AuthSettings } from "../config.js";
import { AuditEvent } from "../entities/audit-log.entity.js";
import type { User } from "../entities/user.entity.js";
import {
  deleteSecondFactors,
  findTotp,
  replaceRecoveryCodes,
  savePendingTotp,
  takeTotpStep,
  useRecoveryCode,
} from "../repositories/second-factor.repository.js";
import { getUser } from "../repositories/user.repository.js";
import { recordAudit, type RequestMeta } from "./audit.service.js";
import type { KeyedHash, SecretBox } from "./crypto.js";
import type { Outbox } from "./outbox.service.js";
import { passwordAttemptLimits, type RateLimiter } from "./rate-limit.service.js";
import { generateRecoveryCodes, normalizeRecoveryCode } from "./recovery-codes.js";
import { securityAlert, type SecurityChange } from "./security-alerts.js";
import type { SettingsService } from "./settings.service.js";

const PERIOD_SECONDS = 30;
/** One step either side: a phone's clock a little off still works, and each step is accepted once. */
const WINDOW = 1;

export interface TotpEnrollment {
  secret: string;
  otpauthUri: string;
  qrCodeSvg: string;
}

export interface TotpServiceDeps {
  settings: AuthSettings;
  logger: Logger;
  limiter: RateLimiter;
  systemSettings: SettingsService;
  outbox: Outbox;
  /** Seals the TOTP secret at rest (AES-256-GCM under a key derived from AUTH_SECRET). */
  box: SecretBox;
  /** Keyed hash of recovery codes. */
  codes: KeyedHash;
}

/** Authenticator apps (RFC 6238) and their recovery codes. */
export class TotpService {
  constructor(private readonly deps: TotpServiceDeps) {}

  async isEnabled(em: EntityManager, userId: number): Promise<boolean> {
    return Boolean((await findTotp(em, userId))?.enabledAt);
  }

  /** A new secret for the caller only (the identity is the token's: nobody enrols for someone else). */
  async begin(em: EntityManager, identity: Identity, meta: RequestMeta): Promise<TotpEnrollment> {
    const user = await getUser(em, identity.userId);
    const secret = new Secret({ size: 20 });
    const saved = await em.transactional(async (tem) => {
      if (!(await savePendingTotp(tem, user.id, this.deps.box.seal(secret.base32)))) return false;
      await recordAudit(tem, this.deps.logger, AuditEvent.TOTP_ENROLMENT_STARTED, { userId: user.id, meta });
      return true;
    });
    if (!saved) throw new ConflictError("An authenticator app is already set up. Remove it first to set up another.");
    const otpauthUri = this.totp(user, secret).toString();
    return { secret: secret.base32, otpauthUri, qrCodeSvg: await QRCode.toString(otpauthUri, { type: "svg" }) };
  }

  /** The first code proves the app holds the secret; answers the ten recovery codes, shown this once. */
  async confirm(em: EntityManager, identity: Identity, code: string, meta: RequestMeta): Promise<string[]> {
    const user = await getUser(em, identity.userId);
    const row = await findTotp(em, user.id);
    if (!row || row.enabledAt) {
      await recordAudit(em, this.deps.logger, AuditEvent.SECOND_FACTOR_FAILED, {
        userId: user.id,
        meta,
        details: { factor: "TOTP", reason: "no_enrolment_started" },
      });
      throw new BadUserInputError("Start setting up an authenticator app first.", "code");
    }
    await this.checkCode(em, user, row.secretEnc, code, true, meta);
    const codes = generateRecoveryCodes();
    await em.transactional(async (tem) => {
      await replaceRecoveryCodes(
        tem,
        user.id,
        codes.map((c) => this.deps.codes.of(normalizeRecoveryCode(c))),
      );
      await recordAudit(tem, this.deps.logger, AuditEvent.TOTP_ENABLED, { userId: user.id, meta });
      await this.alert(tem, user, "TOTP_ENABLED", meta);
    });
    return codes;
  }

  /** Only with a fresh step-up: a stolen session alone must not remove the factor that guards it. */
  async disable(em: EntityManager, identity: Identity, meta: RequestMeta): Promise<boolean> {
    requireRecentAuth(identity);
    const user = await getUser(em, identity.userId);
    if (!(await this.isEnabled(em, user.id))) return false;
    await em.transactional(async (tem) => {
      await deleteSecondFactors(tem, user.id);
      await recordAudit(tem, this.deps.logger, AuditEvent.TOTP_DISABLED, { userId: user.id, meta });
      await this.alert(tem, user, "TOTP_DISABLED", meta);
    });
    return true;
  }

  /** A code from the person's enabled app (sign-in, step-up); throws when wrong or replayed. */
  async verify(em: EntityManager, user: User, code: string, meta: RequestMeta): Promise<void> {
    const row = await findTotp(em, user.id);
    if (!row?.enabledAt) throw new BadUserInputError("No authenticator app is set up for this account.", "code");
    await this.checkCode(em, user, row.secretEnc, code, false, meta);
  }

  /** Burns one of the person's recovery codes; a wrong or used one counts as a failed attempt. */
  async useRecoveryCode(em: EntityManager, user: User, code: string, meta: RequestMeta): Promise<void> {
    const limits = await this.limits(em, user, meta);
    await this.deps.limiter.check(em, limits);
    const used = await em.transactional(async (tem) => {
      if (!(await useRecoveryCode(tem, user.id, this.deps.codes.of(normalizeRecoveryCode(code))))) return false;
      await recordAudit(tem, this.deps.logger, AuditEvent.RECOVERY_CODE_USED, { userId: user.id, meta });
      await this.alert(tem, user, "RECOVERY_CODE_USED", meta);
      return true;
    });
    if (!used) {
      await this.deps.limiter.hit(em, limits);
      await recordAudit(em, this.deps.logger, AuditEvent.RECOVERY_CODE_REFUSED, { userId: user.id, meta });
      throw new BadUserInputError("This recovery code is wrong or was already used.", "recoveryCode");
    }
  }

  private async checkCode(
    em: EntityManager,
    user: User,
    secretEnc: string,
    code: string,
    enabling: boolean,
    meta: RequestMeta,
  ): Promise<void> {
    const limits = await this.limits(em, user, meta);
    await this.deps.limiter.check(em, limits);
    const token = code.replace(/\s/g, "");
    const totp = this.totp(user, Secret.fromBase32(this.deps.box.open(secretEnc)));
    const now = Date.now();
    const delta = /^\d{6}$/.test(token) ? totp.validate({ token, window: WINDOW, timestamp: now }) : null;
    if (delta === null) {
      await this.deps.limiter.hit(em, limits);
      await recordAudit(em, this.deps.logger, AuditEvent.SECOND_FACTOR_FAILED, {
        userId: user.id,
        meta,
        details: { factor: "TOTP" },
      });
      throw new BadUserInputError("That code is not right. Enter the current code from your app.", "code");
    }
    const step = Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
    if (!(await takeTotpStep(em, user.id, step, enabling))) {
      // Seen over a shoulder or from a phishing page: the code already opened a door once.
      await this.deps.limiter.hit(em, limits);
      await recordAudit(em, this.deps.logger, AuditEvent.TOTP_REPLAY_REFUSED, { userId: user.id, meta });
      throw new BadUserInputError("This code was already used. Wait for the next one.", "code");
    }
  }

  /** The same limits as a password's: the same account counter, so codes and passwords share one budget. */
  private async limits(em: EntityManager, user: User, meta: RequestMeta) {
    return passwordAttemptLimits(await this.deps.systemSettings.all(em), user.email.toLowerCase(), meta.ip);
  }

  private totp(user: User, secret: Secret): TOTP {
    return new TOTP({ issuer: "Homegraph", label: user.email, secret, period: PERIOD_SECONDS, digits: 6 });
  }

  private alert(em: EntityManager, user: User, change: SecurityChange, meta: RequestMeta): Promise<void> {
    return securityAlert(em, { outbox: this.deps.outbox, publicUrl: this.deps.settings.publicUrl }, user, change, meta);
  }
}
