/**
 * The gateway's side of docs/identity.md, against a stand-in auth service that keeps the contract
 * (JWKS, revocations and their stream, and the login/refreshToken/logout/me operations) and a
 * stand-in home subgraph that records what the gateway forwards.
 */
import { createHmac, randomUUID } from "node:crypto";
import { SUPERGRAPH } from "../../test/support/stack";
import { startTestAuthServer, within, type GraphQLRequest, type TestAuthServer } from "../../test/support/tokens";
import { createApp, type RunningGateway } from "./app";
import { configFromEnv } from "./config";

const quiet = { NODE_ENV: "test", LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent", HOST: "127.0.0.1", PORT: "0" };
const USER = { id: "1", email: "test@example.com", displayName: "Test", role: "ADMIN" };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

let auth: TestAuthServer;
let home: TestAuthServer;
let gateway: RunningGateway;
const loggedOut: string[] = [];

/** What the real auth subgraph answers, reduced to the operations the facade sends. */
function fakeAuth(request: GraphQLRequest): unknown {
  const { query, variables } = request;
  const session = (sid = randomUUID()) => ({
    accessToken: auth.mint({ sub: 1, sid, role: "ADMIN" }),
    refreshToken: `refresh-${sid}`,
    expiresAt: new Date(Date.now() + 900_000).toISOString(),
    user: USER,
  });
  const error = (code: string, message: string, extra: Record<string, unknown> = {}) => ({
    data: null,
    errors: [{ message, extensions: { code, ...extra } }],
  });
  if (query.includes("login(")) {
    if (variables.email === "busy@example.com") {
      return error("RATE_LIMITED", "Too many sign-in attempts. Try again in 30 seconds.", { retryAfterSeconds: 30 });
    }
    if (variables.email !== USER.email || variables.password !== "password") {
      return error("UNAUTHENTICATED", "That email and password do not match an account.");
    }
    return { data: { login: session() } };
  }
  if (query.includes("refreshToken(")) {
    const token = String(variables.refreshToken);
    if (!token.startsWith("refresh-")) return error("UNAUTHENTICATED", "Your session has ended. Sign in again.");
    return { data: { refreshToken: session() } };
  }
  if (query.includes("logout")) {
    loggedOut.push(String(request.headers.authorization));
    return { data: { logout: true } };
  }
  if (query.includes("me {")) return { data: { me: USER } };
  return error("INTERNAL", "unexpected operation");
}

async function call(path: string, init: RequestInit & { json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const res = await fetch(`${gateway.url}${path}`, {
    ...init,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : null };
}

const graphql = (query: string, headers: Record<string, string> = {}) =>
  call("/graphql", { method: "POST", json: { query }, headers });

beforeAll(async () => {
  auth = await startTestAuthServer();
  auth.onGraphQL = fakeAuth;
  home = await startTestAuthServer();
  home.onGraphQL = () => ({ data: { devices: [{ label: "Porch light" }] } });
  gateway = await createApp(
    configFromEnv({
      ...quiet,
      AUTH_URL: auth.url,
      EMAIL_URL: home.url,
      HOME_URL: home.url,
      SUPERGRAPH_PATH: SUPERGRAPH,
      SUPERGRAPH_WATCH: "false",
      HEALTH_TIMEOUT_MS: "1000",
    }),
  );
});
afterAll(async () => {
  await gateway?.close();
  await auth?.stop();
  await home?.stop();
});

describe("GraphQL at the gateway", () => {
  it("forwards a verified token unchanged with the request id, user agent and client address", async () => {
    const authorization = auth.bearer({ sub: 3 });
    const { status, body } = await graphql("{ devices { label } }", {
      authorization,
      "x-request-id": "trace-7",
      "user-agent": "homegraph-test/1.0",
      "x-user-id": "999",
    });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { devices: [{ label: "Porch light" }] } });
    const sent = home.graphqlRequests.at(-1)!.headers;
    expect(sent.authorization).toBe(authorization);
    expect(sent["x-request-id"]).toBe("trace-7");
    expect(sent["user-agent"]).toBe("homegraph-test/1.0");
    expect(sent["x-forwarded-for"]).toMatch(/127\.0\.0\.1$/);
    // A plain identity header never travels: subgraphs would not trust it anyway.
    expect(sent["x-user-id"]).toBeUndefined();
  });

  it("shares one subgraph request among identical queries in flight with the same token, never among mutations", async () => {
    const previous = home.onGraphQL;
    // Slow enough that the concurrent requests overlap.
    home.onGraphQL = async (request) => {
      await new Promise((r) => setTimeout(r, 300));
      return previous?.(request);
    };
    try {
      const [ann, bob] = [auth.bearer({ sub: 3 }), auth.bearer({ sub: 4 })];
      const before = home.graphqlRequests.length;
      const answers = await Promise.all(
        [...Array(10).fill(ann), ...Array(10).fill(bob)].map((authorization: string) =>
          graphql("{ devices { label } }", { authorization }),
        ),
      );
      for (const { status, body } of answers) {
        expect(status).toBe(200);
        expect(body).toEqual({ data: { devices: [{ label: "Porch light" }] } });
      }
      const sent = home.graphqlRequests.slice(before);
      expect(sent).toHaveLength(2);
      expect(sent.map((r) => r.headers.authorization).sort()).toEqual([ann, bob].sort());

      const mutations = home.graphqlRequests.length;
      await Promise.all(
        Array.from({ length: 3 }, () =>
          graphql(
            `
              mutation {
                setSwitch(deviceId: "1", on: true) {
                  id
                }
              }
            `,
            { authorization: ann },
          ),
        ),
      );
      expect(home.graphqlRequests.length - mutations).toBe(3);
    } finally {
      home.onGraphQL = previous;
    }
  });

  it("lets an anonymous request through without a token, for the subgraphs' @Authorized to judge", async () => {
    const { status } = await graphql("{ devices { label } }");
    expect(status).toBe(200);
    expect(home.graphqlRequests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it("takes the client address from x-forwarded-for only from a trusted proxy (loopback by default)", async () => {
    await graphql("{ devices { label } }", { "x-forwarded-for": "203.0.113.9" });
    expect(home.graphqlRequests.at(-1)!.headers["x-forwarded-for"]).toBe("203.0.113.9");
  });

  it("answers alg none, HS256 with the public key, expired, another audience and an unknown key with 401", async () => {
    const key = auth.keys[0]!;
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: "1", sid: "s", role: "ADMIN", iss: "homegraph", aud: "homegraph", jti: "j", exp: now + 600 };
    const none = `${b64({ alg: "none", typ: "JWT", kid: key.kid })}.${b64(claims)}.`;
    const unsigned = `${b64({ alg: "HS256", typ: "JWT", kid: key.kid })}.${b64(claims)}`;
    const pem = key.publicKey.export({ format: "pem", type: "spki" }) as string;
    const hs256 = `${unsigned}.${createHmac("sha256", pem).update(unsigned).digest("base64url")}`;
    const before = home.graphqlRequests.length;
    for (const token of [
      none,
      hs256,
      auth.mint({ expiresIn: -60 }),
      auth.mint({ aud: "another-app" }),
      auth.mint({ iss: "elsewhere" }),
      auth.mint({ header: { kid: "no-such-key" } }),
    ]) {
      const { status, body, headers } = await graphql("{ devices { label } }", { authorization: `Bearer ${token}` });
      expect(status).toBe(401);
      expect(body).toEqual({
        errors: [{ message: expect.stringMatching(/\.$/), extensions: { code: "UNAUTHENTICATED" } }],
      });
      expect(headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    expect(home.graphqlRequests.length).toBe(before);
    const expired = await graphql("{ devices { label } }", { authorization: auth.bearer({ expiresIn: -60 }) });
    expect(expired.body!.errors[0].message).toBe("Your session has expired. Sign in again.");
  });

  it("refuses a token within 1 s of auth pushing its session's revocation", async () => {
    const sid = randomUUID();
    const authorization = auth.bearer({ sid });
    expect((await graphql("{ devices { label } }", { authorization })).status).toBe(200);
    auth.revoke(sid);
    const took = await within(
      1000,
      async () => (await graphql("{ devices { label } }", { authorization })).status === 401,
    );
    expect(took).toBeLessThan(1000);
  });
});

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

  it("GET /system/health is the gateway's aggregated health", async () => {
    const { status, body } = await call("/system/health");
    expect(status).toBe(200);
    expect(Object.keys(body!.checks).sort()).toEqual(["auth", "email", "home"]);
  });
});

describe("auth's public endpoints through the gateway", () => {
  it("serves the JWKS and the revocation list", async () => {
    const jwks = await call("/.well-known/jwks.json");
    expect(jwks.status).toBe(200);
    expect(jwks.body).toEqual({ keys: auth.keys.map((k) => k.jwk) });
    expect(jwks.headers.get("cache-control")).toBe("public, max-age=300");
    auth.revoke("listed");
    const list = await call("/auth/revocations");
    expect(list.body!.revoked).toEqual(expect.arrayContaining([{ sid: "listed", exp: expect.any(Number) }]));
  });

  it("streams revocations as they happen, not buffered", async () => {
    const abort = new AbortController();
    const res = await fetch(`${gateway.url}/auth/revocations/stream`, { signal: abort.signal });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let seen = "";
    const started = Date.now();
    await within(1000, () => auth.openStreams() >= 2); // the gateway's own verifier holds one
    auth.revoke("streamed");
    while (!seen.includes('"sid":"streamed"')) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value);
    }
    expect(seen).toContain('event: revoked\ndata: {"sid":"streamed"');
    expect(Date.now() - started).toBeLessThan(1500);
    abort.abort();
    // The upstream connection ends with the client's.
    await within(1000, () => auth.openStreams() === 1);
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
