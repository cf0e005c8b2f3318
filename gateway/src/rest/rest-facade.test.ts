/**
 * The REST facade (src/rest/) of docs/identity.md, and the gateway configuration it depends on,
 * against the stand-ins of __tests__/identity-stand-ins.ts.
 */
import { randomUUID } from "node:crypto";
import { SUPERGRAPH } from "../../../test/support/stack";
import { startTestAuthServer, type TestAuthServer } from "../../../test/support/tokens";
import { createApp } from "../app";
import { configFromEnv } from "../config";
import { quiet, startIdentityStandIns, USER, type IdentityStandIns } from "../__tests__/identity-stand-ins";

let auth: TestAuthServer;
let loggedOut: string[];
let call: IdentityStandIns["call"];
let standIns: IdentityStandIns | undefined;

beforeAll(async () => {
  standIns = await startIdentityStandIns();
  ({ auth, loggedOut, call } = standIns);
});
afterAll(() => standIns?.stop());

describe("REST facade", () => {
  it("POST /auth/login answers the token, the user, and the refresh token as a strict HttpOnly cookie", async () => {
    const { status, body, headers } = await call("/auth/login", {
      method: "POST",
      json: { email: "test@example.com", password: "password" },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ tokenType: "Bearer", user: USER, refreshToken: expect.stringMatching(/^refresh-/) });
    expect(body!.expiresIn).toBeGreaterThan(890);
    expect(body!.expiresIn).toBeLessThanOrEqual(900);
    expect(headers.get("cache-control")).toBe("no-store");
    const cookie = headers.get("set-cookie")!;
    expect(cookie).toMatch(/^hg_refresh=refresh-[^;]+;/);
    expect(cookie).toMatch(/; Path=\/auth/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    // And the browser's long-lived id, by which auth recognises a browser it has seen (no grant).
    expect(cookie).toMatch(
      /, hg_browser=[A-Za-z0-9_-]{32}; Max-Age=34560000; Path=\/auth; .*HttpOnly; SameSite=Strict$/,
    );
    // The token it returns works at the gateway.
    const verify = await call("/auth/verify", { headers: { authorization: `Bearer ${body!.accessToken}` } });
    expect(verify.status).toBe(200);
  });

  it("keeps the refresh token out of the body for browsers", async () => {
    const { body } = await call("/auth/login", {
      method: "POST",
      json: { email: "test@example.com", password: "password" },
      headers: { "x-homegraph-client": "browser" },
    });
    expect(body!.accessToken).toEqual(expect.any(String));
    expect(body!.refreshToken).toBeUndefined();
  });

  it("sends the client's address and user agent to auth, for its audit log and rate limits", async () => {
    await call("/auth/login", {
      method: "POST",
      json: { email: "test@example.com", password: "password" },
      headers: { "user-agent": "curl/8.0", "x-request-id": "login-1" },
    });
    const sent = auth.graphqlRequests.at(-1)!.headers;
    expect(sent["user-agent"]).toBe("curl/8.0");
    expect(sent["x-request-id"]).toBe("login-1");
    expect(sent["x-forwarded-for"]).toMatch(/127\.0\.0\.1$/);
  });

  it("validates the login body, and passes auth's refusals on with their HTTP status", async () => {
    const missing = await call("/auth/login", { method: "POST", json: { email: "test@example.com" } });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      error: { code: "BAD_USER_INPUT", message: "Enter your password.", field: "password" },
    });

    const wrong = await call("/auth/login", { method: "POST", json: { email: "test@example.com", password: "nope" } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      error: { code: "UNAUTHENTICATED", message: "That email and password do not match an account." },
    });

    const busy = await call("/auth/login", { method: "POST", json: { email: "busy@example.com", password: "x" } });
    expect(busy.status).toBe(429);
    expect(busy.headers.get("retry-after")).toBe("30");
    expect(busy.body!.error.code).toBe("RATE_LIMITED");

    const notJson = await call("/auth/login", {
      method: "POST",
      body: "{nope",
      headers: { "content-type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body!.error.code).toBe("BAD_USER_INPUT");
  });

  it("POST /auth/refresh takes the cookie or the body, and clears a cookie that no longer works", async () => {
    const byCookie = await call("/auth/refresh", {
      method: "POST",
      headers: { cookie: "hg_refresh=refresh-abcdefghijklmnop" },
    });
    expect(byCookie.status).toBe(200);
    expect(byCookie.body!.tokenType).toBe("Bearer");
    expect(byCookie.headers.get("set-cookie")).toMatch(/^hg_refresh=refresh-/);
    expect(auth.graphqlRequests.at(-1)!.variables).toEqual({ refreshToken: "refresh-abcdefghijklmnop" });

    const byBody = await call("/auth/refresh", { method: "POST", json: { refreshToken: "refresh-0123456789abcdef" } });
    expect(byBody.status).toBe(200);

    const none = await call("/auth/refresh", { method: "POST", json: {} });
    expect(none.status).toBe(401);
    expect(none.body!.error.code).toBe("UNAUTHENTICATED");

    const stale = await call("/auth/refresh", {
      method: "POST",
      headers: { cookie: "hg_refresh=stale-0123456789abcdef" },
    });
    expect(stale.status).toBe(401);
    expect(stale.headers.get("set-cookie")).toMatch(/^hg_refresh=;.*Expires=Thu, 01 Jan 1970/);
  });

  it("POST /auth/logout ends the caller's session at auth (with the caller's token) and clears the cookie", async () => {
    const authorization = auth.bearer();
    const { status, headers } = await call("/auth/logout", { method: "POST", headers: { authorization } });
    expect(status).toBe(204);
    expect(loggedOut.at(-1)).toBe(authorization);
    expect(headers.get("set-cookie")).toMatch(/^hg_refresh=;.*Path=\/auth/);

    const anonymous = await call("/auth/logout", { method: "POST" });
    expect(anonymous.status).toBe(401);
  });

  it("GET /auth/verify answers who the token belongs to, or 401", async () => {
    const sid = randomUUID();
    const ok = await call("/auth/verify", { headers: { authorization: auth.bearer({ sub: 9, sid, role: "MEMBER" }) } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ userId: 9, sessionId: sid, role: "MEMBER", expiresAt: expect.any(String) });

    const anonymous = await call("/auth/verify");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body!.error.code).toBe("UNAUTHENTICATED");
    const expired = await call("/auth/verify", { headers: { authorization: auth.bearer({ expiresIn: -60 }) } });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({
      error: { code: "UNAUTHENTICATED", message: "Your session has expired. Sign in again." },
    });
  });

  it.each(["/users/profile", "/api/users/profile"])("GET %s answers the caller's profile from auth", async (path) => {
    const authorization = auth.bearer();
    const { status, body } = await call(path, { headers: { authorization } });
    expect(status).toBe(200);
    expect(body).toEqual(USER);
    expect(auth.graphqlRequests.at(-1)!.headers.authorization).toBe(authorization);
    expect((await call(path)).status).toBe(401);
  });

  it("POST /auth/pass/redeem signs the guest in with the login's answer and cookies; refusals keep their status", async () => {
    const ok = await call("/auth/pass/redeem", { method: "POST", json: { token: " a-valid-pass " } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ tokenType: "Bearer", user: { id: "42", role: "GUEST", displayName: "Gus" } });
    expect(ok.headers.get("cache-control")).toBe("no-store");
    const cookie = ok.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^hg_refresh=refresh-[^;]+;.*; Path=\/auth;.*HttpOnly; SameSite=Strict/);
    expect(cookie).toMatch(/, hg_browser=[A-Za-z0-9_-]{32};/);
    // Auth got the secret trimmed, once, as a variable (never in the document, which may be logged).
    const sent = auth.graphqlRequests.at(-1)!;
    expect(sent.variables).toEqual({ token: "a-valid-pass" });
    expect(sent.query).not.toContain("a-valid-pass");
    expect(sent.headers["x-forwarded-for"]).toMatch(/127\.0\.0\.1$/);
    const me = await call("/auth/verify", { headers: { authorization: `Bearer ${ok.body!.accessToken}` } });
    expect(me.status).toBe(200);

    const unknown = await call("/auth/pass/redeem", { method: "POST", json: { token: "a-guess" } });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual({ error: { code: "UNAUTHENTICATED", message: "This guest pass link is not valid." } });
    expect(unknown.headers.get("set-cookie")).toBeNull();

    const limited = await call("/auth/pass/redeem", { method: "POST", json: { token: "guessing-too-often" } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(limited.body!.error.code).toBe("RATE_LIMITED");

    const ended = await call("/auth/pass/redeem", { method: "POST", json: { token: "an-ended-pass" } });
    expect(ended.status).toBe(410);
    expect(ended.body!.error).toMatchObject({ code: "PASS_ENDED", endedAt: "2026-12-01T10:00:00.000Z" });

    const empty = await call("/auth/pass/redeem", { method: "POST", json: {} });
    expect(empty.status).toBe(400);
    expect(empty.body!.error).toMatchObject({ code: "BAD_USER_INPUT", field: "token" });
  });

  it("GET /system/health is the gateway's aggregated health", async () => {
    const { status, body } = await call("/system/health");
    expect(status).toBe(200);
    expect(Object.keys(body!.checks).sort()).toEqual(["auth", "email", "home"]);
  });
});

describe("gateway configuration", () => {
  it("marks the refresh cookie Secure when PUBLIC_URL is https, and says when auth is unreachable", async () => {
    const dead = await startTestAuthServer();
    await dead.stop();
    const secure = await createApp(
      configFromEnv({
        ...quiet,
        AUTH_URL: auth.url,
        PUBLIC_URL: "https://home.example",
        SUPERGRAPH_PATH: SUPERGRAPH,
        SUPERGRAPH_WATCH: "false",
      }),
    );
    const down = await createApp(
      configFromEnv({ ...quiet, AUTH_URL: dead.url, SUPERGRAPH_PATH: SUPERGRAPH, SUPERGRAPH_WATCH: "false" }),
    );
    try {
      const res = await fetch(`${secure.url}/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "test@example.com", password: "password" }),
      });
      expect(res.headers.get("set-cookie")).toMatch(/; Secure/);

      const unavailable = await fetch(`${down.url}/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "test@example.com", password: "password" }),
      });
      expect(unavailable.status).toBe(503);
      expect(await unavailable.json()).toEqual({
        error: {
          code: "UNAVAILABLE",
          message: "The sign-in service is unavailable right now. Please try again shortly.",
        },
      });
      const jwks = await fetch(`${down.url}/.well-known/jwks.json`);
      expect(jwks.status).toBe(503);
      // With no keys ever loaded, a token cannot be judged: that is auth being down, not a bad token.
      const gql = await fetch(`${down.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: auth.bearer() },
        body: JSON.stringify({ query: "{ devices { label } }" }),
      });
      expect(gql.status).toBe(503);
    } finally {
      await secure.close();
      await down.close();
    }
  });
});
