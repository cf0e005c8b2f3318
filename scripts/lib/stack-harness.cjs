// Starts Homegraph for the tests, the fault suite and the benchmark, as real processes: `npm start`
// (scripts/start.mjs) as a whole, or one service's dist/main.js at a time. One place picks free
// ports, builds the environment a start gets (nothing inherited that would point it elsewhere),
// makes its data folder, starts it in a process group of its own, waits until it is ready, keeps
// its output, and stops it leaving nothing behind. CommonJS, so jest and the ESM bench share it.
"use strict";
const { chmodSync, mkdtempSync, rmSync } = require("node:fs");
const net = require("node:net");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { setTimeout: sleep } = require("node:timers/promises");
const {
  alive,
  killProcesses,
  processTree,
  processesMentioning,
  startChild,
  stopChild,
  within,
} = require("./processes.cjs");

const ROOT = path.resolve(__dirname, "../..");
const START = path.join(ROOT, "scripts/start.mjs");

// ---- ports, environment, data folder ------------------------------------------------------------

/** A TCP port that was free a moment ago on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Distinct free ports (freePort alone could hand out one twice). */
async function freePorts(count) {
  const ports = new Set();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.setTimeout(1_000);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

// The variables a start takes its ports from, in the order portEnv() takes ports.
const PORT_VARIABLES = [
  "PORT",
  "AUTH_PORT",
  "EMAIL_PORT",
  "HOME_PORT",
  "EMBEDDED_PG_PORT",
  "HUB_SIM_PORT",
  "SMTP_CATCHER_PORT",
];

// What would point a start at another port, database, hub or service than the one it was given.
const INHERITED = [
  ...PORT_VARIABLES,
  "HUBITAT_HUB_IP",
  "HUBITAT_CLOUD_URL",
  "HUBITAT_APP_ID",
  "HUBITAT_ACCESS_TOKEN",
  "DATA_DIR",
  "DATABASE_URL",
  "HOST",
  "AUTH_URL",
  "EMAIL_URL",
  "HOME_URL",
  "FORCE_COLOR",
];

/**
 * The environment of a start, free of anything the machine running it may have set; then `npm
 * start`'s defaults (jest sets NODE_ENV=test, which changes Apollo's behaviour), then `overrides`
 * (undefined removes a variable).
 */
function startEnv(overrides = {}) {
  const env = { ...process.env };
  for (const key of INHERITED) delete env[key];
  Object.assign(env, { NODE_ENV: "development", LOG_LEVEL: "info", NO_COLOR: "1" });
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Ports for a start, in PORT_VARIABLES' order: gateway, auth, email, home, then optionally PostgreSQL, the hub simulator, the dev mailbox's SMTP. */
function portEnv(ports) {
  const env = {};
  ports.forEach((port, i) => {
    if (port && PORT_VARIABLES[i]) env[PORT_VARIABLES[i]] = String(port);
  });
  return env;
}

const tempDirs = [];

/** A fresh folder under the system's temp folder, removed by cleanUp(). */
function tempDir(prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  // The embedded PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  tempDirs.push(dir);
  return dir;
}

/** A DATA_DIR for a start (not created: the start makes it). */
function tempDataDir(prefix = "homegraph-start-") {
  return path.join(tempDir(prefix), "data");
}

// ---- `npm start` as a process tree -----------------------------------------------------------------

const runs = [];

/** scripts/start.mjs in a process group of its own, as in a terminal, its output kept. */
function runStart(env) {
  const all = [];
  const errors = [];
  const handle = startChild({
    name: "npm start",
    script: START,
    cwd: ROOT,
    env,
    onLine: (line, stream) => {
      all.push(line);
      if (stream === "stderr") errors.push(line);
    },
  });
  const text = (lines) => (lines.length ? lines.join("\n") + "\n" : "");
  const run = {
    handle,
    pid: handle.pid,
    dataDir: env.DATA_DIR ?? "",
    output: () => text(all),
    stderr: () => text(errors),
    exited: handle.exited,
    /** Set once it has exited: its pid may then belong to someone else. */
    get exit() {
      return handle.exit;
    },
  };
  runs.push(run);
  return run;
}

async function waitForOutput(run, pattern, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.output())) {
    if (run.exit) {
      throw new Error(`start exited (${JSON.stringify(run.exit)}) before printing ${pattern}:\n${run.output()}`);
    }
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${run.output()}`);
    await sleep(100);
  }
}

async function exitWithin(run, timeoutMs) {
  const exit = await within(run.exited, timeoutMs);
  if (!exit) throw new Error(`start did not exit within ${timeoutMs} ms:\n${run.output()}`);
  return exit;
}

/** SIGKILLs a start's tree and anything that names its data folder (PostgreSQL leads its own group). */
function killEverything(run, tree = run.exit ? [] : processTree(run.pid)) {
  killProcesses(new Set([...tree.map((p) => p.pid), ...(run.dataDir ? processesMentioning(run.dataDir) : [])]));
}

/** Kills every start made so far and removes every temp folder (a test file's afterAll). */
async function cleanUp() {
  for (const run of runs) killEverything(run);
  await Promise.all(runs.map((run) => within(run.exited, 2_000)));
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * The whole stack as `npm start` starts it, on free ports and a data folder of its own, once it
 * printed "Homegraph is up". `env` goes on top of the start's environment. `stop()` stops it as
 * Ctrl-C does, then kills whatever is left and removes the data folder.
 */
async function startHomegraph({ env = {}, readyTimeoutMs = 120_000, stopTimeoutMs = 20_000 } = {}) {
  const list = await freePorts(PORT_VARIABLES.length);
  const [gateway, auth, email, home, pg, hub, catcher] = list;
  const dataDir = tempDataDir("homegraph-stack-");
  // The address the browser uses: links in mail and the passkeys' RP ID and origin (WebAuthn needs
  // a secure context, and localhost is one where 127.0.0.1 is not an RP ID).
  const publicUrl = `http://localhost:${gateway}`;
  const run = runStart(startEnv({ ...portEnv(list), DATA_DIR: dataDir, PUBLIC_URL: publicUrl, ...env }));
  try {
    await waitForOutput(run, /Homegraph is up/, readyTimeoutMs);
  } catch (err) {
    killEverything(run);
    throw err;
  }
  return {
    url: `http://127.0.0.1:${gateway}`,
    dataDir,
    ports: { gateway, auth, email, home, pg, hub, catcher },
    run,
    output: run.output,
    async stop() {
      const tree = run.exit ? [] : processTree(run.pid);
      await stopChild(run.handle, { leaderOnly: true, timeoutMs: stopTimeoutMs });
      // What outlived the stop (nothing, unless the start script was stuck) goes the hard way.
      killEverything(
        run,
        tree.filter((p) => alive(p.pid)),
      );
      rmSync(path.dirname(dataDir), { recursive: true, force: true });
    },
  };
}

// ---- one program at a time (the fault suite's stack) -----------------------------------------------

const KEEP_LINES = 5_000;

/**
 * A program run in a process group of its own, started again with the same command and
 * environment after a kill. `ready` says when a start is done; a start rejects if it exits first.
 */
function managedProcess({ name, script, command, args = [], env, ready, readyTimeoutMs = 60_000, orphanGuard }) {
  let handle;
  const lines = [];
  let dropped = 0;
  const push = (line) => {
    lines.push(line);
    if (lines.length > KEEP_LINES) {
      lines.shift();
      dropped++;
    }
  };
  const last = () => lines.slice(-30).join("\n");
  const managed = {
    name,
    /** Every output line since the first start, newest last (bounded). */
    lines,
    get pid() {
      return handle?.pid;
    },
    get running() {
      return Boolean(handle) && !handle.exit;
    },
    async start() {
      if (managed.running) throw new Error(`${name} is already running`);
      const current = startChild({ name, script, command, args, env, cwd: ROOT, onLine: push, orphanGuard });
      handle = current;
      const deadline = Date.now() + readyTimeoutMs;
      for (;;) {
        if (current.exit) throw new Error(`${name} exited (${JSON.stringify(current.exit)}):\n${last()}`);
        if (await ready().catch(() => false)) return;
        if (Date.now() > deadline) throw new Error(`${name} was not ready in time:\n${last()}`);
        await sleep(150);
      }
    },
    /** Sends `signal` to the group (or to the leader alone, which stops its own children); SIGKILLs the group after 15 s. */
    async kill(signal = "SIGTERM", { leaderOnly = false } = {}) {
      if (!handle || handle.exit) return handle?.exit;
      return (await stopChild(handle, { signal, leaderOnly, timeoutMs: 15_000 })).exit;
    },
    /** Output lines since `from` (an index into `lines`, as `lines.length` was then). */
    since(from) {
      return lines.slice(Math.max(0, from - dropped));
    },
  };
  return managed;
}

/** A Homegraph service's compiled entry (`subgraphs/home/dist/main.js`) as a managed process. */
function serviceProcess(name, dir, url, env) {
  return managedProcess({
    name,
    script: path.join(ROOT, dir, "dist/main.js"),
    env,
    orphanGuard: true,
    // Listening is enough: a service whose dependency is away still answers (and says so in /health).
    ready: async () => {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      return res.status === 200 || res.status === 503;
    },
  });
}

module.exports = {
  ROOT,
  START,
  freePort,
  freePorts,
  listening,
  startEnv,
  portEnv,
  tempDir,
  tempDataDir,
  runStart,
  waitForOutput,
  exitWithin,
  killEverything,
  cleanUp,
  startHomegraph,
  managedProcess,
  serviceProcess,
};
