import type { CookieOptions, Request, Response } from "express";

export const REFRESH_COOKIE = "hg_refresh";
/** The session's absolute lifetime on auth's side; the browser may forget it no sooner. */
const REFRESH_COOKIE_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/** HttpOnly so page scripts cannot steal it; Strict and scoped to /auth so it is only sent to refresh. */
function cookieOptions(publicUrl: string): CookieOptions {
  return { httpOnly: true, sameSite: "strict", path: "/auth", secure: publicUrl.startsWith("https:") };
}

export function setRefreshCookie(res: Response, publicUrl: string, token: string): void {
  res.cookie(REFRESH_COOKIE, token, { ...cookieOptions(publicUrl), maxAge: REFRESH_COOKIE_MAX_AGE_MS });
}

export function clearRefreshCookie(res: Response, publicUrl: string): void {
  res.clearCookie(REFRESH_COOKIE, cookieOptions(publicUrl));
}

export function refreshCookieOf(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE];
  return typeof value === "string" && value !== "" ? value : undefined;
}
