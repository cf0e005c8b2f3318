// Which services `npm start` runs, with which environment, in which order: PostgreSQL (embedded,
// unless DATABASE_URL is set) beside the Hubitat hub simulator (unless a real hub is configured),
// then the auth, email and home subgraphs together, then the gateway; each awaited healthy.
import { createRequire } from "node:module";
import path from "node:path";
import { usesHubSimulator } from "./config.mjs";
import { acquireLock, findPortConflict, leftoverPostgres } from "./instance.mjs";
import { ChildExitedError, startChild, waitHealthy } from "./processes.cjs";

const require = createRequire(import.meta.url);
const HEALTH_TIMEOUT_MS = 60_000;

/** The three subgraphs: subgraphs/<name>, on <NAME>_PORT, reached by the others at <NAME>_URL. */
const SUBGRAPHS = ["auth", "email", "home"].map((name) => ({
  name,
  dir: `subgraphs/${name}`,
  portVariable: `${name.toUpperCase()}_PORT`,
  urlVariable: `${name.toUpperCase()}_URL`,
  whenDown: "the gateway reports it unhealthy and answers without it",
}));
const GATEWAY = { name: "gateway", dir: "gateway", portVariable: "PORT", whenDown: "the API is down" };
const HUB_SIM = {
  name: "hub-sim",
  dir: "hub-simulator",
  portVariable: "HUB_SIM_PORT",
  healthPath: "/_sim/health",
  whenDown: "the home service sees the hub as unreachable",
};
const POSTGRES = { name: "postgres", whenDown: "the subgraphs will report their database unhealthy" };

/** Every child's name, in the order their prefix colours are given. */
export const SERVICE_NAMES = [...SUBGRAPHS.map((s) => s.name), GATEWAY.name, POSTGRES.name, HUB_SIM.name];

/** The reverse of the start: nothing calls a service that has already stopped. */
export const STOP_ORDER = [
  { names: [GATEWAY.name] },
  { names: SUBGRAPHS.map((s) => s.name) },
  { names: [HUB_SIM.name] },
  // The runner stops PostgreSQL itself (a clean shutdown); the group kill is the fallback.
  { names: [POSTGRES.name], leaderOnly: true, extraMs: 5_000 },
];

const LOCAL = ["0.0.0.0", "::", "localhost", "127.0.0.1"];

/** Where the orchestrator itself reaches a service bound to HOST. */
function connectHost(host) {
  if (LOCAL.includes(host)) return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

/** Where a person at this machine reaches it. */
function displayHost(host) {
  if (LOCAL.includes(host)) return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}

export class Services {
  /** `cfg`: the start configuration (config.mjs). */
  constructor(root, supervisor, cfg) {
    this.root = root;
    this.supervisor = supervisor;
    this.cfg = cfg;
    this.host = cfg.HOST;
    this.gatewayUrl = `http://${displayHost(this.host)}:${cfg.PORT}`;
  }

  /**
   * Takes the data folder's lock and checks every port, so that a second start is refused in one
   * line instead of four services failing with EADDRINUSE.
   */
  async claim() {
    const { cfg, host, gatewayUrl, supervisor } = this;
    const taken = acquireLock(cfg.DATA_DIR, { url: gatewayUrl, startedAt: new Date().toISOString() });
    if (taken.heldBy) {
      const { pid, url } = taken.heldBy;
      supervisor.refuse(
        `Homegraph is already running (pid ${pid}, ${url ?? "same DATA_DIR"}); stop it first or set DATA_DIR.`,
      );
    }
    supervisor.lock = taken;
    const services = [GATEWAY, ...SUBGRAPHS, ...(usesHubSimulator(cfg) ? [HUB_SIM] : [])];
    const ports = services.map(({ portVariable }) => ({ variable: portVariable, port: cfg[portVariable], host }));
    if (!cfg.DATABASE_URL) {
      const pid = leftoverPostgres(path.join(cfg.DATA_DIR, "postgres"));
      if (pid)
        supervisor.refuse(
          `A PostgreSQL of an earlier run still uses ${cfg.DATA_DIR} (pid ${pid}); stop it (kill ${pid}) and start again.`,
        );
      ports.push({ variable: "EMBEDDED_PG_PORT", port: cfg.EMBEDDED_PG_PORT, host: "127.0.0.1" });
    }
    const conflict = await findPortConflict(ports, { gatewayUrl });
    if (conflict) supervisor.refuse(conflict);
  }

  /** Starts everything in order; resolves with where the database and the hub are, for the banner. */
  async start() {
    const { cfg, host, supervisor } = this;
    const childEnv = {
      ...process.env,
      NODE_ENV: cfg.NODE_ENV,
      LOG_LEVEL: cfg.LOG_LEVEL,
      HOST: host,
      // Every service verifies tokens against the auth service's keys and revocations.
      AUTH_URL: `http://${connectHost(host)}:${cfg.AUTH_PORT}`,
      // Services call each other too (auth's outbox to email, email's digest to auth and home).
      ...this.#subgraphUrls(),
    };
    // Neither needs the other: the hub simulator starts while PostgreSQL does.
    const [database, hub] = await Promise.all([
      cfg.DATABASE_URL ? { embedded: false, url: cfg.DATABASE_URL } : this.#startEmbeddedPostgres(),
      usesHubSimulator(cfg) ? this.#startHubSimulator(childEnv) : { simulated: false },
    ]);
    supervisor.say(`starting ${SUBGRAPHS.map((s) => s.name).join(", ")}`);
    await Promise.all(SUBGRAPHS.map((s) => this.#startService(s, this.#subgraphEnv(s, childEnv, database, hub))));

    const gatewayEnv = { ...childEnv, PORT: String(cfg.PORT), ...this.#subgraphUrls() };
    delete gatewayEnv.DATABASE_URL;
    supervisor.say("starting the gateway");
    await this.#startService(GATEWAY, gatewayEnv);
    return { database, hub };
  }

  #subgraphUrls() {
    return Object.fromEntries(
      SUBGRAPHS.map((s) => [s.urlVariable, `http://${connectHost(this.host)}:${this.cfg[s.portVariable]}`]),
    );
  }

  #subgraphEnv(subgraph, childEnv, database, hub) {
    return {
      ...childEnv,
      PORT: String(this.cfg[subgraph.portVariable]),
      DATABASE_URL: database.url,
      ...(subgraph.name === "home" && hub.simulated ? hub.env : {}),
      // A fresh embedded database gets the demo household, so there is someone to sign in as;
      // never in production (auth refuses it there: ADMIN_EMAIL / ADMIN_PASSWORD name the admin).
      ...(subgraph.name === "auth" &&
      database.embedded &&
      process.env.DEMO_SEED === undefined &&
      process.env.NODE_ENV !== "production"
        ? { DEMO_SEED: "1" }
        : {}),
    };
  }

  async #startEmbeddedPostgres() {
    const { cfg, root, supervisor } = this;
    const dataDir = path.join(cfg.DATA_DIR, "postgres");
    supervisor.say(`starting the embedded PostgreSQL (data in ${dataDir}, port ${cfg.EMBEDDED_PG_PORT})`);
    const handle = startChild({
      name: POSTGRES.name,
      script: path.join(root, "scripts/lib/embedded-postgres-runner.mjs"),
      args: [dataDir, String(cfg.EMBEDDED_PG_PORT), "homegraph"],
      cwd: root,
      env: { ...process.env },
      ipc: true,
      onLine: supervisor.output.lineWriter(POSTGRES.name),
    });
    supervisor.track(handle, { whenDown: POSTGRES.whenDown });
    const ready = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the embedded PostgreSQL did not start within ${HEALTH_TIMEOUT_MS / 1000} s`)),
        HEALTH_TIMEOUT_MS,
      );
      handle.child.on("message", (message) => {
        if (message?.type === "ready") {
          clearTimeout(timer);
          resolve(message);
        }
      });
      handle.exited.then(() => reject(new ChildExitedError(handle)));
      const { startupSignal } = supervisor;
      startupSignal.addEventListener("abort", () => reject(startupSignal.reason), { once: true });
    });
    return { embedded: true, url: ready.url, dataDir: ready.dataDir };
  }

  /** Starts one service from its dist/main.js and resolves once its health check answers 200. */
  async #startService(service, env) {
    const { root, supervisor } = this;
    const began = Date.now();
    const handle = startChild({
      name: service.name,
      script: path.join(root, service.dir, "dist/main.js"),
      orphanGuard: true,
      cwd: root,
      env,
      onLine: supervisor.output.lineWriter(service.name),
    });
    supervisor.track(handle, {
      whenDown: service.whenDown,
      startedAt: began,
      restart: () => this.#startService(service, env),
    });
    const healthUrl = `http://${connectHost(this.host)}:${env.PORT}${service.healthPath ?? "/health"}`;
    await waitHealthy(handle, healthUrl, { timeoutMs: HEALTH_TIMEOUT_MS, signal: supervisor.startupSignal });
    supervisor.say(`${service.name} is healthy (pid ${handle.pid}, ${((Date.now() - began) / 1000).toFixed(1)} s)`);
    return handle;
  }

  /**
   * The Hubitat simulator, and the variables that point the home service at it: the simulator's
   * own defaults for the app id and token unless HUBITAT_APP_ID / HUBITAT_ACCESS_TOKEN say otherwise.
   */
  async #startHubSimulator(childEnv) {
    const { cfg, host, root, supervisor } = this;
    const { DEV_ACCESS_TOKEN, DEFAULT_HSM_EXIT_DELAY_SECONDS } = require(
      path.join(root, "hub-simulator/dist/config.js"),
    );
    const appId = cfg.HUBITAT_APP_ID ?? "1";
    const token = cfg.HUBITAT_ACCESS_TOKEN ?? DEV_ACCESS_TOKEN;
    supervisor.say(`starting the Hubitat hub simulator (port ${cfg.HUB_SIM_PORT}): HUBITAT_HUB_IP is not set`);
    await this.#startService(HUB_SIM, {
      ...childEnv,
      PORT: String(cfg.HUB_SIM_PORT),
      HUBITAT_APP_ID: appId,
      HUBITAT_ACCESS_TOKEN: token,
    });
    return {
      simulated: true,
      url: `http://${displayHost(host)}:${cfg.HUB_SIM_PORT}/apps/api/${appId}`,
      env: {
        HUBITAT_HUB_IP: `${connectHost(host)}:${cfg.HUB_SIM_PORT}`,
        HUBITAT_APP_ID: appId,
        HUBITAT_ACCESS_TOKEN: token,
        // The hub does not report HSM's exit delay; the simulator's is known, so the panel counts it down.
        HSM_EXIT_DELAY_SECONDS:
          childEnv.HSM_EXIT_DELAY_SECONDS ??
          childEnv.SIM_HSM_EXIT_DELAY_SECONDS ??
          String(DEFAULT_HSM_EXIT_DELAY_SECONDS),
      },
    };
  }
}
