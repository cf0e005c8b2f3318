import { randomUUID } from "node:crypto";
import {
  identityFromClaims,
  SERVICE_ROLE,
  UnauthenticatedError,
  VerifiedTokens,
  type Identity,
  type IdentityVerifier,
  type Role,
} from "@homegraph/common";
import jwt from "jsonwebtoken";
import type { AuthSettings } from "../config.js";
import type { KeyStore } from "./key-store.js";
import type { RevocationHub } from "./revocations.js";

export type { Identity, IdentityVerifier };

const CLOCK_TOLERANCE_SECONDS = 5;
// Only asymmetric algorithms: never `none`, never an HMAC keyed with a public key.
const ALLOWED_ALGORITHMS: jwt.Algorithm[] = ["ES256", "RS256"];

export class TokenService {
  /** Each person's token is checked once, as the other services' verifiers do (VerifiedTokens). */
  private readonly verified: VerifiedTokens;

  constructor(
    private readonly keys: KeyStore,
    private readonly revocations: RevocationHub,
    private readonly settings: AuthSettings,
  ) {
    this.verified = new VerifiedTokens(
      (kid) => keys.verifyKey(kid),
      (sessionId) => revocations.isRevoked(sessionId),
    );
  }

  /**
   * `authTime` is when the session last proved a factor (`auth_time`, what step-up checks read);
   * `enrolmentOnly` limits the token to enrolling a second factor (`enrol`, the household's policy);
   * `ttlSeconds` shortens its life (an API token about to expire), never lengthens it.
   */
  async signAccessToken(
    user: { id: number; role: Role },
    sessionId: string,
    authTime?: Date | null,
    enrolmentOnly = false,
    ttlSeconds = this.settings.accessTokenTtlSeconds,
  ): Promise<{ token: string; expiresAt: Date; tokenId: string }> {
    const key = await this.keys.signingKey();
    const tokenId = randomUUID();
    const claims = {
      sid: sessionId,
      role: user.role,
      ...(authTime ? { auth_time: Math.floor(authTime.getTime() / 1000) } : {}),
      ...(enrolmentOnly ? { enrol: true } : {}),
    };
    const token = jwt.sign(claims, key.privateKey, {
      algorithm: key.alg,
      keyid: key.kid,
      expiresIn: Math.max(1, Math.min(ttlSeconds, this.settings.accessTokenTtlSeconds)),
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      subject: String(user.id),
      jwtid: tokenId,
    });
    const { exp } = jwt.decode(token) as { exp: number };
    return { token, expiresAt: new Date(exp * 1000), tokenId };
  }

  /**
   * A token for one of Homegraph's own services to call another (docs/identity.md, "Service
   * tokens"): same keys, same verifiers, no person behind it. Minted per use and short-lived, so
   * there is nothing to revoke.
   */
  async signServiceToken(service: string, ttlSeconds = 300): Promise<{ token: string; expiresAt: Date }> {
    const key = await this.keys.signingKey();
    const token = jwt.sign({ sid: `service:${randomUUID()}`, role: SERVICE_ROLE }, key.privateKey, {
      algorithm: key.alg,
      keyid: key.kid,
      expiresIn: ttlSeconds,
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      subject: `service:${service}`,
      jwtid: randomUUID(),
    });
    const { exp } = jwt.decode(token) as { exp: number };
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** Checks signature, algorithm, kid, iss, aud, exp, nbf and revocation. Throws UnauthenticatedError. */
  async verify(token: string): Promise<Identity> {
    const digest = VerifiedTokens.digest(token);
    const known = await this.verified.recall(digest);
    if (known) return known;
    const decoded = jwt.decode(token, { complete: true });
    const kid = decoded?.header.kid;
    if (!decoded || typeof kid !== "string") throw new UnauthenticatedError("The access token is not valid.");
    if (!ALLOWED_ALGORITHMS.includes(decoded.header.alg as jwt.Algorithm)) {
      throw new UnauthenticatedError("The access token is not valid.");
    }
    const key = await this.keys.verifyKey(kid);
    if (!key) throw new UnauthenticatedError("The access token is not valid.");
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, key.publicKey, {
        algorithms: [key.alg],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }) as jwt.JwtPayload;
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw new UnauthenticatedError("The access token has expired.");
      throw new UnauthenticatedError("The access token is not valid.");
    }
    // The same reading of the claims as every other service's verifier (packages/common).
    const identity = identityFromClaims(claims);
    if (!identity) throw new UnauthenticatedError("The access token is not valid.");
    if (this.revocations.isRevoked(identity.sessionId)) {
      throw new UnauthenticatedError("This session has ended. Sign in again.");
    }
    this.verified.remember(digest, identity, kid, key, Number(claims.exp));
    return identity;
  }
}

/** Parses `Authorization: Bearer <jwt>`; the auth subgraph's own verifier (no HTTP to itself). */
export function createLocalIdentityVerifier(tokens: TokenService): IdentityVerifier {
  return {
    async verify(authorizationHeader?: string) {
      if (authorizationHeader === undefined || authorizationHeader === "") return undefined;
      const match = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(authorizationHeader.trim());
      if (!match) throw new UnauthenticatedError('The authorization header must be "Bearer <access token>".');
      return tokens.verify(match[1]!);
    },
  };
}
