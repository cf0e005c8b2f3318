/**
 * When an access token runs out (its `exp`), for a token answered without `expiresAt`: the
 * session store schedules its renewal from it. Five minutes from now if it cannot be read.
 */
export function tokenExpiry(token: string, now = Date.now()): string {
  try {
    const part = token.split(".")[1] ?? "";
    const json = atob(
      part
        .replace(/-/g, "+")
        .replace(/_/g, "/")
        .padEnd(Math.ceil(part.length / 4) * 4, "="),
    );
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    if (typeof exp === "number" && Number.isFinite(exp)) return new Date(exp * 1000).toISOString();
  } catch {
    // Not a JWT we can read: fall through.
  }
  return new Date(now + 5 * 60_000).toISOString();
}
