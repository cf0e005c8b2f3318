import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePorts } from "./ports";

export { freePorts };

// `npm start` as a real process tree for tests: scripts/start.mjs started the way a person does
// (its own process group, its own DATA_DIR, free ports), watched through its output and /proc,
// and everything it started killed at the end.

export const ROOT = path.resolve(__dirname, "../..");
export const START = path.join(ROOT, "scripts/start.mjs");

const runs: Run[] = [];
const tempDirs: string[] = [];

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Run {
  child: ChildProcess;
  pid: number;
  dataDir: string;
  output: () => string;
  stderr: () => string;
  exited: Promise<Exit>;
  /** Set once it has exited: its pid may then belong to someone else. */
  exit?: Exit;
}

/** The environment of a start, free of anything the machine running the tests may have set. */
export function startEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
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

export function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "homegraph-start-test-"));
  // The embedded PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  tempDirs.push(dir);
  return path.join(dir, "data");
}

export function runStart(env: NodeJS.ProcessEnv): Run {
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

export async function waitForOutput(run: Run, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.output())) {
    if (run.exit)
      throw new Error(`start exited (${JSON.stringify(run.exit)}) before printing ${pattern}:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function exitWithin(run: Run, timeoutMs: number): Promise<Exit> {
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

/** Ports for a start; the seventh, when given, is the dev mailbox's SMTP port (6125 by default). */
export function portEnv([gateway, auth, email, home, pg, hubSim, catcher]: number[]): Record<string, string> {
  return {
    PORT: String(gateway),
    AUTH_PORT: String(auth),
    EMAIL_PORT: String(email),
    HOME_PORT: String(home),
    ...(pg ? { EMBEDDED_PG_PORT: String(pg) } : {}),
    ...(hubSim ? { HUB_SIM_PORT: String(hubSim) } : {}),
    ...(catcher ? { SMTP_CATCHER_PORT: String(catcher) } : {}),
  };
}

// ---- processes, from /proc ---------------------------------------------------------------------------

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
}

export function procInfo(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // After the parenthesised command name: state, ppid, pgrp, ...
    const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(ppid), pgid: Number(pgid), state };
  } catch {
    return undefined;
  }
}

export function allPids(): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/** `pid` and every process below it, as they are now. */
export function processTree(pid: number): ProcInfo[] {
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
export function processesMentioning(marker: string): number[] {
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

export function alive(pid: number): boolean {
  const info = procInfo(pid);
  return Boolean(info && info.state !== "Z");
}

export function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/** Everything a run started is gone: its tree, their process groups, anything naming its data folder, its ports. */
export async function expectNothingLeft(tree: ProcInfo[], dataDir: string, ports: number[]): Promise<void> {
  await eventually(() => tree.every((p) => !alive(p.pid)), 5_000);
  expect(tree.filter((p) => alive(p.pid))).toEqual([]);
  expect([...new Set(tree.map((p) => p.pgid))].filter(groupExists)).toEqual([]);
  expect(processesMentioning(dataDir)).toEqual([]);
  for (const port of ports) expect(await portFree(port)).toBe(true);
}

export function killEverything(run: Run): void {
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

export interface HealthBody {
  status: string;
  checks: Record<string, { status: string }>;
}

export interface GraphQLBody {
  data?: { devices?: { id: string }[] } | null;
  errors?: { message: string }[];
}

export async function gatewayJson<T>(
  port: number,
  pathname: string,
  init?: RequestInit,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${port}${pathname}`, init);
  return { status: res.status, body: (await res.json()) as T };
}

/** Signs in as the demo admin through the gateway's REST facade, as the seed's curl does. */
export async function signIn(port: number): Promise<string> {
  const { status, body } = await gatewayJson<{ accessToken?: string }>(port, "/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "test@example.com", password: "password" }),
  });
  expect(status).toBe(200);
  return body.accessToken!;
}

export async function queryDevices(port: number) {
  const token = await signIn(port);
  return gatewayJson<GraphQLBody>(port, "/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "{ devices { id } }" }),
  });
}

/** Stops every start a test file made and removes their data folders (its afterAll). */
export async function cleanUpStarts(): Promise<void> {
  for (const run of runs) killEverything(run);
  await Promise.all(runs.map((run) => Promise.race([run.exited, new Promise((r) => setTimeout(r, 2_000).unref())])));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}
