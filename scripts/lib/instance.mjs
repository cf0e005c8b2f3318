// One `npm start` at a time per data folder and per port: a second one is refused in one line that
// says what is running and what to do, instead of four services failing with EADDRINUSE.
import { readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";

const LOCK_FILE = "homegraph.pid";

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
  } catch {
    return undefined;
  }
}

function parentOf(pid) {
  try {
    // Field 4 of /proc/PID/stat, after the parenthesised command name (which may hold spaces).
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** A live orchestrator: the pid lives and, where /proc says, it is still a start script (pids get reused). */
function isLiveOrchestrator(pid) {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid)) return false;
  const cmd = cmdline(pid);
  return cmd === undefined || cmd.includes("start.mjs");
}

/**
 * Takes the data folder's lock, or returns what holds it: `{ pid, url }` of the live instance.
 * Creating the file exclusively makes two simultaneous starts agree on a single winner.
 */
export function acquireLock(dataDir, info) {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, ...info }) + "\n", { flag: "wx" });
      return { file, release: () => releaseLock(file) };
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
    }
    let holder;
    try {
      holder = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      // Torn or foreign content: treat it as stale.
    }
    if (holder && isLiveOrchestrator(holder.pid)) return { heldBy: holder };
    rmSync(file, { force: true });
  }
  throw new Error(`could not take the lock ${file}`);
}

function releaseLock(file) {
  try {
    if (JSON.parse(readFileSync(file, "utf8")).pid === process.pid) rmSync(file, { force: true });
  } catch {
    // Gone already.
  }
}

/** True when `port` cannot be bound on `host` right now. */
export function portInUse(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once("error", (err) => resolve(err.code === "EADDRINUSE" || err.code === "EACCES"));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

/**
 * The pid listening on a TCP port, from /proc (Linux only; undefined elsewhere or when another
 * user's process hides it). Used only to make the refusal message say what to stop.
 */
export function listenerPid(port) {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const row of text.split("\n").slice(1)) {
      const cols = row.trim().split(/\s+/);
      // cols[1] is local "ADDR:PORT", cols[3] the state (0A = LISTEN), cols[9] the socket inode.
      if (cols.length > 9 && cols[1].endsWith(`:${hex}`) && cols[3] === "0A") inodes.add(`socket:[${cols[9]}]`);
    }
  }
  if (!inodes.size) return undefined;
  let pids;
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds;
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return Number(pid);
      } catch {
        // Closed meanwhile.
      }
    }
  }
  return undefined;
}

/** The pid a person should stop: the start script above a service, else the listener itself. */
function ownerPid(pid) {
  const parent = parentOf(pid);
  return parent && cmdline(parent)?.includes("start.mjs") ? parent : pid;
}

function describeProcess(pid) {
  const cmd = cmdline(pid) ?? "";
  const dataDir = / -D (\S+)/.exec(cmd);
  if (/\/postgres(\s|$)/.test(cmd) && dataDir) return `a PostgreSQL with data in ${dataDir[1]} (pid ${pid})`;
  return `pid ${pid}${cmd ? ` (${cmd.slice(0, 120)})` : ""}`;
}

/** What answers `/health` on the port: the `service` of a Homegraph service, else undefined. */
async function homegraphServiceOn(port, host) {
  const target = ["0.0.0.0", "::", "localhost"].includes(host) ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  try {
    const res = await fetch(`http://${target}:${port}/health`, { signal: AbortSignal.timeout(1_000) });
    const body = await res.json();
    return typeof body?.service === "string" ? body.service : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks every port this start needs; returns the one-line refusal for the first taken, or
 * undefined. `ports` is a list of `{ variable, port, host }`, the gateway's first.
 */
export async function findPortConflict(ports, { gatewayUrl }) {
  for (const { variable, port, host } of ports) {
    if (!(await portInUse(port, host))) continue;
    const pid = listenerPid(port);
    const service = await homegraphServiceOn(port, host);
    if (variable === "PORT" && service === "gateway") {
      const who = pid ? `pid ${ownerPid(pid)}, ` : "";
      return `Homegraph is already running (${who}${gatewayUrl}); stop it first or set PORT.`;
    }
    if (service) {
      const starter = pid ? ownerPid(pid) : undefined;
      const who = starter && starter !== pid ? ` (started by pid ${starter})` : pid ? ` (pid ${pid})` : "";
      return `Port ${port} (${variable}) is in use by Homegraph's ${service} service${who}; stop that Homegraph first or set ${variable}.`;
    }
    return `Port ${port} (${variable}) is in use by ${pid ? describeProcess(pid) : "another program"}; stop it first or set ${variable}.`;
  }
  return undefined;
}

/** The postmaster an earlier run left behind in `pgDataDir`, if it still runs. */
export function leftoverPostgres(pgDataDir) {
  try {
    const pid = Number(readFileSync(path.join(pgDataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    return pid > 0 && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}
