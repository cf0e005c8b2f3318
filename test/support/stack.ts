import { randomBytes } from "node:crypto";
import path from "node:path";
import type { RunningSubgraph } from "../../packages/common/src";
import { createApp as createAuth } from "../../subgraphs/auth/src/app";
import { configFromEnv as authConfig } from "../../subgraphs/auth/src/config";
import { createApp as createEmail, type RunningEmail } from "../../subgraphs/email/src/app";
import { configFromEnv as emailConfig } from "../../subgraphs/email/src/config";
import { createApp as createHome } from "../../subgraphs/home/src/app";
import { configFromEnv as homeConfig } from "../../subgraphs/home/src/config";
import { createApp as createGateway, type RunningGateway } from "../../gateway/src/app";
import { configFromEnv as gatewayConfig } from "../../gateway/src/config";
import bcrypt from "bcryptjs";
import { Client, Pool } from "pg";
import type { RunningSimulator } from "../../hub-simulator/src/app";
import type { SimulatorConfig } from "../../hub-simulator/src/config";
import { scratchDatabase } from "./database";
import { startHubSimulator } from "./hub-simulator";
import { freePort } from "./ports";

export const SUPERGRAPH = path.resolve(__dirname, "../../schema/supergraph.graphql");

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
  addUser: (user: {
    email: string;
    password: string;
    displayName?: string;
    role?: "ADMIN" | "MEMBER";
  }) => Promise<number>;
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
  } = {},
): Promise<Stack> {
  const db = await scratchDatabase();
  const hub = options.hub ? await startHubSimulator(options.hub === true ? {} : options.hub) : undefined;
  // Fast probes and timeouts, so that a hub going away and coming back shows within a second or two.
  const hubEnv: Record<string, string> = hub
    ? {
        HUBITAT_HUB_IP: `127.0.0.1:${hub.port}`,
        HUBITAT_APP_ID: hub.appId,
        HUBITAT_ACCESS_TOKEN: hub.accessToken,
        HUBITAT_TIMEOUT_MS: "2000",
        HUB_PROBE_INTERVAL_MS: "250",
      }
    : {};
  const homeEnv = { ...hubEnv, ...options.homeEnv };
  // Shared by the services that ask auth for service tokens (docs/identity.md).
  const env = { ...quiet, DATABASE_URL: db.url, SERVICE_SECRET: randomBytes(32).toString("hex") };
  // Auth's port is chosen first: every other service finds its keys and revocations through it.
  const authPort = await freePort();
  const authUrl = `http://127.0.0.1:${authPort}`;
  // Known before auth starts: auth's outbox hands its mail to it, and it must survive a restart.
  const emailPort = await freePort();
  const emailUrl = `http://127.0.0.1:${emailPort}`;
  // Known before email starts: its activity digest reads the home service.
  const homeFirstPort = await freePort();
  const auth = await createAuth(
    authConfig({
      ...env,
      PORT: String(authPort),
      AUTH_URL: authUrl,
      EMAIL_URL: emailUrl,
      OUTBOX_POLL_MS: "200",
      BCRYPT_COST: "10",
      ...options.authEnv,
    }),
  );
  // A catcher on a port of its own: stacks of parallel test files must not share one. Fixed after
  // the first start, so a restarted email service finds its own catcher again.
  const catcherPort = await freePort();
  const emailEnv = {
    ...env,
    PORT: String(emailPort),
    AUTH_URL: authUrl,
    HOME_URL: `http://127.0.0.1:${homeFirstPort}`,
    SMTP_CATCHER_PORT: String(catcherPort),
    // Tests run the digest themselves (runDigest); pg-boss's cron would only add noise.
    DIGEST_SCHEDULE: "false",
    ...options.emailEnv,
  };
  const [email, home] = await Promise.all([
    createEmail(emailConfig(emailEnv)),
    createHome(homeConfig({ ...env, AUTH_URL: authUrl, EMAIL_URL: emailUrl, PORT: String(homeFirstPort), ...homeEnv })),
  ]);
  let emailRunning: RunningEmail | undefined = email;
  const pool = new Pool({ connectionString: db.url, max: 2 });
  pool.on("error", () => undefined);
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
  const homePort = String(home.port);
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
      stack.home = await createHome(
        homeConfig({ ...env, AUTH_URL: authUrl, EMAIL_URL: emailUrl, PORT: homePort, ...homeEnv }),
      );
    },
    sql: async (text, values) => (await pool.query(text, values)).rows,
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
