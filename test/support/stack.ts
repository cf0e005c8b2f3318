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
import { scratchDatabase } from "./database";

export const SUPERGRAPH = path.resolve(__dirname, "../../schema/supergraph.graphql");

const quiet = { NODE_ENV: "test", LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent", HOST: "127.0.0.1", PORT: "0" };

export interface Stack {
  databaseUrl: string;
  auth: RunningSubgraph;
  email: RunningSubgraph;
  home: RunningSubgraph;
  gateway: RunningGateway;
  /** POSTs a GraphQL operation to the gateway. */
  query: (
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ) => Promise<GraphQLResponse>;
  stop: () => Promise<void>;
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
export async function startStack(): Promise<Stack> {
  const db = await scratchDatabase();
  const env = { ...quiet, DATABASE_URL: db.url };
  const [auth, email, home] = await Promise.all([
    createAuth(authConfig(env)),
    createEmail(emailConfig(env)),
    createHome(homeConfig(env)),
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
    stop: async () => {
      await gateway.close();
      await Promise.all([auth.close(), email.close(), home.close()]);
      await db.drop();
    },
  };
}
