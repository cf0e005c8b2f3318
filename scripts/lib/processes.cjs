// Child processes in process groups of their own: their output streamed line by line, their exit
// observable, and a stop that leaves nothing behind. `npm start`'s supervisor, the tests and the
// benchmark all start processes through this one module (CommonJS, so that jest's CommonJS runtime
// and the ESM scripts can both load it).
"use strict";
const { spawn } = require("node:child_process");
const { readdirSync, readFileSync } = require("node:fs");
const path = require("node:path");
const { createInterface } = require("node:readline");
const { setTimeout: sleep } = require("node:timers/promises");

/** Preloaded into a Node.js child so that it stops itself once its parent is gone (see that file). */
const ORPHAN_GUARD = path.join(__dirname, "orphan-guard.cjs");

/** The last `size` output lines of a child, to show when it dies. */
class Tail {
  constructor(size = 40) {
    this.size = size;
    this.lines = [];
  }

  push(line) {
    this.lines.push(line);
    if (this.lines.length > this.size) this.lines.shift();
  }
}

/**
 * Starts `node script args` (or `command args` for a program other than Node.js) detached, so it
 * leads a process group of its own: a Ctrl-C at the terminal then reaches only the orchestrator,
 * which stops the children in order. `onLine` receives every stdout and stderr line. With
 * `orphanGuard` a Node.js child stops itself when this process dies without stopping it.
 */
function startChild({
  name,
  script,
  command,
  args = [],
  nodeArgs = [],
  env,
  cwd,
  onLine,
  ipc = false,
  orphanGuard = false,
  tailSize,
}) {
  const guard = orphanGuard ? ["--require", ORPHAN_GUARD] : [];
  const [file, argv] = script
    ? [process.execPath, [...nodeArgs, ...guard, script, ...args]]
    : [command ?? process.execPath, args];
  const child = spawn(file, argv, {
    cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe", ...(ipc || orphanGuard ? ["ipc"] : [])],
  });
  const tail = new Tail(tailSize);
  const exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    // A spawn failure (no such file, EMFILE) emits only "error".
    child.once("error", (error) => resolve({ code: null, signal: null, error }));
  });
  let streamsOpen = 2;
  const closed = new Promise((resolve) => {
    for (const stream of [child.stdout, child.stderr]) {
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      lines.on("line", (line) => {
        tail.push(line);
        onLine?.(line, stream === child.stderr ? "stderr" : "stdout");
      });
      lines.once("close", () => {
        if (--streamsOpen === 0) resolve();
      });
    }
  });
  const handle = {
    name,
    child,
    pid: child.pid,
    // Detached: the child leads its group, so the group id is its pid.
    pgid: child.pid,
    tail,
    exit: undefined,
    /** Resolves once the process has exited and its output has been read to the end. */
    exited: Promise.all([exited, closed]).then(([result]) => result),
  };
  exited.then((result) => {
    handle.exit = result;
  });
  return handle;
}

/** True while any process of the group lives (zombies included, until their parent reaps them). */
function groupAlive(pgid) {
  if (!pgid) return false;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

function signalGroup(pgid, signal) {
  if (!pgid) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

/** `promise`'s value, or undefined once `ms` have passed; the timer never outlives the wait. */
async function within(promise, ms) {
  const timer = new AbortController();
  try {
    return await Promise.race([promise, sleep(ms, undefined, { signal: timer.signal })]);
  } finally {
    timer.abort();
  }
}

async function waitUntil(predicate, timeoutMs, intervalMs = 50) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return true;
    await sleep(intervalMs);
  }
  return predicate();
}

/**
 * Asks a child to stop (`signal`, SIGTERM unless told, to its whole group, or to the leader alone
 * when `leaderOnly`, for a child that stops its own subprocesses in order), waits up to `timeoutMs`,
 * then kills the group. Resolves once no process of the group remains. Returns how it went, for the log.
 */
async function stopChild(handle, { timeoutMs = 10_000, leaderOnly = false, signal = "SIGTERM" } = {}) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  if (!handle.exit) {
    if (leaderOnly) {
      try {
        process.kill(handle.pid, signal);
      } catch {
        // Exited meanwhile.
      }
    } else {
      signalGroup(handle.pgid, signal);
    }
  }
  await within(handle.exited, timeoutMs);
  // The leader is gone, yet something it started may linger in its group: ask that too, in the time left.
  if (handle.exit && groupAlive(handle.pgid) && Date.now() < deadline) {
    signalGroup(handle.pgid, "SIGTERM");
    await waitUntil(() => !groupAlive(handle.pgid), deadline - Date.now());
  }
  let killed = false;
  if (groupAlive(handle.pgid)) {
    killed = true;
    signalGroup(handle.pgid, "SIGKILL");
    await within(handle.exited, 2_000);
    await waitUntil(() => !groupAlive(handle.pgid), 2_000);
  }
  return { killed, exit: handle.exit, ms: Date.now() - started };
}

/**
 * Polls `url` until it answers 200 (or a status `accept` allows). Rejects when the child exits
 * first, when `signal` aborts, or after `timeoutMs` (naming the last answer).
 */
async function waitHealthy(
  handle,
  url,
  { timeoutMs = 60_000, intervalMs = 150, signal, accept = (status) => status === 200 } = {},
) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    signal?.throwIfAborted();
    if (handle.exit) throw new ChildExitedError(handle);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (accept(res.status)) {
        await res.body?.cancel();
        return;
      }
      last = `HTTP ${res.status} ${(await res.text()).slice(0, 300)}`;
    } catch (err) {
      last = err?.cause?.code ?? err?.message ?? String(err);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${handle.name} did not become healthy within ${Math.round(timeoutMs / 1000)} s (last answer: ${last})`,
      );
    }
    await within(handle.exited, intervalMs);
  }
}

class ChildExitedError extends Error {
  constructor(handle) {
    super(`${handle.name} exited during startup (${describeExit(handle.exit)})`);
    this.name = "ChildExitedError";
    this.handle = handle;
  }
}

function describeExit(exit) {
  if (!exit) return "still running";
  if (exit.error) return `could not start: ${exit.error.message}`;
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

// ---- processes as /proc sees them: for what escaped its group (a grandchild that made its own) -----

/** pid, parent, process group and state (Z: a zombie) of a live process, or undefined. */
function procInfo(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // After the parenthesised command name: state, ppid, pgrp, ...
    const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(ppid), pgid: Number(pgid), state };
  } catch {
    return undefined;
  }
}

function allPids() {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/** `pid` and every process below it, as they are now. */
function processTree(pid) {
  const infos = allPids()
    .map(procInfo)
    .filter((p) => Boolean(p));
  const tree = [];
  const queue = [pid];
  while (queue.length) {
    const current = queue.shift();
    const info = infos.find((p) => p.pid === current);
    if (info) tree.push(info);
    for (const p of infos) if (p.ppid === current) queue.push(p.pid);
  }
  return tree;
}

/** Live (not zombie) processes whose command line or environment mentions `marker`. */
function processesMentioning(marker) {
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

function alive(pid) {
  const info = procInfo(pid);
  return Boolean(info && info.state !== "Z");
}

/** SIGKILLs each process and its group: for a test's clean-up, when asking nicely is over. */
function killProcesses(pids) {
  for (const pid of pids) {
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

module.exports = {
  ORPHAN_GUARD,
  Tail,
  startChild,
  groupAlive,
  signalGroup,
  within,
  waitUntil,
  stopChild,
  waitHealthy,
  ChildExitedError,
  describeExit,
  procInfo,
  allPids,
  processTree,
  processesMentioning,
  alive,
  killProcesses,
};
