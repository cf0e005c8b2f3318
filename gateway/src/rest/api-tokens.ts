import { createHash } from "node:crypto";
import { AppError, httpStatusFor, sendError, UnauthenticatedError } from "@homegraph/common";
import type { Express, NextFunction, Request, Response } from "express";
import { z } from "zod";
import type { AuthClient } from "./auth-client.js";
import { forwardedHeaders } from "./forward.js";
import { parseInput, rest } from "./respond.js";

const EXCHANGE = `mutation ExchangeApiToken($token: String!) { exchangeApiToken(token: $token) { accessToken expiresAt } }`;
/** `Bearer hgp_…`: an API token rather than an access token. */
const API_TOKEN_BEARER = /^Bearer +(hgp_[A-Za-z0-9_-]{1,200})$/i;
/** A cached access token is used until this close to its expiry (or half its life, if shorter). */
const REFRESH_MARGIN_MS = 60_000;
const CACHE_MAX = 1000;

export interface ExchangedAccess {
  accessToken: string;
  expiresAt: Date;
}

export interface ApiTokenExchanger {
  /** A fresh exchange at auth (POST /auth/token). */
  exchange(apiToken: string, headers: Record<string, string>): Promise<ExchangedAccess>;
  /**
   * `Bearer <access token>` for an API token's Authorization, from memory until shortly before the
   * access token expires; any other value unchanged. A revoked API token's cached access token is
   * refused by the verifier as soon as the revocation push arrives (its `sid` is the token's id).
   */
  resolve(authorization: string | undefined, headers: Record<string, string>): Promise<string | undefined>;
}

export function apiTokenOf(authorization: string | undefined): string | undefined {
  return authorization ? API_TOKEN_BEARER.exec(authorization.trim())?.[1] : undefined;
}

export function createApiTokenExchanger(auth: AuthClient): ApiTokenExchanger {
  // By a hash of the API token, so a heap dump holds no usable secret for the key.
  const cache = new Map<string, { access: ExchangedAccess; useUntil: number }>();
  const inFlight = new Map<string, Promise<ExchangedAccess>>();

  const exchange = async (apiToken: string, headers: Record<string, string>) => {
    const data = await auth.execute<{ exchangeApiToken: { accessToken: string; expiresAt: string } }>(
      EXCHANGE,
      { token: apiToken },
      headers,
    );
    return { accessToken: data.exchangeApiToken.accessToken, expiresAt: new Date(data.exchangeApiToken.expiresAt) };
  };

  const cached = async (apiToken: string, headers: Record<string, string>) => {
    const key = createHash("sha256").update(apiToken).digest("hex");
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.useUntil > now) return hit.access;
    cache.delete(key);
    let pending = inFlight.get(key);
    if (!pending) {
      pending = exchange(apiToken, headers).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    const access = await pending;
    const life = access.expiresAt.getTime() - Date.now();
    if (cache.size >= CACHE_MAX) {
      for (const [k, v] of cache) if (v.useUntil <= now) cache.delete(k);
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    }
    cache.set(key, { access, useUntil: Date.now() + life - Math.min(REFRESH_MARGIN_MS, life / 2) });
    return access;
  };

  return {
    exchange,
    async resolve(authorization, headers) {
      const apiToken = apiTokenOf(authorization);
      if (!apiToken) return authorization;
      return `Bearer ${(await cached(apiToken, headers)).accessToken}`;
    },
  };
}

/**
 * Before every route but /auth/token: `Authorization: Bearer hgp_…` becomes `Bearer <access
 * token>`, so the verifier, the subgraphs and the REST facade only ever see access tokens.
 */
export function apiTokenBearer(exchanger: ApiTokenExchanger) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.path === "/auth/token" || !apiTokenOf(req.headers.authorization)) return next();
    try {
      req.headers.authorization = await exchanger.resolve(req.headers.authorization, forwardedHeaders(req));
      next();
    } catch (err) {
      if (!(err instanceof AppError)) return next(err);
      if (err.code === "UNAUTHENTICATED") res.setHeader("www-authenticate", 'Bearer error="invalid_token"');
      const retry = (err.extensions as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (typeof retry === "number") res.setHeader("retry-after", String(Math.max(1, Math.ceil(retry))));
      if (req.path.startsWith("/graphql")) {
        res
          .status(httpStatusFor(err.code))
          .json({ errors: [{ message: err.message, extensions: { code: err.code } }] });
      } else {
        sendError(res, err.code, err.message);
      }
    }
  };
}

const tokenBody = z.object({ token: z.string({ error: "token must be a string." }).min(1).max(256).optional() });

/** For scripts: an API token (in the body or as the Bearer) for a short-lived access token. */
export function mountApiTokenRoute(app: Express, exchanger: ApiTokenExchanger): void {
  app.post(
    "/auth/token",
    rest(async (req, res) => {
      const apiToken = parseInput(tokenBody, req.body).token ?? apiTokenOf(req.headers.authorization);
      if (!apiToken) {
        throw new UnauthenticatedError('Send an API token: \'Authorization: Bearer hgp_…\' or { "token": "hgp_…" }.');
      }
      const access = await exchanger.exchange(apiToken, forwardedHeaders(req));
      const expiresIn = Math.max(0, Math.round((access.expiresAt.getTime() - Date.now()) / 1000));
      res.status(200).set("cache-control", "no-store").json({
        accessToken: access.accessToken,
        tokenType: "Bearer",
        expiresIn,
        expiresAt: access.expiresAt.toISOString(),
      });
    }),
  );
}
