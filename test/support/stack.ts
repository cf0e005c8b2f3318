import { randomBytes } from "node:crypto";
import type { RunningSubgraph } from "../../packages/common/src";
import { createApp as createAuth } from "../../subgraphs/auth/src/app";
import { configFromEnv as authConfig } from "../../subgraphs/auth/src/config";
import { createApp as createEmail, type RunningEmail } from "../../subgraphs/email/src/app";
import { configFromEnv as emailConfig } from "../../subgraphs/email/src/config";
import { createApp as createHome } from "../../subgraphs/home/src/app";
import { configFromEnv as homeConfig } from "../../subgraphs/home/src/config";
import { createApp as createGateway, type RunningGateway } from "../../gateway/src/app";
import { configFromEnv as gatewayConfig } from "../../gateway/src/config";
import { Pool } from "pg";
import type { RunningSimulator } from "../../hub-simulator/src/app";
import type { SimulatorConfig } from "../../hub-simulator/src/config";
import { scratchDatabase } from "./database";
import { startHubSimulator } from "./hub-simulator";
import { freePort, freePorts } from "../../scripts/lib/stack-harness.cjs";
import {
  gatewaySignIn,
  insertUser,
  serviceEnv,
  SUPERGRAPH,
  type NewUser,
  type SignInBody,
  type Sql,
} from "./stack-env";

export { SUPERGRAPH };

const quiet = { NODE_ENV: "test", LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent", HOST: "127.0.0.1", PORT: "0" };

export interface Stack {
  databaseUrl: string;
  auth: RunningSubgraph;
  email: RunningEmail;
  home: RunningSubgraph;
  gateway: RunningGateway;
  /** The hub simulator home talks to, when the stack was started with `hub`. */
  hub?: RunningSimulator;
  /** Stops the email service (auth's outbox then keeps its mail waiting). */
  stopEmail: () => Promise<void>;
  /** Starts the email service again on the same port, the same database and the same catcher port. */
  startEmail: () => Promise<void>;
  /** Runs SQL on the stack's database (every schema). */
  sql: (text: string, values?: unknown[]) => Promise<Record<string, any>[]>;
  /** Adds a person with a password straight to auth.users (bcrypt cost 10, fast enough for tests). */
  addUser: (user: NewUser) => Promise<number>;
  /** Signs in through the gateway's REST facade; the Authorization header value to use next. */
  signIn: (email: string, password: string) => Promise<SignedIn>;
  /** Stops the home subgraph, as a crash or deploy would; `startHome` brings it back on the same port. */
  stopHome: () => Promise<void>;
  startHome: () => Promise<void>;
  /** POSTs a GraphQL operation to the gateway. */
  query: (
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ) => Promise<GraphQLResponse>;
  stop: () => Promise<void>;
}

export interface SignedIn extends SignInBody {
  authorization: string;
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
export async function startStack(
  options: {
    authEnv?: Record<string, string>;
    homeEnv?: Record<string, string>;
    /** Added to the email service's environment (an `SMTP_URL` of the test's own, say). */
    emailEnv?: Record<string, string>;
    /**
     * Starts a hub simulator (quiet unless its config says otherwise) and points home at it: home
     * then syncs from it on start and registers its event URL there, as with a real hub.
     */
    hub?: boolean | Partial<SimulatorConfig>;
    /** Added to the gateway's environment. */
    gatewayEnv?: Record<string, string>;
    /** A database of the test's own, kept when the stack stops (a restart on the same data). */
    databaseUrl?: string;
  } = {},
): Promise<Stack> {
  const db = options.databaseUrl
    ? { url: options.databaseUrl, drop: () => Promise.resolve() }
    : await scratchDatabase();
  const hub = options.hub ? await startHubSimulator(options.hub === true ? {} : options.hub) : undefined;
  // Shared by the services that ask auth for service tokens (docs/identity.md).
  const env = { ...quiet, DATABASE_URL: db.url, SERVICE_SECRET: randomBytes(32).toString("hex") };
  // Every port is chosen before anything starts: each service finds the others through them, and a
  // restarted email or home service comes back where the others expect it.
  const [authPort, emailPort, homePort] = await freePorts(3);
  const urls = {
    auth: `http://127.0.0.1:${authPort}`,
    email: `http://127.0.0.1:${emailPort}`,
    home: `http://127.0.0.1:${homePort}`,
  };
  const roles = serviceEnv(urls, hub);
  const auth = await createAuth(authConfig({ ...env, ...roles.auth, PORT: String(authPort), ...options.authEnv }));
  // A catcher on a port of its own: stacks of parallel test files must not share one. Fixed after
  // the first start, so a restarted email service finds its own catcher again.
  const catcherPort = await freePort();
  const emailEnv = {
    ...env,
    ...roles.email,
    PORT: String(emailPort),
    SMTP_CATCHER_PORT: String(catcherPort),
    ...options.emailEnv,
  };
  const homeEnv = { ...env, ...roles.home, PORT: String(homePort), ...options.homeEnv };
  const [email, home] = await Promise.all([createEmail(emailConfig(emailEnv)), createHome(homeConfig(homeEnv))]);
  let emailRunning: RunningEmail | undefined = email;
  const pool = new Pool({ connectionString: db.url, max: 2 });
  pool.on("error", () => undefined);
  const sql: Sql = async (text, values) => (await pool.query(text, values)).rows;
  const gateway = await createGateway(gatewayConfig({ ...quiet, ...roles.gateway, ...options.gatewayEnv }));
  const stack: Stack = {
    databaseUrl: db.url,
    auth,
    email,
    home,
    gateway,
    hub,
    stopEmail: async () => {
      await emailRunning?.close();
      emailRunning = undefined;
    },
    startEmail: async () => {
      emailRunning = stack.email = await createEmail(emailConfig(emailEnv));
    },
    stopHome: () => stack.home.close(),
    startHome: async () => {
      stack.home = await createHome(homeConfig(homeEnv));
    },
    sql,
    query: (q, v, h) => postGraphQL(gateway.url, q, v, h),
    addUser: (user) => insertUser(sql, user),
    signIn: async (email, password) => {
      const body = await gatewaySignIn(gateway.url, email, password);
      return { ...body, authorization: `Bearer ${body.accessToken}` };
    },
    stop: async () => {
      await gateway.close();
      await Promise.all([auth.close(), emailRunning?.close(), stack.home.close()]);
      await hub?.close();
      await pool.end().catch(() => undefined);
      await db.drop();
    },
  };
  return stack;
}

/** Another gateway in front of the stack's subgraphs, with settings of the test's own (production, say). */
export function startGatewayFor(stack: Stack, env: Record<string, string> = {}): Promise<RunningGateway> {
  return createGateway(
    gatewayConfig({
      ...quiet,
      AUTH_URL: stack.auth.url,
      EMAIL_URL: stack.email.url,
      HOME_URL: stack.home.url,
      SUPERGRAPH_PATH: SUPERGRAPH,
      SUPERGRAPH_WATCH: "false",
      ...env,
    }),
  );
}
