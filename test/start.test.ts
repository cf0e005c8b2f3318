import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createScratchDatabase } from "../packages/common/src/db/databases";
import { freePorts } from "./support/ports";

// `npm start` end to end: scripts/start.mjs as a real process tree (build, PostgreSQL, three
// subgraphs, gateway), started the way a person does and stopped with the signal Ctrl-C sends.

const ROOT = path.resolve(__dirname, "..");
const START = path.join(ROOT, "scripts/start.mjs");

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Run {
  child: ChildProcess;
  pid: number;
  dataDir: string;
  output: () => string;
  stderr: () => string;
  exited: Promise<Exit>;
  /** Set once it has exited: its pid may then belong to someone else. */
  exit?: Exit;
}

const runs: Run[] = [];
const tempDirs: string[] = [];

/** The environment of a start, free of anything the machine running the tests may have set. */
function startEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of [
    "PORT",
    "AUTH_PORT",
    "EMAIL_PORT",
    "HOME_PORT",
    "EMBEDDED_PG_PORT",
    "HUB_SIM_PORT",
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
  ]) {
    delete env[key];
  }
  // What `npm start` runs with by default (jest sets NODE_ENV=test, which changes Apollo's behaviour).
  Object.assign(env, { NODE_ENV: "development", LOG_LEVEL: "info", NO_COLOR: "1" });
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "homegraph-start-test-"));
  // The embedded PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  tempDirs.push(dir);
  return path.join(dir, "data");
}

function runStart(env: NodeJS.ProcessEnv): Run {
  // Its own process group, as in a terminal, so the test's signals reach only the orchestrator.
  const child = spawn(process.execPath, [START], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => {
    err += chunk.toString();
    out += chunk.toString();
  });
  const exited = new Promise<Exit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const run: Run = {
    child,
    pid: child.pid!,
    dataDir: env.DATA_DIR ?? "",
    output: () => out,
    stderr: () => err,
    exited,
  };
  void exited.then((e) => (run.exit = e));
  runs.push(run);
  return run;
}

async function waitForOutput(run: Run, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.output())) {
    if (run.exit)
      throw new Error(`start exited (${JSON.stringify(run.exit)}) before printing ${pattern}:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function exitWithin(run: Run, timeoutMs: number): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`start did not exit within ${timeoutMs} ms:\n${run.output()}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([run.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function portEnv([gateway, auth, email, home, pg, hubSim]: number[]): Record<string, string> {
  return {
    PORT: String(gateway),
    AUTH_PORT: String(auth),
    EMAIL_PORT: String(email),
    HOME_PORT: String(home),
    ...(pg ? { EMBEDDED_PG_PORT: String(pg) } : {}),
    ...(hubSim ? { HUB_SIM_PORT: String(hubSim) } : {}),
  };
}

// ---- processes, from /proc ---------------------------------------------------------------------------

interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
}

function procInfo(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // After the parenthesised command name: state, ppid, pgrp, ...
    const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(ppid), pgid: Number(pgid), state };
  } catch {
    return undefined;
  }
}

function allPids(): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/** `pid` and every process below it, as they are now. */
function processTree(pid: number): ProcInfo[] {
  const infos = allPids()
    .map(procInfo)
    .filter((p): p is ProcInfo => Boolean(p));
  const tree: ProcInfo[] = [];
  const queue = [pid];
  while (queue.length) {
    const current = queue.shift()!;
    const info = infos.find((p) => p.pid === current);
    if (info) tree.push(info);
    for (const p of infos) if (p.ppid === current) queue.push(p.pid);
  }
  return tree;
}

/** Live (not zombie) processes whose command line or environment mentions `marker`. */
function processesMentioning(marker: string): number[] {
  return allPids().filter((pid) => {
    if (pid === process.pid) return false;
    const info = procInfo(pid);
    if (!info || info.state === "Z") return false;
    for (const file of ["cmdline", "environ"]) {
      try {
        if (readFileSync(`/proc/${pid}/${file}`).includes(marker)) return true;
      } catch {
        // Gone, or not ours to read.
      }
    }
    return false;
  });
}

function alive(pid: number): boolean {
  const info = procInfo(pid);
  return Boolean(info && info.state !== "Z");
}

function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/** Everything a run started is gone: its tree, their process groups, anything naming its data folder, its ports. */
async function expectNothingLeft(tree: ProcInfo[], dataDir: string, ports: number[]): Promise<void> {
  await eventually(() => tree.every((p) => !alive(p.pid)), 5_000);
  expect(tree.filter((p) => alive(p.pid))).toEqual([]);
  expect([...new Set(tree.map((p) => p.pgid))].filter(groupExists)).toEqual([]);
  expect(processesMentioning(dataDir)).toEqual([]);
  for (const port of ports) expect(await portFree(port)).toBe(true);
}

function killEverything(run: Run): void {
  const victims = new Set<number>([
    ...(run.exit ? [] : processTree(run.pid).map((p) => p.pid)),
    ...(run.dataDir ? processesMentioning(run.dataDir) : []),
  ]);
  for (const pid of victims) {
    const info = procInfo(pid);
    for (const target of [info ? -info.pgid : undefined, pid]) {
      if (!target) continue;
      try {
        process.kill(target, "SIGKILL");
      } catch {
        // Gone.
      }
    }
  }
}

interface HealthBody {
  status: string;
  checks: Record<string, { status: string }>;
}

interface GraphQLBody {
  data?: { devices?: { id: string }[] } | null;
  errors?: { message: string }[];
}

async function gatewayJson<T>(
  port: number,
  pathname: string,
  init?: RequestInit,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${port}${pathname}`, init);
  return { status: res.status, body: (await res.json()) as T };
}

/** Signs in as the demo admin through the gateway's REST facade, as the seed's curl does. */
async function signIn(port: number): Promise<string> {
  const { status, body } = await gatewayJson<{ accessToken?: string }>(port, "/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "test@example.com", password: "password" }),
  });
  expect(status).toBe(200);
  return body.accessToken!;
}

async function queryDevices(port: number) {
  const token = await signIn(port);
  return gatewayJson<GraphQLBody>(port, "/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "{ devices { id } }" }),
  });
}

// ---- the tests ---------------------------------------------------------------------------------------

beforeAll(() => {
  // Once here, so each start below finds nothing stale (and several starts never compile at once).
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-b"], {
    cwd: ROOT,
    stdio: "pipe",
    timeout: 180_000,
  });
}, 200_000);

afterAll(async () => {
  for (const run of runs) killEverything(run);
  await Promise.all(runs.map((run) => Promise.race([run.exited, new Promise((r) => setTimeout(r, 2_000).unref())])));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe("npm start against DATABASE_URL", () => {
  let run: Run;
  let ports: number[];
  let dataDir: string;
  let db: { url: string; drop: () => Promise<void> };
  let tree: ProcInfo[] = [];

  beforeAll(async () => {
    db = await createScratchDatabase(process.env.TEST_DATABASE_URL!);
    ports = await freePorts(6);
    dataDir = tempDataDir();
    // A configured database is never seeded unless asked.
    run = runStart(startEnv({ ...portEnv(ports), DATA_DIR: dataDir, DATABASE_URL: db.url, DEMO_SEED: "1" }));
  });

  afterAll(async () => {
    if (run) {
      killEverything(run);
      await run.exited;
    }
    await db?.drop();
  });

  it("becomes healthy and answers GraphQL through the gateway", async () => {
    await waitForOutput(run, /Homegraph is up/, 60_000);
    const out = run.output();
    expect(out).toContain(`http://localhost:${ports[0]}/graphql`);
    expect(out).toContain(`http://localhost:${ports[0]}/health`);
    expect(out).toMatch(/Ctrl-C/);
    // Service lines are rendered (prefix, level word), not raw pino JSON.
    expect(out).toMatch(/^auth +│ \d\d:\d\d:\d\d\.\d{3} INFO +auth listening/m);
    expect(out).not.toMatch(/"level":30/);

    const health = await gatewayJson<HealthBody>(ports[0], "/health");
    expect(health.status).toBe(200);
    for (const name of ["auth", "email", "home"]) expect(health.body.checks[name].status).toBe("healthy");

    const answer = await queryDevices(ports[0]);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.devices).toEqual(expect.any(Array));
  }, 90_000);

  it("refuses a second start on the same port in one line, quickly", async () => {
    // Same data folder (the lock says it), then another data folder (the port says it).
    for (const otherDataDir of [dataDir, tempDataDir()]) {
      const began = Date.now();
      const second = runStart(startEnv({ ...portEnv(ports), DATA_DIR: otherDataDir, DATABASE_URL: db.url }));
      const exit = await exitWithin(second, 20_000);
      expect(exit.code).toBe(1);
      expect(Date.now() - began).toBeLessThan(15_000);
      const lines = second.stderr().trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^Homegraph is already running \\(pid ${run.pid}, http://localhost:${ports[0]}\\); stop it first or set (DATA_DIR|PORT)\\.$`,
        ),
      );
      expect(second.output()).not.toMatch(/EADDRINUSE/);
    }
    // The first one is untouched.
    expect((await gatewayJson<HealthBody>(ports[0], "/health")).status).toBe(200);
  }, 60_000);

  it("starts a crashed subgraph again by itself, and the gateway uses it again", async () => {
    const home = processTree(run.pid).find(
      (p) => p.ppid === run.pid && processesMentioning("subgraphs/home/dist/main.js").includes(p.pid),
    );
    expect(home).toBeDefined();
    process.kill(home!.pid, "SIGKILL");
    await waitForOutput(run, /home exited unexpectedly \(killed by SIGKILL\)/, 10_000);
    expect(
      await eventually(async () => (await gatewayJson<HealthBody>(ports[0], "/health")).status === 200, 30_000),
    ).toBe(true);
    expect((await queryDevices(ports[0])).body.data?.devices).toEqual(expect.any(Array));
  }, 60_000);

  it("stops everything on SIGINT and exits 0", async () => {
    tree = processTree(run.pid);
    // The orchestrator, its four services and the hub simulator, each leading a process group of its own.
    expect(tree.length).toBeGreaterThanOrEqual(6);
    expect(tree.filter((p) => p.ppid === run.pid && p.pgid === p.pid)).toHaveLength(5);

    process.kill(run.pid, "SIGINT");
    const exit = await exitWithin(run, 40_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(run.output()).toMatch(/stopped in/);
    // Each stopped by itself, in time: nothing needed SIGKILL.
    expect(run.output()).not.toMatch(/did not stop within|stopped with/);
    // Reverse order: the gateway is asked to stop before any subgraph.
    const out = run.output();
    const gatewayStop = out.search(/^gateway +│ .*shutting down/m);
    expect(gatewayStop).toBeGreaterThan(0);
    for (const name of ["auth", "email", "home"]) {
      expect(out.search(new RegExp(`^${name} +│ .*shutting down`, "m"))).toBeGreaterThan(gatewayStop);
    }
    await expectNothingLeft(tree, dataDir, ports);
  }, 60_000);
});

describe("npm start refuses a bad configuration", () => {
  it.each([
    ["PORT", { PORT: "abc" }],
    ["DATABASE_URL", { DATABASE_URL: "not-a-url" }],
  ])(
    "names %s, without a stack trace",
    async (variable, overrides) => {
      const run = runStart(startEnv({ DATA_DIR: tempDataDir(), ...overrides }));
      const exit = await exitWithin(run, 60_000);
      expect(exit.code).not.toBe(0);
      expect(exit.code).not.toBeNull();
      expect(run.stderr()).toContain(variable);
      expect(run.output()).not.toMatch(/^\s+at /m);
      // Nothing was started.
      expect(run.output()).not.toMatch(/starting/);
    },
    90_000,
  );
});

describe("npm start with the embedded PostgreSQL", () => {
  it("starts PostgreSQL under DATA_DIR, serves the graph, and stops PostgreSQL too", async () => {
    const ports = await freePorts(6);
    const dataDir = tempDataDir();
    const run = runStart(startEnv({ ...portEnv(ports), DATA_DIR: dataDir, DATABASE_URL: undefined }));
    try {
      await waitForOutput(run, /Homegraph is up/, 90_000);
      expect(run.output()).toContain(`embedded PostgreSQL, data in ${path.join(dataDir, "postgres")}`);
      expect(run.output()).toMatch(
        new RegExp(`postgres://postgres:\\*\\*\\*\\*@127\\.0\\.0\\.1:${ports[4]}/homegraph`),
      );

      // The first-run admin sign-in is printed, and works: the demo household was seeded.
      expect(run.output()).toMatch(/Sign in +test@example\.com \/ password/);
      const answer = await queryDevices(ports[0]);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data?.devices).toEqual(expect.any(Array));

      const tree = processTree(run.pid);
      const postgres = processesMentioning(path.join(dataDir, "postgres"));
      expect(postgres.length).toBeGreaterThan(0);

      process.kill(run.pid, "SIGINT");
      const exit = await exitWithin(run, 60_000);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(run.output()).toMatch(/PostgreSQL stopped/);
      expect(run.output()).not.toMatch(/did not stop within|stopped with/);
      await expectNothingLeft(tree, dataDir, ports);
      expect(postgres.filter(alive)).toEqual([]);
    } finally {
      killEverything(run);
    }
  }, 180_000);
});
