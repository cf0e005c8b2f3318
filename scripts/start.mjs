#!/usr/bin/env node
// `npm start`: the whole graph on one machine. Builds what is stale, starts PostgreSQL (embedded,
// unless DATABASE_URL is set), the Hubitat hub simulator (unless HUBITAT_HUB_IP is set), the auth,
// email and home subgraphs, then the gateway; prints where to go; and on Ctrl-C stops them in
// reverse order, leaving no process behind.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { extraBannerRows, renderBanner } from "./lib/banner.mjs";
import { loadStartConfig, usesHubSimulator } from "./lib/config.mjs";
import { buildWeb, webBuildStale } from "./lib/web-build.mjs";
import { acquireLock, findPortConflict, leftoverPostgres } from "./lib/instance.mjs";
import { colorEnabled, createPrefixer, formatLine, paint } from "./lib/log-format.mjs";
import {
  ChildExitedError,
  describeExit,
  groupAlive,
  signalGroup,
  startChild,
  stopChild,
  waitHealthy,
} from "./lib/processes.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

const SUBGRAPHS = [
  { name: "auth", dir: "subgraphs/auth", portVariable: "AUTH_PORT", urlVariable: "AUTH_URL" },
  { name: "email", dir: "subgraphs/email", portVariable: "EMAIL_PORT", urlVariable: "EMAIL_URL" },
  { name: "home", dir: "subgraphs/home", portVariable: "HOME_PORT", urlVariable: "HOME_URL" },
];
const GATEWAY = { name: "gateway", dir: "gateway", portVariable: "PORT" };
const HUB_SIM = { name: "hub-sim", dir: "hub-simulator", portVariable: "HUB_SIM_PORT", healthPath: "/_sim/health" };
const POSTGRES = "postgres";
const STOP_TIMEOUT_MS = 10_000;
const HEALTH_TIMEOUT_MS = 60_000;

const color = colorEnabled(process.stdout);
const prefixFor = createPrefixer([...SUBGRAPHS.map((s) => s.name), GATEWAY.name, POSTGRES, HUB_SIM.name], {
  color,
  own: "start",
});
const startedAt = Date.now();

// A closed stdout (`npm start | head`) must not turn every later write into a crash.
process.stdout.on("error", () => undefined);
process.stderr.on("error", () => undefined);

/** Who printed the latest line: a dead child's last lines are repeated only when others came after them. */
let lastSpeaker;

/** The orchestrator's own log line, in the same shape as the services'. */
function say(msg, level = 30) {
  lastSpeaker = "start";
  const record = { level, time: new Date().toISOString(), msg };
  for (const line of formatLine(JSON.stringify(record), { service: "start", prefix: prefixFor("start"), color })) {
    process.stdout.write(line + "\n");
  }
}

/** Refuses to start, in one line, before anything runs. */
function refuse(message) {
  lock?.release?.();
  process.stderr.write(message + "\n");
  process.exit(1);
}

let phase = "building";
let lock;
let buildProcess;
/** Every child started, in start order; the shutdown reverses it. */
const handles = { postgres: undefined, hubSim: undefined, subgraphs: [], gateway: undefined };
const allHandles = () => [handles.gateway, ...handles.subgraphs, handles.hubSim, handles.postgres].filter(Boolean);
const startup = new AbortController();

// ---- stopping ---------------------------------------------------------------------------------------

let stopping;

async function stopAll(handleList, options) {
  await Promise.all(
    handleList.filter(Boolean).map(async (handle) => {
      const wasRunning = !handle.exit;
      const result = await stopChild(handle, options);
      if (result.killed) say(`${handle.name} did not stop within ${STOP_TIMEOUT_MS / 1000} s: killed`, 40);
      else if (wasRunning && result.exit && (result.exit.code ?? 0) !== 0) {
        say(`${handle.name} stopped with ${describeExit(result.exit)}`, 40);
      }
    }),
  );
}

/** Stops everything, gateway first and PostgreSQL last; resolves with the exit code to use. */
function shutdown(reason, exitCode = 0) {
  stopping ??= (async () => {
    const wasStarting = phase !== "running";
    phase = "stopping";
    startup.abort();
    buildProcess?.kill("SIGTERM");
    const began = Date.now();
    if (allHandles().length) say(`stopping (${reason})…`);
    await stopAll([handles.gateway], { timeoutMs: STOP_TIMEOUT_MS });
    await stopAll(handles.subgraphs, { timeoutMs: STOP_TIMEOUT_MS });
    await stopAll([handles.hubSim], { timeoutMs: STOP_TIMEOUT_MS });
    // The runner stops PostgreSQL itself (a clean shutdown); the group kill is the fallback.
    await stopAll([handles.postgres], { timeoutMs: STOP_TIMEOUT_MS + 5_000, leaderOnly: true });
    lock?.release?.();
    if (allHandles().length) say(`stopped in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    else if (wasStarting && exitCode === 0) say("stopped before anything started");
    return exitCode;
  })().catch((err) => {
    process.stderr.write(`error while stopping: ${err?.stack ?? err}\n`);
    for (const handle of allHandles()) signalGroup(handle.pgid, "SIGKILL");
    return 1;
  });
  return stopping;
}

function exitAfterShutdown(reason, exitCode) {
  shutdown(reason, exitCode).then((code) => process.exit(code));
}

let firstSignalAt = 0;
function onSignal(signal) {
  if (!firstSignalAt) {
    firstSignalAt = Date.now();
    if (signal === "SIGINT") process.stdout.write("\n");
    exitAfterShutdown(signal, 0);
    return;
  }
  // One Ctrl-C arrives twice (from the terminal, and forwarded by npm): only a later one means "now".
  if (Date.now() - firstSignalAt < 1_500) return;
  say("second signal: killing everything now", 40);
  for (const handle of allHandles()) signalGroup(handle.pgid, "SIGKILL");
  lock?.release?.();
  process.exit(1);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, onSignal);

// `npm start` dies on SIGTERM without passing it on, leaving this script to init: losing the
// parent is a stop request too.
const parentAtStart = process.ppid;
setInterval(() => {
  if (process.ppid !== parentAtStart && !firstSignalAt) onSignal("SIGTERM");
}, 500).unref();

function onCrash(err) {
  process.stderr.write(`start script crashed: ${err?.stack ?? err}\n`);
  exitAfterShutdown("the start script crashed", 1);
}
process.on("uncaughtException", onCrash);
process.on("unhandledRejection", onCrash);

// Last resort when the process exits some other way: children stop themselves on SIGTERM.
process.on("exit", () => {
  for (const handle of allHandles()) {
    if (!handle.exit || groupAlive(handle.pgid)) signalGroup(handle.pgid, "SIGTERM");
  }
  lock?.release?.();
});

// ---- starting ---------------------------------------------------------------------------------------

async function build() {
  const tsc = path.join(root, "node_modules/typescript/bin/tsc");
  if (!existsSync(tsc)) refuse("TypeScript is not installed in this checkout: run `npm ci` first.");
  say("building… (tsc -b: only what changed)");
  const began = Date.now();
  const output = [];
  buildProcess = spawn(process.execPath, [tsc, "-b", ...(color ? ["--pretty"] : [])], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  buildProcess.stdout.on("data", (chunk) => output.push(chunk));
  buildProcess.stderr.on("data", (chunk) => output.push(chunk));
  const code = await new Promise((resolve) => {
    buildProcess.once("error", () => resolve(-1));
    buildProcess.once("close", (c) => resolve(c));
  });
  buildProcess = undefined;
  if (phase === "stopping") return await new Promise(() => undefined); // the shutdown exits
  if (code !== 0) {
    process.stderr.write(Buffer.concat(output).toString());
    refuse(`The build failed (tsc -b, exit code ${code}): fix the errors above, then run npm start again.`);
  }
  if (webBuildStale(root)) {
    say("building the web app… (vite build: its sources changed)");
    const web = await buildWeb(root, { onSpawn: (child) => (buildProcess = child) });
    buildProcess = undefined;
    if (phase === "stopping") return await new Promise(() => undefined);
    if (web.code !== 0) {
      process.stderr.write(web.output);
      refuse(
        `The web app's build failed (vite build, exit code ${web.code}): fix the errors above, then run npm start again.`,
      );
    }
  }
  return Date.now() - began;
}

/** Where the orchestrator itself reaches a service bound to HOST. */
function connectHost(host) {
  if (["0.0.0.0", "::", "localhost", "127.0.0.1"].includes(host)) return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

function displayHost(host) {
  if (["0.0.0.0", "::", "localhost", "127.0.0.1"].includes(host)) return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}

function onChildLine(name) {
  const prefix = prefixFor(name);
  return (line) => {
    lastSpeaker = name;
    for (const out of formatLine(line, { service: name, prefix, color })) process.stdout.write(out + "\n");
  };
}

function printLastLines(handle) {
  const lines = handle.tail.lines.slice(-15);
  if (!lines.length) return;
  say(`last lines of ${handle.name}:`, 50);
  for (const line of lines) onChildLine(handle.name)(line);
}

/**
 * After startup, a child that exits is news: the others keep running (the gateway degrades), and
 * a service is started again with a growing pause so a crash loop does not spin.
 */
function watchAfterStartup(handle, attempt = 0) {
  handle.exited.then(async (exit) => {
    if (phase !== "running") return;
    const what =
      handle.name === GATEWAY.name
        ? "the API is down"
        : handle.name === POSTGRES
          ? "the subgraphs will report their database unhealthy"
          : handle.name === HUB_SIM.name
            ? "the home service sees the hub as unreachable"
            : "the gateway reports it unhealthy and answers without it";
    const banner = paint(color, "red", `!!! ${handle.name} exited unexpectedly (${describeExit(exit)}): ${what}.`);
    process.stdout.write(`${prefixFor("start")}${banner}\n`);
    if (!handle.restart) {
      say("restart Homegraph (Ctrl-C, then npm start) to bring it back", 50);
      return;
    }
    // A service that ran a while before dying starts over at the shortest pause.
    const ranMs = Date.now() - handle.startedAt;
    const next = ranMs > 60_000 ? 0 : attempt + 1;
    const pauseMs = Math.min(30_000, 1000 * 2 ** Math.max(0, next - 1));
    say(`starting ${handle.name} again in ${(pauseMs / 1000).toFixed(0)} s`, 40);
    await sleep(pauseMs);
    if (phase !== "running") return;
    try {
      const fresh = await handle.restart();
      watchAfterStartup(fresh, next);
    } catch (err) {
      say(`${handle.name} did not come back: ${err?.message ?? err}`, 50);
      if (phase === "running") watchAfterStartup({ ...handle, exited: Promise.resolve(handle.exit) }, next);
    }
  });
}

async function startEmbeddedPostgres(cfg) {
  const dataDir = path.join(cfg.DATA_DIR, "postgres");
  say(`starting the embedded PostgreSQL (data in ${dataDir}, port ${cfg.EMBEDDED_PG_PORT})`);
  const handle = startChild({
    name: POSTGRES,
    script: path.join(root, "scripts/lib/embedded-postgres-runner.mjs"),
    args: [dataDir, String(cfg.EMBEDDED_PG_PORT), "homegraph"],
    cwd: root,
    env: { ...process.env },
    ipc: true,
    onLine: onChildLine(POSTGRES),
  });
  handles.postgres = handle;
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
    startup.signal.addEventListener("abort", () => reject(startup.signal.reason), { once: true });
  });
  return { embedded: true, url: ready.url, dataDir: ready.dataDir };
}

async function startService(service, env, host) {
  const began = Date.now();
  const handle = startChild({
    name: service.name,
    script: path.join(root, service.dir, "dist/main.js"),
    nodeArgs: ["--require", path.join(root, "scripts/lib/orphan-guard.cjs")],
    cwd: root,
    env,
    ipc: true,
    onLine: onChildLine(service.name),
  });
  handle.startedAt = began;
  handle.restart = () => startService(service, env, host);
  if (service === GATEWAY) handles.gateway = handle;
  else if (service === HUB_SIM) handles.hubSim = handle;
  else handles.subgraphs = [...handles.subgraphs.filter((h) => h.name !== service.name), handle];
  await waitHealthy(handle, `http://${connectHost(host)}:${env.PORT}${service.healthPath ?? "/health"}`, {
    timeoutMs: HEALTH_TIMEOUT_MS,
    signal: startup.signal,
  });
  say(`${service.name} is healthy (pid ${handle.pid}, ${((Date.now() - began) / 1000).toFixed(1)} s)`);
  return handle;
}

/**
 * The Hubitat simulator, and the variables that point the home service at it: the simulator's
 * own defaults for the app id and token unless HUBITAT_APP_ID / HUBITAT_ACCESS_TOKEN say otherwise.
 */
async function startHubSimulator(cfg, childEnv, host) {
  const { DEV_ACCESS_TOKEN } = require(path.join(root, "hub-simulator/dist/config.js"));
  const appId = cfg.HUBITAT_APP_ID ?? "1";
  const token = cfg.HUBITAT_ACCESS_TOKEN ?? DEV_ACCESS_TOKEN;
  say(`starting the Hubitat hub simulator (port ${cfg.HUB_SIM_PORT}): HUBITAT_HUB_IP is not set`);
  await startService(
    HUB_SIM,
    { ...childEnv, PORT: String(cfg.HUB_SIM_PORT), HUBITAT_APP_ID: appId, HUBITAT_ACCESS_TOKEN: token },
    host,
  );
  const address = `${connectHost(host)}:${cfg.HUB_SIM_PORT}`;
  return {
    simulated: true,
    url: `http://${displayHost(host)}:${cfg.HUB_SIM_PORT}/apps/api/${appId}`,
    env: { HUBITAT_HUB_IP: address, HUBITAT_APP_ID: appId, HUBITAT_ACCESS_TOKEN: token },
  };
}

function hubBannerRow(cfg, hub) {
  if (hub.simulated) return ["Hub", hub.url, "simulator; token in HUBITAT_ACCESS_TOKEN or hub-simulator/README.md"];
  return ["Hub", cfg.HUBITAT_HUB_IP ? `Hubitat at ${cfg.HUBITAT_HUB_IP}` : "Hubitat cloud (HUBITAT_CLOUD_URL)"];
}

async function main() {
  const buildMs = await build();

  const common = require(path.join(root, "packages/common/dist/index.js"));
  // The same zod instance as common's schemas, which these extend.
  const z = createRequire(require.resolve(path.join(root, "packages/common/package.json")))("zod");
  let cfg;
  try {
    cfg = loadStartConfig(common, z, process.env, root);
  } catch (err) {
    if (err?.name === "ConfigError") refuse(err.message);
    throw err;
  }

  const host = cfg.HOST;
  const gatewayUrl = `http://${displayHost(host)}:${cfg.PORT}`;

  const taken = acquireLock(cfg.DATA_DIR, { url: gatewayUrl, startedAt: new Date().toISOString() });
  if (taken.heldBy) {
    const { pid, url } = taken.heldBy;
    refuse(`Homegraph is already running (pid ${pid}, ${url ?? "same DATA_DIR"}); stop it first or set DATA_DIR.`);
  }
  lock = taken;
  const hubSimulated = usesHubSimulator(cfg);
  const ports = [GATEWAY, ...SUBGRAPHS, ...(hubSimulated ? [HUB_SIM] : [])].map(({ portVariable }) => ({
    variable: portVariable,
    port: cfg[portVariable],
    host,
  }));
  if (!cfg.DATABASE_URL) {
    const pid = leftoverPostgres(path.join(cfg.DATA_DIR, "postgres"));
    if (pid)
      refuse(
        `A PostgreSQL of an earlier run still uses ${cfg.DATA_DIR} (pid ${pid}); stop it (kill ${pid}) and start again.`,
      );
    ports.push({ variable: "EMBEDDED_PG_PORT", port: cfg.EMBEDDED_PG_PORT, host: "127.0.0.1" });
  }
  const conflict = await findPortConflict(ports, { gatewayUrl });
  if (conflict) refuse(conflict);

  phase = "starting";
  const childEnv = {
    ...process.env,
    NODE_ENV: cfg.NODE_ENV,
    LOG_LEVEL: cfg.LOG_LEVEL,
    HOST: host,
    // Every service verifies tokens against the auth service's keys and revocations.
    AUTH_URL: `http://${connectHost(host)}:${cfg.AUTH_PORT}`,
  };
  // Services call each other too (auth's outbox to email, email's digest to auth and home).
  for (const s of SUBGRAPHS) childEnv[s.urlVariable] = `http://${connectHost(host)}:${cfg[s.portVariable]}`;
  // Neither needs the other: the hub simulator starts while PostgreSQL does.
  const [database, hub] = await Promise.all([
    cfg.DATABASE_URL ? { embedded: false, url: cfg.DATABASE_URL } : startEmbeddedPostgres(cfg),
    hubSimulated ? startHubSimulator(cfg, childEnv, host) : { simulated: false },
  ]);
  say(`starting ${SUBGRAPHS.map((s) => s.name).join(", ")}`);
  await Promise.all(
    SUBGRAPHS.map((s) =>
      startService(
        s,
        {
          ...childEnv,
          PORT: String(cfg[s.portVariable]),
          DATABASE_URL: database.url,
          ...(s.name === "home" && hub.simulated ? hub.env : {}),
          // A fresh embedded database gets the demo household, so there is someone to sign in as;
          // never in production (auth refuses it there: ADMIN_EMAIL / ADMIN_PASSWORD name the admin).
          ...(s.name === "auth" &&
          database.embedded &&
          process.env.DEMO_SEED === undefined &&
          process.env.NODE_ENV !== "production"
            ? { DEMO_SEED: "1" }
            : {}),
        },
        host,
      ),
    ),
  );

  const gatewayEnv = { ...childEnv, PORT: String(cfg.PORT) };
  delete gatewayEnv.DATABASE_URL;
  for (const s of SUBGRAPHS) gatewayEnv[s.urlVariable] = `http://${connectHost(host)}:${cfg[s.portVariable]}`;
  say("starting the gateway");
  await startService(GATEWAY, gatewayEnv, host);

  phase = "running";
  for (const handle of allHandles()) watchAfterStartup(handle);
  const context = { gatewayUrl, database, hub, startupMs: Date.now() - startedAt, buildMs, color, config: cfg };
  const signIn = database.embedded
    ? [["Sign in", "test@example.com / password", "the demo admin, unless you changed it"]]
    : [];
  process.stdout.write(
    renderBanner(context, [
      ["Web app", `${gatewayUrl}/`, "open it in a browser"],
      hubBannerRow(cfg, hub),
      ...signIn,
      ...(await extraBannerRows(context)),
    ]) + "\n",
  );
}

main().catch((err) => {
  if (phase === "stopping") return; // a signal interrupted startup; the shutdown reports and exits
  if (err instanceof ChildExitedError) {
    const linesJustAbove = lastSpeaker === err.handle.name;
    say(err.message + (linesJustAbove ? ": its last lines are just above" : ""), 50);
    if (!linesJustAbove) printLastLines(err.handle);
  } else {
    say(`could not start: ${err?.message ?? err}`, 50);
  }
  exitAfterShutdown("startup failed", 1);
});
