/**
 * The gateway under test for the identity tests: a stand-in auth service that keeps the contract of
 * docs/identity.md (JWKS, revocations and their stream, and the login/refreshToken/logout/me
 * operations) and a stand-in home subgraph that records what the gateway forwards.
 */
import { randomUUID } from "node:crypto";
import { SUPERGRAPH } from "../../../test/support/stack";
import { startTestAuthServer, type GraphQLRequest, type TestAuthServer } from "../../../test/support/tokens";
import { createApp, type RunningGateway } from "../app";
import { configFromEnv } from "../config";

export const quiet = {
  NODE_ENV: "test",
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
  HOST: "127.0.0.1",
  PORT: "0",
};
export const USER = { id: "1", email: "test@example.com", displayName: "Test", role: "ADMIN" };

export interface CallResult {
  status: number;
  headers: Headers;
  body: Record<string, any> | null;
}

export interface IdentityStandIns {
  auth: TestAuthServer;
  home: TestAuthServer;
  gateway: RunningGateway;
  /** The Authorization header of each logout auth was sent. */
  loggedOut: string[];
  call: (path: string, init?: RequestInit & { json?: unknown }) => Promise<CallResult>;
  graphql: (query: string, headers?: Record<string, string>) => Promise<CallResult>;
  stop: () => Promise<void>;
}

/** What the real auth subgraph answers, reduced to the operations the facade sends. */
function fakeAuth(auth: TestAuthServer, loggedOut: string[]) {
  return (request: GraphQLRequest): unknown => {
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
    if (query.includes("redeemGuestPass(")) {
      // The guest-pass link's secret: one that works, one whose address guessed too often, one ended.
      const token = String(variables.token);
      if (token === "guessing-too-often") {
        return error("RATE_LIMITED", "Too many attempts. Try again in 60 seconds.", { retryAfterSeconds: 60 });
      }
      if (token === "an-ended-pass") {
        return error("PASS_ENDED", "This guest pass has ended.", { endedAt: "2026-12-01T10:00:00.000Z" });
      }
      if (token !== "a-valid-pass") return error("UNAUTHENTICATED", "This guest pass link is not valid.");
      const sid = randomUUID();
      return {
        data: {
          redeemGuestPass: {
            ...session(sid),
            accessToken: auth.mint({ sub: 42, sid, role: "GUEST" }),
            user: { id: "42", email: null, displayName: "Gus", role: "GUEST" },
          },
        },
      };
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
  };
}

export async function startIdentityStandIns(): Promise<IdentityStandIns> {
  const loggedOut: string[] = [];
  const auth = await startTestAuthServer();
  auth.onGraphQL = fakeAuth(auth, loggedOut);
  const home = await startTestAuthServer();
  home.onGraphQL = () => ({ data: { devices: [{ label: "Porch light" }] } });
  const gateway = await createApp(
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

  async function call(path: string, init: RequestInit & { json?: unknown } = {}): Promise<CallResult> {
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

  const stop = async () => {
    await gateway.close();
    await auth.stop();
    await home.stop();
  };
  return { auth, home, gateway, loggedOut, call, graphql, stop };
}
