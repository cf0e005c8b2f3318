import { tokenExpiry } from "./token-expiry";

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const jwt = (claims: unknown) => `${b64url({ alg: "ES256" })}.${b64url(claims)}.signature`;
const NOW = Date.parse("2026-12-05T10:00:00Z");
const FIVE_MINUTES_ON = "2026-12-05T10:05:00.000Z";

test("a token's exp is when it runs out", () => {
  expect(tokenExpiry(jwt({ sub: "1", exp: 1796464800 }), NOW)).toBe("2026-12-05T10:00:00.000Z");
});

test.each([
  ["no exp", jwt({ sub: "1" })],
  ["an exp that is not a number", jwt({ exp: "soon" })],
  ["an exp past any date", jwt({ exp: 1e20 })],
  ["claims that are not an object", jwt(null)],
  ["not a JWT", "hgp_not-a-jwt"],
  ["a payload that is not JSON", "a.%%%.b"],
])("%s: five minutes from now", (_what, token) => {
  expect(tokenExpiry(token, NOW)).toBe(FIVE_MINUTES_ON);
});
