import { randomUUID } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { AuthSettings } from "../config.js";
import type { User } from "../entities/user.entity.js";
import type { NewSessionRow } from "../repositories/session.repository.js";
import type { RequestMeta } from "./audit.service.js";
import { randomToken, sha256 } from "./crypto.js";
import type { AuthResult } from "./session.service.js";
import type { TokenService } from "./token.service.js";

/** A session row ready to insert (`insertSession`'s shape) and the refresh token it hashes. */
export interface SessionDraft {
  refreshToken: string;
  row: NewSessionRow;
}

/**
 * A new session's row and its tokens, apart from writing it: SessionService inserts the row alone,
 * a passkey sign-in writes it in one statement with its audit rows.
 */
export class SessionDrafts {
  constructor(
    private readonly deps: {
      settings: AuthSettings;
      tokens: TokenService;
      enrolmentOnly: (em: EntityManager, user: User) => Promise<boolean>;
    },
  ) {}

  /** A fresh sign-in's session (a new family, proven now), not yet written. */
  start(user: User, meta: RequestMeta): SessionDraft {
    const absolute = new Date(Date.now() + this.deps.settings.refreshAbsoluteDays * 86_400_000);
    return this.draft(user, meta, randomUUID(), absolute, new Date());
  }

  draft(user: User, meta: RequestMeta, familyId: string, absoluteExpiresAt: Date, authTime: Date | null): SessionDraft {
    const refreshToken = randomToken();
    const idle = new Date(Date.now() + this.deps.settings.refreshIdleDays * 86_400_000);
    const expiresAt = idle < absoluteExpiresAt ? idle : absoluteExpiresAt;
    const row = {
      user,
      token: sha256(refreshToken),
      familyId,
      expiresAt,
      absoluteExpiresAt,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
      ip: meta.ip?.slice(0, 64) ?? null,
      authTime,
    };
    return { refreshToken, row };
  }

  /** The session's tokens (signing needs nothing of the written row). */
  async sign(em: EntityManager, user: User, { refreshToken, row }: SessionDraft): Promise<AuthResult> {
    // No access token outlives its session's absolute end (which a guest pass sets to its own end).
    const ttl = Math.floor((row.absoluteExpiresAt.getTime() - Date.now()) / 1000);
    const enrol = await this.deps.enrolmentOnly(em, user);
    const access = await this.deps.tokens.signAccessToken(user, row.familyId, row.authTime, enrol, ttl);
    return {
      accessToken: access.token,
      refreshToken,
      expiresAt: access.expiresAt,
      refreshTokenExpiresAt: row.expiresAt,
      user,
    };
  }
}
