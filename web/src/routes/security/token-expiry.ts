import { tokenClaims } from "../../session/store";

/**
 * When an access token runs out (its `exp`), for a token answered without `expiresAt`: the
 * session store schedules its renewal from it. Five minutes from now if it cannot be read.
 */
export function tokenExpiry(token: string, now = Date.now()): string {
  const exp = tokenClaims(token).exp;
  const at = typeof exp === "number" ? new Date(exp * 1000) : undefined;
  // An `exp` past what a Date holds (or not finite) reads as no expiry at all.
  if (at && !Number.isNaN(at.getTime())) return at.toISOString();
  return new Date(now + 5 * 60_000).toISOString();
}
