import { randomBytes } from "node:crypto";
import type { CookieOptions, Request, Response } from "express";

export const REFRESH_COOKIE = "hg_refresh";
/** The session's absolute lifetime on auth's side; the browser may forget it no sooner. */
const REFRESH_COOKIE_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/**
 * HttpOnly so page scripts cannot steal it; Strict and scoped to /auth so it is only sent to
 * refresh; Secure in production and behind an https PUBLIC_URL (see config.ts).
 */
function cookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: "strict", path: "/auth", secure };
}

export function setRefreshCookie(res: Response, secure: boolean, token: string): void {
  res.cookie(REFRESH_COOKIE, token, { ...cookieOptions(secure), maxAge: REFRESH_COOKIE_MAX_AGE_MS });
}

export function clearRefreshCookie(res: Response, secure: boolean): void {
  res.clearCookie(REFRESH_COOKIE, cookieOptions(secure));
}

export function refreshCookieOf(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE];
  return typeof value === "string" && value !== "" ? value : undefined;
}

export const BROWSER_COOKIE = "hg_browser";
/** Browsers cap cookies at 400 days; each sign-in sets it again, so a browser in use stays known. */
const BROWSER_COOKIE_MAX_AGE_MS = 400 * 24 * 3600 * 1000;

/**
 * The browser's long-lived random id, created at its first sign-in: auth remembers (a hash of) it
 * per person and alerts by mail on a sign-in from a browser it has not seen. It grants nothing.
 */
export function browserIdOf(req: Request): string {
  const existing = (req.cookies as Record<string, unknown> | undefined)?.[BROWSER_COOKIE];
  return typeof existing === "string" && /^[A-Za-z0-9_-]{16,128}$/.test(existing)
    ? existing
    : randomBytes(24).toString("base64url");
}

export function setBrowserCookie(res: Response, secure: boolean, id: string): void {
  res.cookie(BROWSER_COOKIE, id, { ...cookieOptions(secure), maxAge: BROWSER_COOKIE_MAX_AGE_MS });
}
