import path from "node:path";
import type { RunningSubgraph } from "../../packages/common/src";
import { createApp as createAuth } from "../../subgraphs/auth/src/app";
import { configFromEnv as authConfig } from "../../subgraphs/auth/src/config";
import { createApp as createEmail } from "../../subgraphs/email/src/app";
import { configFromEnv as emailConfig } from "../../subgraphs/email/src/config";
import { createApp as createHome } from "../../subgraphs/home/src/app";
import { configFromEnv as homeConfig } from "../../subgraphs/home/src/config";
import { createApp as createGateway, type RunningGateway } from "../../gateway/src/app";
import { configFromEnv as gatewayConfig } from "../../gateway/src/config";
import bcrypt from "bcryptjs";
import { Client } from "pg";
import { scratchDatabase } from "./database";
import { freePort } from "./ports";

export const SUPERGRAPH = path.resolve(__dirname, "../../schema/supergraph.graphql");

const quiet = { NODE_ENV: "test", LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent", HOST: "127.0.0.1", PORT: "0" };

export interface Stack {
  databaseUrl: string;
  auth: RunningSubgraph;
  email: RunningSubgraph;
  home: RunningSubgraph;
  gateway: RunningGateway;
  /** Adds a person with a password straight to auth.users (bcrypt cost 10, fast enough for tests). */
  addUser: (user: {
    email: string;
    password: string;
    displayName?: string;
    role?: "ADMIN" | "MEMBER";
  }) => Promise<number>;
  /** Signs in through the gateway's REST facade; the Authorization header value to use next. */
  signIn: (email: string, password: string) => Promise<SignedIn>;
  /** POSTs a GraphQL operation to the gateway. */
  query: (
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ) => Promise<GraphQLResponse>;
  stop: () => Promise<void>;
}

export interface SignedIn {
  accessToken: string;
  refreshToken: string;
  authorization: string;
  user: { id: string; email: string; displayName: string; role: string };
}

export interface GraphQLResponse {
  status: number;
  body: {
    data?: Record<string, any> | null;
    errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
  };
}

export async function postGraphQL(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse> {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLResponse["body"] };
}

/** The three subgraphs and the gateway, each a real server on an ephemeral port, on a database of their own. */
export async function startStack(options: { authEnv?: Record<string, string> } = {}): Promise<Stack> {
  const db = await scratchDatabase();
  const env = { ...quiet, DATABASE_URL: db.url };
  // Auth's port is chosen first: every other service finds its keys and revocations through it.
  const authPort = await freePort();
  const authUrl = `http://127.0.0.1:${authPort}`;
  const auth = await createAuth(
    authConfig({ ...env, PORT: String(authPort), AUTH_URL: authUrl, BCRYPT_COST: "10", ...options.authEnv }),
  );
  const [email, home] = await Promise.all([
    // A catcher on a port of its own: stacks of parallel test files must not share one.
    createEmail(emailConfig({ ...env, AUTH_URL: authUrl, SMTP_CATCHER_PORT: "0" })),
    createHome(homeConfig({ ...env, AUTH_URL: authUrl })),
  ]);
  const gateway = await createGateway(
    gatewayConfig({
      ...quiet,
      AUTH_URL: auth.url,
      EMAIL_URL: email.url,
      HOME_URL: home.url,
      SUPERGRAPH_PATH: SUPERGRAPH,
      SUPERGRAPH_WATCH: "false",
      HEALTH_TIMEOUT_MS: "1000",
    }),
  );
  return {
    databaseUrl: db.url,
    auth,
    email,
    home,
    gateway,
    query: (q, v, h) => postGraphQL(gateway.url, q, v, h),
    addUser: async ({ email, password, displayName = email.split("@")[0]!, role = "MEMBER" }) => {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query(
          `insert into auth.users (email, display_name, role, password_hash) values ($1, $2, $3, $4) returning id`,
          [email, displayName, role, await bcrypt.hash(password, 10)],
        );
        return Number(rows[0].id);
      } finally {
        await client.end();
      }
    },
    signIn: async (email, password) => {
      const res = await fetch(`${gateway.url}/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      });
      const body = (await res.json()) as Omit<SignedIn, "authorization">;
      if (res.status !== 200) throw new Error(`sign-in failed with HTTP ${res.status}: ${JSON.stringify(body)}`);
      return { ...body, authorization: `Bearer ${body.accessToken}` };
    },
    stop: async () => {
      await gateway.close();
      await Promise.all([auth.close(), email.close(), home.close()]);
      await db.drop();
    },
  };
}
