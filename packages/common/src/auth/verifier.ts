import { createHash } from "node:crypto";
import jwt from "jsonwebtoken";
import { AppError, UnauthenticatedError } from "../errors/errors.js";
import { ROLES, SERVICE_ROLE, type Identity, type IdentityVerifier, type Role } from "./identity.js";
import type { KeySource } from "./keys.js";
import type { RevocationSet } from "./revocations.js";

/** Asymmetric only: an HMAC token "signed" with the public key must never verify. */
export const ACCEPTED_ALGORITHMS = ["ES256", "RS256"] as const;
export const CLOCK_TOLERANCE_SECONDS = 5;

/** A kid is only ever a map key here, but a sane shape keeps junk out of logs and lookups. */
const KID_PATTERN = /^[A-Za-z0-9._~-]{1,128}$/;
const BEARER = /^Bearer +(\S+)$/i;

export interface IdentityVerifierOptions {
  keys: KeySource;
  revocations: RevocationSet;
  issuer: string;
  audience: string;
}

const SIGN_IN_AGAIN = "Sign in again.";
const refuse = (reason: string) => new UnauthenticatedError(`${reason} ${SIGN_IN_AGAIN}`);

/** Turns jsonwebtoken's terse reasons into something a person can act on. */
function explain(err: unknown): UnauthenticatedError {
  if (err instanceof jwt.TokenExpiredError) return new UnauthenticatedError("Your session has expired. Sign in again.");
  if (err instanceof jwt.NotBeforeError) {
    return new UnauthenticatedError("This access token is not valid yet. Check this device's clock, or sign in again.");
  }
  const message = (err as Error).message ?? "";
  if (message.startsWith("jwt issuer invalid")) return refuse("This access token was issued by another service.");
  if (message.startsWith("jwt audience invalid")) return refuse("This access token is meant for another service.");
  if (message === "invalid signature") return refuse("This access token's signature is not valid.");
  return refuse("This access token is not valid.");
}

/** Tokens whose signature was checked, kept so that each person's next requests skip the check. */
const VERIFIED_KEPT = 10_000;

interface Verified {
  identity: Identity;
  kid: string;
  key: unknown;
  /** Past this (ms), the token is expired even with the clock tolerance: verify it again to say so. */
  until: number;
}

/**
 * Access tokens whose signature a verifier has checked, so that a person's next requests skip the
 * check (the costliest step of each request's verification). Keyed by a digest of the whole token,
 * whose signature binds it to one identity: a hit can only ever give back the claims of that very
 * token, and the process's memory holds no bearer token longer than a request. Expiry, the key
 * still being the one that verified it, and revocation are checked on every hit, as on a first sight.
 */
export class VerifiedTokens {
  private readonly verified = new Map<string, Verified>();

  constructor(
    /** The key a token's `kid` names now (undefined: no longer known). */
    private readonly currentKey: (kid: string) => Promise<unknown>,
    private readonly isRevoked: (sessionId: string) => boolean,
  ) {}

  static digest(token: string): string {
    return createHash("sha256").update(token).digest("base64url");
  }

  /** The identity of a token verified before and still good; throws when its session has ended. */
  async recall(digest: string): Promise<Identity | undefined> {
    const entry = this.verified.get(digest);
    if (!entry) return undefined;
    if (Date.now() >= entry.until || (await this.currentKey(entry.kid).catch(() => undefined)) !== entry.key) {
      this.verified.delete(digest);
      return undefined;
    }
    if (this.isRevoked(entry.identity.sessionId)) {
      throw new UnauthenticatedError("This session has ended. Sign in again.");
    }
    return { ...entry.identity };
  }

  /** A token just verified with `key`, good until its `exp` (seconds) and the clock tolerance. */
  remember(digest: string, identity: Identity, kid: string, key: unknown, exp: number): void {
    if (this.verified.size >= VERIFIED_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(digest, { identity: { ...identity }, kid, key, until: (exp + CLOCK_TOLERANCE_SECONDS) * 1000 });
  }
}

export function createIdentityVerifier(options: IdentityVerifierOptions): IdentityVerifier {
  const { keys, revocations, issuer, audience } = options;
  const verified = new VerifiedTokens(
    (kid) => keys.getKey(kid),
    (sessionId) => revocations.has(sessionId),
  );
  return {
    async verify(authorization) {
      // Apollo Client and friends send an empty header when signed out: that is anonymous.
      if (authorization === undefined || authorization.trim() === "") return undefined;
      const token = BEARER.exec(authorization.trim())?.[1];
      if (!token) throw new UnauthenticatedError("Send the access token as 'Authorization: Bearer <token>'.");
      const digest = VerifiedTokens.digest(token);
      const known = await verified.recall(digest);
      if (known) return known;

      const decoded = jwt.decode(token, { complete: true });
      if (!decoded || typeof decoded.payload === "string") throw refuse("This access token is malformed.");
      const { alg, kid } = decoded.header;
      if (!(ACCEPTED_ALGORITHMS as readonly string[]).includes(alg)) {
        throw refuse("This access token is not signed the way Homegraph signs tokens.");
      }
      if (typeof kid !== "string" || !KID_PATTERN.test(kid)) throw refuse("This access token does not name its key.");

      let key;
      try {
        key = await keys.getKey(kid);
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw refuse("This access token's key could not be checked.");
      }
      if (!key) throw refuse("This access token was signed with a key Homegraph does not know.");

      let claims: jwt.JwtPayload;
      try {
        // jsonwebtoken also checks that the key type fits the algorithm (an EC key for ES256, P-256).
        claims = jwt.verify(token, key, {
          algorithms: [...ACCEPTED_ALGORITHMS],
          issuer,
          audience,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        }) as jwt.JwtPayload;
      } catch (err) {
        throw explain(err);
      }

      const identity = identityFromClaims(claims);
      if (!identity) throw refuse("This access token is missing required claims.");
      if (revocations.has(identity.sessionId)) throw new UnauthenticatedError("This session has ended. Sign in again.");
      verified.remember(digest, identity, kid, key, Number(claims.exp));
      return identity;
    },
  };
}

/** Longest a service token may live: it is minted per use, so a long-lived one means a leak. */
export const SERVICE_TOKEN_MAX_TTL_SECONDS = 900;
const SERVICE_SUBJECT = /^service:([a-z][a-z0-9-]{0,31})$/;

/**
 * The identity a verified token's claims describe, or `undefined` when they are not what the auth
 * service issues. Person tokens: numeric `sub`, role ADMIN, MEMBER or GUEST. Service tokens: `sub:
 * "service:<name>"` with role SERVICE and both `iat` and a short lifetime; neither kind can pass
 * for the other, so a person's token never gains service rights and a service's never a user id.
 */
export function identityFromClaims(claims: Record<string, unknown>): Identity | undefined {
  const { sub, sid, role, jti, exp, iat, auth_time: authTime, enrol } = claims;
  if (typeof sub !== "string" || typeof sid !== "string" || sid === "" || typeof jti !== "string") return undefined;
  if (typeof exp !== "number") return undefined;
  const expiresAt = new Date(exp * 1000);
  if (role === SERVICE_ROLE) {
    const service = SERVICE_SUBJECT.exec(sub)?.[1];
    if (!service || typeof iat !== "number" || exp - iat > SERVICE_TOKEN_MAX_TTL_SECONDS) return undefined;
    return { userId: 0, sessionId: sid, role: SERVICE_ROLE, tokenId: jti, expiresAt, service };
  }
  if (!/^[1-9][0-9]{0,15}$/.test(sub) || !(ROLES as readonly string[]).includes(role as string)) return undefined;
  return {
    userId: Number(sub),
    sessionId: sid,
    role: role as Role,
    tokenId: jti,
    expiresAt,
    ...(typeof authTime === "number" ? { authTime: new Date(authTime * 1000) } : {}),
    ...(enrol === true ? { enrolmentOnly: true } : {}),
  };
}
