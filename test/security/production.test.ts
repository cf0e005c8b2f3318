/**
 * Production mode (NODE_ENV=production): a gateway in front of the real subgraphs shows HTTPS-only
 * behaviour (HSTS, Secure cookie), security headers, no introspection, no field suggestions and
 * no landing page; each service refuses to start with missing or placeholder secrets or with the
 * demo household still active.
 */
import type { RunningGateway } from "../../gateway/src/app";
import { configFromEnv as authConfig } from "../../subgraphs/auth/src/config";
import { createApp as createAuth } from "../../subgraphs/auth/src/app";
import { configFromEnv as emailConfig } from "../../subgraphs/email/src/config";
import { createApp as createHome } from "../../subgraphs/home/src/app";
import { configFromEnv as homeConfig } from "../../subgraphs/home/src/config";
import type { ConfigError } from "../../packages/common/src";
import { attackLog, codeOf } from "../support/attacks";
import { startSubgraphForTest } from "../support/subgraph";
import { postGraphQL, startGatewayFor, startStack, type GraphQLResponse, type Stack } from "../support/stack";

const log = attackLog("production");
let stack: Stack;
let prod: RunningGateway;
const SECRET = "5d41402abc4b2a76b9719d911017c592a1b2c3d4e5f60718";

beforeAll(async () => {
  stack = await startStack();
  await stack.addUser({ email: "pia@example.com", password: "correct horse battery", role: "ADMIN" });
  prod = await startGatewayFor(stack, {
    NODE_ENV: "production",
    PUBLIC_URL: "https://home.example.net",
    CORS_ORIGINS: "https://home.example.net",
    TRUST_PROXY: "loopback",
  });
});
afterAll(async () => {
  log.finish();
  await prod?.close();
  await stack?.stop();
});

const signIn = () =>
  fetch(`${prod.url}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-proto": "https" },
    body: JSON.stringify({ email: "pia@example.com", password: "correct horse battery" }),
  });

/** Introspection refused, and a misspelt field answered without a "Did you mean" that would spell the schema. */
async function schemaHidden(target: string, query: (q: string) => Promise<GraphQLResponse>, typo: string) {
  const { body } = await query(`{ __schema { types { name } } }`);
  log.refused("introspection", target, "BAD_USER_INPUT", codeOf(body));
  const message = (await query(typo)).body.errors?.[0]?.message ?? "";
  log.refused("field suggestions", target, "no suggestion", /did you mean/i.test(message) ? message : "no suggestion");
}

describe("the gateway in production", () => {
  it("sends HSTS, a strict CSP and the other security headers", async () => {
    const res = await fetch(`${prod.url}/health`);
    const h = (name: string) => res.headers.get(name) ?? "";
    log.refused(
      "downgrade to http",
      "gateway HSTS",
      "max-age=15552000; includeSubDomains",
      h("strict-transport-security"),
    );
    const csp = h("content-security-policy");
    const strict =
      /script-src 'self'(;|$)/.test(csp) && /frame-ancestors 'none'/.test(csp) && /object-src 'none'/.test(csp);
    log.refused(
      "script injection / framing",
      "gateway CSP",
      "script-src 'self', no frames",
      strict ? "script-src 'self', no frames" : csp,
    );
    expect(h("x-content-type-options")).toBe("nosniff");
    expect(h("x-frame-options")).toBe("SAMEORIGIN");
    expect(h("referrer-policy")).toBe("no-referrer");
    expect(h("x-powered-by")).toBe("");
  });

  it("sets the refresh cookie Secure", async () => {
    const res = await signIn();
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    log.refused(
      "refresh cookie over plain http",
      "gateway /auth/login",
      "Secure; HttpOnly; SameSite=Strict",
      ["Secure", "HttpOnly", "SameSite=Strict"].every((f) => cookie.includes(f))
        ? "Secure; HttpOnly; SameSite=Strict"
        : cookie,
    );
  });

  it("hides the schema: no introspection, no field suggestions, no landing page", async () => {
    await schemaHidden("production gateway", (q) => postGraphQL(prod.url, q), `{ me { displayNam } }`);
    const page = await fetch(`${prod.url}/graphql`, { headers: { accept: "text/html" } });
    const html = await page.text();
    log.refused(
      "landing page (Sandbox)",
      "production gateway",
      "none",
      /apollographql|sandbox/i.test(html) ? "served" : "none",
    );
    // The control: the development gateway does suggest, so the check above can fail.
    const dev = await stack.query(`{ me { displayNam } }`);
    expect(dev.body.errors?.[0]?.message).toMatch(/did you mean/i);
  });

  it("believes X-Forwarded-For only from TRUST_PROXY", async () => {
    const strict = await startGatewayFor(stack, {
      NODE_ENV: "production",
      PUBLIC_URL: "https://home.example.net",
      TRUST_PROXY: "false",
    });
    try {
      const attempt = (url: string, ip: string) =>
        fetch(`${url}/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": ip },
          body: JSON.stringify({ email: "pia@example.com", password: "wrong" }),
        });
      await attempt(prod.url, "192.0.2.44");
      await attempt(strict.url, "192.0.2.45");
      const keys = (await stack.sql(`select key from auth.rate_limit_buckets where key like 'login:ip:%'`)).map(
        (r) => r.key as string,
      );
      // The control: from a trusted peer (loopback here) the forwarded address is the client's.
      expect(keys).toContain("login:ip:192.0.2.44");
      log.refused(
        "spoofed X-Forwarded-For from an untrusted peer",
        "gateway with TRUST_PROXY=false",
        "ignored",
        keys.includes("login:ip:192.0.2.45") ? "believed" : "ignored",
      );
    } finally {
      await strict.close();
    }
  });

  it("a subgraph reached directly hides its schema too", async () => {
    const home = await startSubgraphForTest(createHome, homeConfig, { NODE_ENV: "production", SERVICE_SECRET: SECRET });
    try {
      await schemaHidden("production home subgraph", (q) => home.query(q), `{ roms { name } }`);
    } finally {
      await home.stop();
    }
  });
});

describe("secrets required in production", () => {
  const base = { NODE_ENV: "production", DATABASE_URL: "postgres://localhost/x" };
  const refusal = (start: () => unknown) => {
    try {
      start();
      return "started";
    } catch (err) {
      // Each problem names its variable; a single one is a single line.
      const problems = (err as ConfigError).problems;
      expect(problems.length > 1 || !(err as Error).message.includes("\n")).toBe(true);
      return problems.map((p) => p.variable).join(", ");
    }
  };
  it("each service names the missing or placeholder secret", () => {
    log.refused(
      "no secrets",
      "auth",
      "AUTH_SECRET, SERVICE_SECRET",
      refusal(() => authConfig(base)),
    );
    log.refused(
      "placeholder secrets",
      "auth",
      "AUTH_SECRET, SERVICE_SECRET",
      refusal(() =>
        authConfig({ ...base, AUTH_SECRET: "change-me-change-me-change-me-change-me", SERVICE_SECRET: "x".repeat(40) }),
      ),
    );
    log.refused(
      "demo seed",
      "auth",
      "DEMO_SEED",
      refusal(() => authConfig({ ...base, AUTH_SECRET: SECRET, SERVICE_SECRET: SECRET, DEMO_SEED: "1" })),
    );
    log.refused(
      "no service secret",
      "email",
      "SERVICE_SECRET",
      refusal(() => emailConfig(base)),
    );
    log.refused(
      "no service secret",
      "home",
      "SERVICE_SECRET",
      refusal(() => homeConfig(base)),
    );
    // The control: real secrets start.
    expect(refusal(() => authConfig({ ...base, AUTH_SECRET: SECRET, SERVICE_SECRET: SECRET }))).toBe("started");
    expect(refusal(() => emailConfig({ ...base, SERVICE_SECRET: SECRET }))).toBe("started");
    expect(refusal(() => homeConfig({ ...base, SERVICE_SECRET: SECRET }))).toBe("started");
  });

  it("auth refuses to start while a demo account is active", async () => {
    await stack.addUser({ email: "test@example.com", password: "password", role: "ADMIN" });
    const config = authConfig({
      NODE_ENV: "production",
      LOG_LEVEL: "silent",
      HOST: "127.0.0.1",
      PORT: "0",
      DATABASE_URL: stack.databaseUrl,
      AUTH_SECRET: SECRET,
      SERVICE_SECRET: SECRET,
      BCRYPT_COST: "10",
    });
    let seen = "started";
    try {
      const auth = await createAuth(config);
      await auth.close();
    } catch (err) {
      seen =
        (err as Error).message.includes("DEMO_SEED") && (err as Error).message.includes("test@example.com")
          ? "DEMO_SEED"
          : (err as Error).message;
    }
    log.refused("demo accounts active", "auth start", "DEMO_SEED", seen);
  });
});
