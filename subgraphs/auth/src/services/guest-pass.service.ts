import { randomUUID } from "node:crypto";
import { AppError, ErrorCode, NotFoundError, UnauthenticatedError, type Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { AuditEvent } from "../entities/audit-log.entity.js";
import { GuestPass } from "../entities/guest-pass.entity.js";
import { Role, User } from "../entities/user.entity.js";
import {
  findGuestPass,
  findGuestPasses,
  findPassOfGuest,
  lockGuestPass,
  queueHomeRevoke,
} from "../repositories/guest-pass.repository.js";
import { recordAudit, type RequestMeta } from "./audit.service.js";
import { randomToken, type KeyedHash } from "./crypto.js";
import type { GuestPassCloser } from "./guest-pass-closer.js";
import { validateGuestPass, type GuestPassInput } from "./guest-pass.validation.js";
import type { HomeAccessPort } from "./home-access.js";
import type { Limit, RateLimiter } from "./rate-limit.service.js";
import type { AuthResult, SessionService } from "./session.service.js";
import type { SettingsService } from "./settings.service.js";
import type { Identity } from "./token.service.js";

/** 256 random bits, base64url: the secret in a pass's link. */
const PASS_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export type GuestPassStatus = "NOT_YET" | "ACTIVE" | "ENDED" | "EXPIRED";

/** ENDED: an admin ended it early; EXPIRED: its end time passed. */
export function statusOf(pass: Pick<GuestPass, "validFrom" | "validUntil" | "endedAt">, now = new Date()) {
  if (pass.endedAt) return "ENDED";
  if (now >= pass.validUntil) return "EXPIRED";
  return now < pass.validFrom ? "NOT_YET" : "ACTIVE";
}

export interface GuestPassServiceDeps {
  logger: Logger;
  publicUrl: string;
  sessions: SessionService;
  limiter: RateLimiter;
  systemSettings: SettingsService;
  home: HomeAccessPort;
  closer: GuestPassCloser;
  /** Keyed hash of the links' secrets ("guest-passes"). */
  hashes: KeyedHash;
}

/**
 * Guest passes (docs/identity.md, "Guest passes"): an admin creates one (after a step-up, checked
 * by the resolver) for a GUEST user made for it, the home service applies its grants in the same
 * breath, and its link signs the guest in between its start and end, each time with a session
 * that cannot outlive the pass.
 */
export class GuestPassService {
  constructor(private readonly deps: GuestPassServiceDeps) {}

  private get logger() {
    return this.deps.logger;
  }

  async create(
    em: EntityManager,
    actor: Identity,
    input: GuestPassInput,
    meta: RequestMeta,
  ): Promise<{ pass: GuestPass; link: string }> {
    const valid = validateGuestPass(input);
    const token = randomToken();
    const passId = randomUUID();
    let homeAsked = false;
    try {
      const pass = await em.transactional(async (tem) => {
        // Guests get no mail: a unique address under .invalid (RFC 2606), which no one can own.
        const guest = tem.create(User, {
          email: `guest-${passId}@guests.invalid`,
          displayName: valid.guestName,
          role: Role.GUEST,
          passwordHash: null,
        });
        const pass = tem.create(GuestPass, {
          id: passId,
          guest,
          createdBy: actor.userId,
          guestName: valid.guestName,
          validFrom: valid.validFrom,
          validUntil: valid.validUntil,
          access: {
            rooms: valid.rooms,
            devices: valid.devices,
            lockCode: valid.lockCode ? { deviceId: valid.lockCode.deviceId, name: valid.lockCode.name } : null,
          },
          tokenHash: this.deps.hashes.of(token),
          createdAt: new Date(),
        });
        await tem.flush();
        await recordAudit(tem, this.logger, AuditEvent.GUEST_PASS_CREATED, {
          userId: guest.id,
          actorId: actor.userId,
          meta,
          details: {
            passId,
            guestName: valid.guestName,
            validFrom: valid.validFrom.toISOString(),
            validUntil: valid.validUntil.toISOString(),
            rooms: valid.rooms.map((r) => `${r.room}:${r.level}`),
            devices: valid.devices.map((d) => `${d.deviceId}:${d.level}`),
            // Whether there is a code and its name; never the code.
            lockCode: pass.access.lockCode,
          },
        });
        // Last, so a refusal here rolls back the guest and the pass: nothing half-made is kept.
        homeAsked = true;
        await this.deps.home.applyGuestPassAccess({ passId, guestUserId: guest.id, ...valid });
        return pass;
      });
      this.deps.closer.watch(pass);
      return { pass, link: `${this.deps.publicUrl}/pass/${token}` };
    } catch (err) {
      await this.recordFailure(em, actor, passId, homeAsked, err as Error, meta);
      throw err;
    }
  }

  /**
   * The refused creation's record. When home was asked, it may have applied the grants (a timeout
   * after its commit, or our commit failing after its answer): taking them away is queued for a
   * pass that was never saved, which home answers as done if it never heard of it.
   */
  private async recordFailure(
    em: EntityManager,
    actor: Identity,
    passId: string,
    homeAsked: boolean,
    err: Error,
    meta: RequestMeta,
  ): Promise<void> {
    if (!homeAsked) return;
    const code = (err as Partial<AppError>).code ?? "INTERNAL";
    try {
      await em.fork().transactional(async (tem) => {
        await queueHomeRevoke(tem, passId);
        await recordAudit(tem, this.logger, AuditEvent.GUEST_PASS_CREATE_FAILED, {
          actorId: actor.userId,
          meta,
          details: { passId, reason: code },
        });
      });
    } catch (recordErr) {
      this.logger.warn({ err: recordErr, passId }, "could not record a refused guest pass");
    }
  }

  list(em: EntityManager, includeEnded: boolean): Promise<GuestPass[]> {
    return findGuestPasses(em, includeEnded);
  }

  /** The caller's own pass when the caller is a guest. */
  mine(em: EntityManager, identity: Identity): Promise<GuestPass | null> {
    return identity.role === Role.GUEST ? findPassOfGuest(em, identity.userId) : Promise.resolve(null);
  }

  /** Ends the pass now: its guest's sessions within the revocation push, home's grants durably after. */
  async end(em: EntityManager, actor: Identity, id: string, meta: RequestMeta): Promise<GuestPass> {
    if (!(await findGuestPass(em, id))) throw new NotFoundError("No such guest pass.");
    const pass = await this.deps.closer.close(id, { actorId: actor.userId, meta });
    if (!pass) throw new NotFoundError("No such guest pass.");
    return pass;
  }

  /**
   * A pass's link for a session of its guest: refused before the start (PASS_NOT_YET, with the
   * start), after the end (PASS_ENDED), and for an unknown link (UNAUTHENTICATED, counted per
   * address like wrong passwords). The link works again until the pass ends (another device, a
   * cleared browser); each use is a new session, counted and audited.
   */
  async redeem(em: EntityManager, token: string, meta: RequestMeta): Promise<AuthResult> {
    const s = await this.deps.systemSettings.all(em);
    const limits: Limit[] = [
      {
        key: `guest-pass:ip:${meta.ip ?? "unknown"}`,
        max: s["rateLimit.login.maxFailuresPerIp"],
        windowSeconds: s["rateLimit.login.windowSeconds"],
      },
    ];
    await this.deps.limiter.check(em, limits);
    const presented = token.trim();
    const hash = PASS_TOKEN.test(presented) ? this.deps.hashes.of(presented) : undefined;
    const outcome = await em.transactional(async (tem) => {
      const pass = hash ? await lockGuestPass(tem, { tokenHash: hash }) : null;
      if (!pass) {
        await this.deps.limiter.hit(tem, limits);
        await this.refused(tem, undefined, "unknown", meta);
        return { error: new UnauthenticatedError("This guest pass link is not valid. Ask your host for a new one.") };
      }
      const now = new Date();
      if (pass.closedAt || pass.endedAt || pass.guest.disabledAt || now >= pass.validUntil) {
        await this.refused(tem, pass, "ended", meta);
        const endedAt = (pass.endedAt ?? pass.validUntil).toISOString();
        return { error: new AppError(ErrorCode.PASS_ENDED, "This guest pass has ended.", { endedAt }) };
      }
      if (now < pass.validFrom) {
        await this.refused(tem, pass, "not_yet", meta);
        const validFrom = pass.validFrom.toISOString();
        return {
          error: new AppError(ErrorCode.PASS_NOT_YET, `This guest pass starts at ${validFrom}.`, { validFrom }),
        };
      }
      pass.redemptions += 1;
      pass.firstRedeemedAt ??= now;
      pass.lastRedeemedAt = now;
      // Opening the link is a guest's proof (they have no password nor factor): auth_time is now, so
      // for 5 minutes they pass a step-up (unlocking a lock the pass grants CONTROL of); afterwards
      // STEP_UP_REQUIRED tells them to open the link again. The session ends with the pass.
      const result = await this.deps.sessions.start(tem, pass.guest, meta, true, pass.validUntil);
      await recordAudit(tem, this.logger, AuditEvent.GUEST_PASS_REDEEMED, {
        userId: pass.guest.id,
        meta,
        details: { passId: pass.id, redemption: pass.redemptions },
      });
      return { result };
    });
    if ("error" in outcome) throw outcome.error;
    return outcome.result;
  }

  private refused(em: EntityManager, pass: GuestPass | undefined, reason: string, meta: RequestMeta) {
    return recordAudit(em, this.logger, AuditEvent.GUEST_PASS_REFUSED, {
      userId: pass?.guest.id,
      meta,
      details: { reason, ...(pass ? { passId: pass.id } : {}) },
    });
  }
}
