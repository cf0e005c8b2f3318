import { UnauthenticatedError, type Identity } from "@homegraph/common";
import type { Express, Request, Response } from "express";
import { z } from "zod";
import { browserIdOf, clearRefreshCookie, refreshCookieOf, setBrowserCookie, setRefreshCookie } from "./cookies.js";
import type { RestDeps } from "./deps.js";
import { forwardedHeaders } from "./forward.js";
import { parseInput, rest } from "./respond.js";

export const PAYLOAD = `accessToken refreshToken expiresAt user { id email displayName role }`;
const LOGIN = `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { ${PAYLOAD} } }`;
const REFRESH = `mutation Refresh($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { ${PAYLOAD} } }`;
const LOGOUT = `mutation Logout { logout }`;
const COMPLETE = `mutation CompleteSignIn($challenge: String!, $code: String, $recoveryCode: String) {
  completeSignIn(challenge: $challenge, code: $code, recoveryCode: $recoveryCode) { ${PAYLOAD} } }`;

export interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { id: string; email: string; displayName: string; role: string };
}

const loginBody = z.object({
  email: z.string({ error: "Enter your email address." }).trim().min(1, "Enter your email address.").max(254),
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024),
});

const secondFactorBody = z.object({
  challenge: z.string({ error: "challenge must be a string." }).min(16).max(512),
  code: z.string().max(16).optional(),
  recoveryCode: z.string().max(64).optional(),
});

const refreshBody = z.object({
  refreshToken: z.string({ error: "refreshToken must be a string." }).min(16).max(512).optional(),
});

/** Verifies the caller's Bearer token at the gateway; a REST path that needs one refuses anonymity. */
export async function requireIdentity(deps: RestDeps, req: Request): Promise<Identity> {
  const identity = await deps.verifier.verify(req.headers.authorization);
  if (!identity) throw new UnauthenticatedError("Sign in to continue: send 'Authorization: Bearer <access token>'.");
  return identity;
}

/**
 * Login and refresh answer alike: the access token in the body, the refresh token in an HttpOnly
 * cookie, and also in the body unless the caller says it is a browser (where script-readable
 * refresh tokens are exactly what the cookie avoids).
 */
export function sendSession(
  deps: RestDeps,
  req: Request,
  res: Response,
  payload: AuthPayload,
  browserId?: string,
): void {
  setRefreshCookie(res, deps.secureCookies, payload.refreshToken);
  if (browserId) setBrowserCookie(res, deps.secureCookies, browserId);
  const expiresIn = Math.max(0, Math.round((Date.parse(payload.expiresAt) - Date.now()) / 1000));
  const browser = req.headers["x-homegraph-client"] === "browser";
  res
    .status(200)
    .set("cache-control", "no-store")
    .json({
      accessToken: payload.accessToken,
      tokenType: "Bearer",
      expiresIn,
      expiresAt: payload.expiresAt,
      user: payload.user,
      ...(browser ? {} : { refreshToken: payload.refreshToken }),
    });
}

export function mountSessionRoutes(app: Express, deps: RestDeps): void {
  app.post(
    "/auth/login",
    rest(async (req, res) => {
      const { email, password } = parseInput(loginBody, req.body);
      const browserId = browserIdOf(req);
      const headers = { ...forwardedHeaders(req), "x-homegraph-browser": browserId };
      const data = await deps.auth.execute<{ login: AuthPayload }>(LOGIN, { email, password }, headers);
      sendSession(deps, req, res, data.login, browserId);
    }),
  );

  // Login answered 401 SECOND_FACTOR_REQUIRED with a `challenge`: the app's code (or a recovery code) finishes it.
  app.post(
    "/auth/login/second-factor",
    rest(async (req, res) => {
      const input = parseInput(secondFactorBody, req.body);
      const browserId = browserIdOf(req);
      const headers = { ...forwardedHeaders(req), "x-homegraph-browser": browserId };
      const data = await deps.auth.execute<{ completeSignIn: AuthPayload }>(COMPLETE, input, headers);
      sendSession(deps, req, res, data.completeSignIn, browserId);
    }),
  );

  app.post(
    "/auth/refresh",
    rest(async (req, res) => {
      const body = parseInput(refreshBody, req.body);
      const refreshToken = body.refreshToken ?? refreshCookieOf(req);
      if (!refreshToken) throw new UnauthenticatedError("Your session has ended. Sign in again.");
      try {
        const data = await deps.auth.execute<{ refreshToken: AuthPayload }>(
          REFRESH,
          { refreshToken },
          forwardedHeaders(req),
        );
        sendSession(deps, req, res, data.refreshToken);
      } catch (err) {
        // A cookie that no longer refreshes would only fail again on every page load.
        const code = (err as { code?: string }).code;
        if (code === "UNAUTHENTICATED" || code === "PASS_ENDED") clearRefreshCookie(res, deps.secureCookies);
        throw err;
      }
    }),
  );

  app.post(
    "/auth/logout",
    rest(async (req, res) => {
      // The cookie goes whatever happens next: signing out on this device must always work.
      clearRefreshCookie(res, deps.secureCookies);
      await requireIdentity(deps, req);
      await deps.auth.execute<{ logout: boolean }>(LOGOUT, {}, forwardedHeaders(req, true));
      res.status(204).end();
    }),
  );
}
