import { Pool } from "pg";
import type { Env, RunningSubgraph } from "../../packages/common/src";
import { scratchDatabase } from "./database";
import { postGraphQL } from "./stack";
import { startTestAuthServer, type TestAuthServer } from "./tokens";

export interface SubgraphUnderTest {
  service: RunningSubgraph;
  databaseUrl: string;
  sql: (text: string, values?: unknown[]) => Promise<Record<string, any>[]>;
  query: (
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ) => ReturnType<typeof postGraphQL>;
  /** Stands in for the auth service (JWKS, revocations): mints the tokens this subgraph accepts. */
  tokens: TestAuthServer;
  /** Stops the service, runs `whileDown` (what changes while it is away), and starts it again on the same database. */
  restart: (whileDown?: () => Promise<void> | void) => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * One subgraph, really started on an ephemeral port, on a database of the test file's own, with
 * AUTH_URL pointing at a local stand-in for the auth service's keys and revocations.
 */
export async function startSubgraphForTest<C>(
  createApp: (config: C) => Promise<RunningSubgraph>,
  configFromEnv: (env: Env) => C,
  extraEnv: Env = {},
): Promise<SubgraphUnderTest> {
  const db = await scratchDatabase();
  const tokens = await startTestAuthServer();
  const env = {
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    PORT: "0",
    DATABASE_URL: db.url,
    AUTH_URL: tokens.url,
    ...extraEnv,
  };
  // A pool, so the test's own connection survives the outages that tests cause on purpose.
  const client = new Pool({ connectionString: db.url, max: 2 });
  client.on("error", () => undefined);
  const handle: SubgraphUnderTest = {
    service: await createApp(configFromEnv(env)),
    databaseUrl: db.url,
    sql: async (text, values) => (await client.query(text, values)).rows,
    query: (q, v, h) => postGraphQL(handle.service.url, q, v, h),
    tokens,
    restart: async (whileDown) => {
      await handle.service.close();
      await whileDown?.();
      handle.service = await createApp(configFromEnv(env));
    },
    stop: async () => {
      await handle.service.close();
      await client.end().catch(() => undefined);
      await tokens.stop();
      await db.drop();
    },
  };
  return handle;
}

export async function healthOf(url: string) {
  const res = await fetch(`${url}/health`);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
