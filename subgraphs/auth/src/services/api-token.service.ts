import { randomBytes, randomUUID } from "node:crypto";
import { BadUserInputError, ConflictError, NotFoundError, UnauthenticatedError, type Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { ApiToken } from "../entities/api-token.entity.js";
import { AuditEvent } from "../entities/audit-log.entity.js";
import type { User } from "../entities/user.entity.js";
import {
  countLiveApiTokens,
  findApiTokenByHash,
  findLiveApiTokens,
  revokeApiTokenRow,
  touchApiToken,
} from "../repositories/api-token.repository.js";
import { isSessionId } from "../repositories/session.repository.js";
import { getUser } from "../repositories/user.repository.js";
import { recordAudit, type RequestMeta } from "./audit.service.js";
import type { KeyedHash } from "./crypto.js";
import type { Limit, RateLimiter } from "./rate-limit.service.js";
import { notifyRevoked, type RevocationHub } from "./revocations.js";
import type { Identity, TokenService } from "./token.service.js";

/** What every API token starts with, so scanners (and people) recognise a leaked one. */
export const API_TOKEN_PREFIX = "hgp_";
/** `hgp_` and 256 random bits in base64url. */
const API_TOKEN_SHAPE = /^hgp_[A-Za-z0-9_-]{43}$/;
export const MAX_LIVE_API_TOKENS = 20;
const MAX_EXPIRY_DAYS = 3650;
/** Wrong API tokens an address may present per window: guessing 256 bits is hopeless; this keeps it quiet too. */
const REFUSALS_PER_IP = 20;
const REFUSAL_WINDOW_SECONDS = 900;

export interface ApiTokenServiceDeps {
  logger: Logger;
  tokens: TokenService;
  revocations: RevocationHub;
  limiter: RateLimiter;
  /** Keyed hash of the secrets ("api-tokens"): the table alone cannot confirm a guess. */
  hashes: KeyedHash;
  enrolmentOnly?: (em: EntityManager, user: User) => Promise<boolean>;
}

export interface ExchangedToken {
  accessToken: string;
  expiresAt: Date;
}

/**
 * API tokens: created (after a step-up, checked by the resolver), listed without their secret,
 * revoked, and exchanged for access tokens that never carry `auth_time`, so they never pass a
 * step-up check.
 */
export class ApiTokenService {
  constructor(private readonly deps: ApiTokenServiceDeps) {}

  async create(
    em: EntityManager,
    identity: Identity,
    input: { name: string; expiresInDays?: number | null },
    meta: RequestMeta,
  ): Promise<{ token: string; apiToken: ApiToken }> {
    const name = input.name.trim();
    if (!name || name.length > 100)
      throw new BadUserInputError("Give the token a name of 1 to 100 characters.", "name");
    const days = input.expiresInDays;
    if (days != null && (!Number.isInteger(days) || days < 1 || days > MAX_EXPIRY_DAYS)) {
      throw new BadUserInputError(`Choose an expiry of 1 to ${MAX_EXPIRY_DAYS} days, or none.`, "expiresInDays");
    }
    const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
    const apiToken = await em.transactional(async (tem) => {
      const user = await getUser(tem, identity.userId);
      if ((await countLiveApiTokens(tem, user.id)) >= MAX_LIVE_API_TOKENS) {
        throw new ConflictError(`You have ${MAX_LIVE_API_TOKENS} API tokens already: revoke one first.`);
      }
      const row = tem.create(ApiToken, {
        id: randomUUID(),
        user,
        name,
        tokenHash: this.deps.hashes.of(token),
        createdAt: new Date(),
        expiresAt: days == null ? null : new Date(Date.now() + days * 86_400_000),
      });
      await tem.flush();
      await recordAudit(tem, this.deps.logger, AuditEvent.API_TOKEN_CREATED, {
        userId: user.id,
        meta,
        details: { tokenId: row.id, name, expiresAt: row.expiresAt?.toISOString() ?? null },
      });
      return row;
    });
    return { token, apiToken };
  }

  list(em: EntityManager, identity: Identity): Promise<ApiToken[]> {
    return findLiveApiTokens(em, identity.userId);
  }

  /** Ends the token and every access token it gave, on every service, within the revocation push. */
  async revoke(em: EntityManager, identity: Identity, id: string, meta: RequestMeta): Promise<boolean> {
    if (!isSessionId(id)) throw new NotFoundError("No such API token.");
    const entries = await em.transactional(async (tem) => {
      if (!(await revokeApiTokenRow(tem, identity.userId, id, "revoked_by_user"))) {
        throw new NotFoundError("No such API token.");
      }
      const revoked = [this.deps.revocations.entryFor(id)];
      await notifyRevoked(tem, revoked);
      await recordAudit(tem, this.deps.logger, AuditEvent.API_TOKEN_REVOKED, {
        userId: identity.userId,
        meta,
        details: { tokenId: id },
      });
      return revoked;
    });
    this.deps.revocations.apply(entries);
    return true;
  }

  /**
   * An access token for a live API token: `sid` is the token's id, no `auth_time`, and it lives no
   * longer than the API token. Wrong tokens are counted per address and refused alike.
   */
  async exchange(em: EntityManager, secret: string, meta: RequestMeta): Promise<ExchangedToken> {
    const limits: Limit[] = [
      { key: `api-token:ip:${meta.ip ?? "unknown"}`, max: REFUSALS_PER_IP, windowSeconds: REFUSAL_WINDOW_SECONDS },
    ];
    await this.deps.limiter.check(em, limits);
    const presented = secret.trim();
    const row = API_TOKEN_SHAPE.test(presented) ? await findApiTokenByHash(em, this.deps.hashes.of(presented)) : null;
    const now = new Date();
    const reason = !row
      ? "unknown"
      : row.revokedAt
        ? "revoked"
        : row.expiresAt && row.expiresAt <= now
          ? "expired"
          : row.user.disabledAt
            ? "disabled"
            : undefined;
    if (!row || reason) {
      await this.deps.limiter.hit(em, limits);
      await recordAudit(em, this.deps.logger, AuditEvent.API_TOKEN_REFUSED, {
        userId: row?.user.id,
        meta,
        details: { reason, ...(row ? { tokenId: row.id } : {}) },
      });
      throw new UnauthenticatedError("This API token is not valid, has expired or was revoked.");
    }
    const { first } = await touchApiToken(em, row.id);
    if (first) {
      await recordAudit(em, this.deps.logger, AuditEvent.API_TOKEN_USED, {
        userId: row.user.id,
        meta,
        details: { tokenId: row.id, name: row.name },
      });
    }
    const ttl = row.expiresAt ? Math.floor((row.expiresAt.getTime() - now.getTime()) / 1000) : Infinity;
    const enrolmentOnly = (await this.deps.enrolmentOnly?.(em, row.user)) ?? false;
    const access = await this.deps.tokens.signAccessToken(row.user, row.id, null, enrolmentOnly, ttl);
    return { accessToken: access.token, expiresAt: access.expiresAt };
  }
}
