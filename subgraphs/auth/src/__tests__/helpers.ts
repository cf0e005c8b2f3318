import type { Env } from "@homegraph/common";
import { startSubgraphForTest, type SubgraphUnderTest } from "../../../../test/support/subgraph";
import { postGraphQL, type GraphQLResponse } from "../../../../test/support/stack";
import { createApp, type RunningAuth } from "../app";
import { configFromEnv } from "../config";

/**
 * bcrypt cost 10 keeps a whole test file's hashing to a few seconds. No email service here: the
 * outbox rows stay PENDING for the tests to read (a port nothing listens on, not a running stack's).
 */
export const TEST_ENV: Env = { BCRYPT_COST: "10", PASSWORD_WORKERS: "2", EMAIL_URL: "http://127.0.0.1:1" };

export interface AuthUnderTest extends SubgraphUnderTest {
  service: RunningAuth;
  url: () => string;
  gql: (
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
    headers?: Record<string, string>,
  ) => Promise<GraphQLResponse>;
  /** Another instance of the service on the same database, as a second replica. */
  startReplica: (extra?: Env) => Promise<RunningAuth>;
}

export async function startAuth(extra: Env = {}): Promise<AuthUnderTest> {
  let baseEnv: Env = {};
  const handle = (await startSubgraphForTest(createApp, (env) => {
    baseEnv = env;
    return configFromEnv({ ...env, ...TEST_ENV, ...extra });
  })) as AuthUnderTest;
  handle.url = () => handle.service.url;
  handle.gql = (query, variables, token, headers = {}) =>
    postGraphQL(handle.service.url, query, variables, {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    });
  handle.startReplica = (more = {}) => createApp(configFromEnv({ ...baseEnv, ...TEST_ENV, ...extra, ...more }));
  return handle;
}

export async function createUser(
  auth: AuthUnderTest,
  user: { email: string; password: string; role?: "ADMIN" | "MEMBER"; displayName?: string },
): Promise<number> {
  const hash = await auth.service.runtime.hasher.hash(user.password);
  const [row] = await auth.sql(
    `insert into auth.users (email, display_name, role, password_hash) values ($1, $2, $3, $4) returning id`,
    [user.email, user.displayName ?? user.email.split("@")[0], user.role ?? "MEMBER", hash],
  );
  return row!.id as number;
}

export const LOGIN = `mutation ($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken expiresAt refreshTokenExpiresAt user { id email role } }
}`;

export const REFRESH = `mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }`;

export async function login(
  auth: AuthUnderTest,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ accessToken: string; refreshToken: string; userId: string }> {
  const res = await auth.gql(LOGIN, { email, password }, undefined, headers);
  if (!res.body.data?.login) throw new Error(`login failed: ${JSON.stringify(res.body.errors)}`);
  const { accessToken, refreshToken, user } = res.body.data.login;
  return { accessToken, refreshToken, userId: user.id };
}

export function codeOf(res: GraphQLResponse): unknown {
  return res.body.errors?.[0]?.extensions?.code;
}

/** Reads an SSE stream until `predicate` holds for the text so far (or the timeout passes). */
export async function readStreamUntil(
  url: string,
  predicate: (text: string) => boolean,
  timeoutMs: number,
  onOpen?: () => Promise<void>,
): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let text = "";
  try {
    const res = await fetch(url, { signal: controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let opened = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (!opened && onOpen) {
        opened = true;
        await onOpen();
      }
      if (predicate(text)) break;
    }
  } catch (err) {
    if ((err as Error).name !== "AbortError") throw err;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return text;
}
