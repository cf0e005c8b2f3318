import { ErrorCode, ForbiddenError, PasskeyError, type Identity, type Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { generateAuthenticationOptions, type AuthenticationResponseJSON } from "@simplewebauthn/server";
import { AuditEvent } from "../entities/audit-log.entity.js";
import { User } from "../entities/user.entity.js";
import { listPasskeys } from "../repositories/passkey.repository.js";
import { getUser } from "../repositories/user.repository.js";
import { recordPasskeyUse } from "../repositories/passkey.repository.js";
import { writePasskeySignIn } from "../repositories/passkey-sign-in.repository.js";
import { auditRows, logAudits, recordAudit, type AuditEntry, type RequestMeta } from "./audit.service.js";
import { browserHash } from "./security-alerts.js";
import { CEREMONY_TTL_MS, parseResponse, type PasskeyCeremonies, type PasskeyCeremony } from "./passkey-ceremony.js";
import { passwordAttemptLimits, type Limit, type RateLimiter } from "./rate-limit.service.js";
import type { AuthResult, SessionService } from "./session.service.js";
import type { SettingsService } from "./settings.service.js";

export interface PasskeySignInDeps {
  logger: Logger;
  sessions: SessionService;
  limiter: RateLimiter;
  systemSettings: SettingsService;
  ceremonies: PasskeyCeremonies;
}

/**
 * Signing in with a passkey alone (discoverable: no email typed; the passkey is both factors, so no
 * second-factor challenge follows) and stepping up with one.
 */
export class PasskeySignInService {
  constructor(private readonly deps: PasskeySignInDeps) {}

  /** Anonymous: counted per address (the same budget as failed password sign-ins). */
  async beginSignIn(em: EntityManager, meta: RequestMeta): Promise<PasskeyCeremony> {
    const { ceremonies, limiter } = this.deps;
    const ceremonyLimit = await this.ceremonyLimit(em, meta);
    const limits = [...(await this.ipLimits(em, meta)), ceremonyLimit];
    const options = await generateAuthenticationOptions({
      rpID: ceremonies.rpId,
      allowCredentials: [],
      userVerification: "preferred",
      timeout: CEREMONY_TTL_MS,
    });
    // The address's failures and its ceremonies read, this ceremony counted and its challenge stored:
    // one statement, which writes nothing when a limit is used up.
    const now = Date.now();
    const [count] = limiter.windows([ceremonyLimit], now);
    return ceremonies.issueForSignIn(em, options, limiter.windows(limits, now), count!, (buckets) =>
      limiter.judge(limits, buckets, now),
    );
  }

  async finishSignIn(
    em: EntityManager,
    challengeId: string,
    responseJson: string,
    meta: RequestMeta,
  ): Promise<AuthResult> {
    const { ceremonies, limiter, logger, sessions } = this.deps;
    const limits = await this.ipLimits(em, meta);
    const response = parseResponse<AuthenticationResponseJSON>(responseJson);
    const now = Date.now();
    // Read with the challenge (and the passkey the answer names, and its owner): one round trip. A
    // refusal here spends no challenge and counts nothing, as a check before taking it did.
    const challenge = await ceremonies.takeForSignIn(
      em,
      challengeId,
      response?.id ?? null,
      limiter.windows(limits, now),
      (buckets) => limiter.judge(limits, buckets, now),
    );
    // Every refusal counts against the address, as a wrong password does.
    const counted = async <T>(step: () => Promise<T>): Promise<T> => {
      try {
        return await step();
      } catch (err) {
        await limiter.hit(em, limits);
        throw err;
      }
    };
    const { passkey, use, user } = await counted(async () => {
      // Spent even when the answer is malformed.
      if (!challenge) return ceremonies.refuse(em, "sign-in", "challenge_expired", meta);
      if (!response) return ceremonies.refuse(em, "sign-in", "malformed", meta);
      const verified = await ceremonies.verify(em, response, challenge, "sign-in", meta);
      // Read with the challenge when it could be; the identity map makes it the request's one User.
      const owner = challenge.prefetched?.owner;
      const userId = verified.passkey.userId;
      return { ...verified, user: owner && owner.id === userId ? em.map(User, owner) : await getUser(em, userId) };
    });
    const recordUse = () =>
      counted(async () => {
        if (!(await recordPasskeyUse(em, passkey.id, use.counter, use.backedUp))) {
          await ceremonies.refuseCloned(em, passkey, use.counter, "sign-in", meta);
        }
      });
    if (user.disabledAt) {
      await recordUse();
      await recordAudit(em, logger, AuditEvent.LOGIN_FAILED, {
        userId: user.id,
        meta,
        details: { reason: "disabled", method: "PASSKEY" },
      });
      throw new ForbiddenError("This account is disabled. Ask the household admin.");
    }
    // A passkey proves possession and (verified by the device) the person: it is the second factor too.
    const details = { method: "PASSKEY", secondFactor: "PASSKEY" };
    const alsoAudit: AuditEntry[] = [
      { event: AuditEvent.PASSKEY_SIGN_IN, record: { userId: user.id, meta, details: { passkeyId: passkey.id } } },
    ];
    const audits = [...alsoAudit, { event: AuditEvent.LOGIN_SUCCEEDED, record: { userId: user.id, meta, details } }];
    const draft = sessions.drafts.start(user, meta);
    const signed = await sessions.drafts.sign(em, user, draft);
    const written = await writePasskeySignIn(em, {
      passkey: { id: passkey.id, ...use },
      browser: { userId: user.id, hash: browserHash(meta) },
      session: draft.row,
      audits: auditRows(audits),
    });
    if (written.used) {
      logAudits(logger, audits);
      return signed;
    }
    if (written.knownBrowser) return counted(() => ceremonies.refuseCloned(em, passkey, use.counter, "sign-in", meta));
    // A browser new to the person: the long way, whose transaction also queues the new-browser alert.
    await recordUse();
    return em.transactional((tem) => sessions.startSignedIn(tem, user, meta, details, true, alsoAudit));
  }

  /** A step-up ceremony offering the caller's own passkeys. */
  async beginStepUp(em: EntityManager, identity: Identity): Promise<PasskeyCeremony> {
    const passkeys = await listPasskeys(em, identity.userId);
    // With no passkey of their own, the browser would offer anyone's: say so instead.
    if (!passkeys.length) {
      throw new PasskeyError(
        ErrorCode.PASSKEY_NOT_RECOGNISED,
        "You have no passkey yet: confirm it's you another way.",
      );
    }
    const options = await generateAuthenticationOptions({
      rpID: this.deps.ceremonies.rpId,
      allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: p.transports as never })),
      userVerification: "preferred",
      timeout: CEREMONY_TTL_MS,
    });
    return this.deps.ceremonies.issue(em, "STEP_UP", identity.userId, options);
  }

  /** Proves the caller's own passkey again: a new access token whose `auth_time` is now. */
  async finishStepUp(
    em: EntityManager,
    identity: Identity,
    challengeId: string,
    responseJson: string,
    meta: RequestMeta,
  ) {
    const user = await getUser(em, identity.userId);
    const limits = passwordAttemptLimits(await this.deps.systemSettings.all(em), user.email.toLowerCase(), meta.ip);
    await this.deps.limiter.check(em, limits);
    let passkeyId: number;
    try {
      const challenge = await this.deps.ceremonies.take(em, challengeId, "STEP_UP", "step-up", meta, user.id);
      if (challenge.userId !== user.id) {
        return await this.deps.ceremonies.refuse(em, "step-up", "another_persons_challenge", meta, user.id);
      }
      const response = parseResponse<AuthenticationResponseJSON>(responseJson);
      if (!response) return await this.deps.ceremonies.refuse(em, "step-up", "malformed", meta, user.id);
      passkeyId = (await this.deps.ceremonies.assert(em, response, challenge, "step-up", meta, user.id)).id;
    } catch (err) {
      await this.deps.limiter.hit(em, limits);
      throw err;
    }
    return em.transactional(async (tem) => {
      const stepUpAt = new Date();
      const access = await this.deps.sessions.proven(tem, user, identity.sessionId, stepUpAt);
      await recordAudit(tem, this.deps.logger, AuditEvent.PASSKEY_STEP_UP, {
        userId: user.id,
        meta,
        details: { passkeyId },
      });
      return { accessToken: access.token, expiresAt: access.expiresAt, stepUpAt };
    });
  }

  private async ipLimits(em: EntityManager, meta: RequestMeta): Promise<Limit[]> {
    // The address's entry of a password sign-in's limits: one budget of failures for both ways in.
    return passwordAttemptLimits(await this.deps.systemSettings.all(em), "", meta.ip).filter((l) => !l.growingDelay);
  }

  /** Ceremonies started per address per minute: each stores a challenge, so they are not free. */
  private async ceremonyLimit(em: EntityManager, meta: RequestMeta): Promise<Limit> {
    const s = await this.deps.systemSettings.all(em);
    return { key: `passkey:begin:ip:${meta.ip ?? "unknown"}`, max: s["rateLimit.passkey.maxPerIp"], windowSeconds: 60 };
  }
}
