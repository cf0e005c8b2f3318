// Child processes of `npm start`: each in its own process group, its output streamed line by line,
// its exit observable, and a stop that leaves nothing behind.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";

/** The last `size` output lines of a child, to show when it dies. */
export class Tail {
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
 * Starts `node script args` detached, so it leads a process group of its own: a Ctrl-C at the
 * terminal then reaches only the orchestrator, which stops the children in order. `onLine` receives
 * every stdout and stderr line.
 */
export function startChild({ name, script, args = [], nodeArgs = [], env, cwd, onLine, ipc = false }) {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe", ...(ipc ? ["ipc"] : [])],
  });
  const tail = new Tail();
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
export function groupAlive(pgid) {
  if (!pgid) return false;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

export function signalGroup(pgid, signal) {
  if (!pgid) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
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
 * Asks a child to stop (SIGTERM to its whole group, or to the leader alone when `leaderOnly`, for a
 * child that stops its own subprocesses in order), waits up to `timeoutMs`, then kills the group.
 * Resolves once no process of the group remains. Returns how it went, for the log.
 */
export async function stopChild(handle, { timeoutMs = 10_000, leaderOnly = false } = {}) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  if (!handle.exit) {
    if (leaderOnly) {
      try {
        process.kill(handle.pid, "SIGTERM");
      } catch {
        // Exited meanwhile.
      }
    } else {
      signalGroup(handle.pgid, "SIGTERM");
    }
  }
  await Promise.race([handle.exited, sleep(timeoutMs)]);
  // The leader is gone, yet something it started may linger in its group: ask that too, in the time left.
  if (handle.exit && groupAlive(handle.pgid) && Date.now() < deadline) {
    signalGroup(handle.pgid, "SIGTERM");
    await waitUntil(() => !groupAlive(handle.pgid), deadline - Date.now());
  }
  let killed = false;
  if (groupAlive(handle.pgid)) {
    killed = true;
    signalGroup(handle.pgid, "SIGKILL");
    await Promise.race([handle.exited, sleep(2_000)]);
    await waitUntil(() => !groupAlive(handle.pgid), 2_000);
  }
  return { killed, exit: handle.exit, ms: Date.now() - started };
}

/**
 * Polls `url` until it answers 200. Rejects when the child exits first, when `signal` aborts, or
 * after `timeoutMs` (naming the last answer).
 */
export async function waitHealthy(handle, url, { timeoutMs = 60_000, intervalMs = 150, signal } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    signal?.throwIfAborted();
    if (handle.exit) throw new ChildExitedError(handle);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) {
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
    await Promise.race([sleep(intervalMs), handle.exited]);
  }
}

export class ChildExitedError extends Error {
  constructor(handle) {
    super(`${handle.name} exited during startup (${describeExit(handle.exit)})`);
    this.name = "ChildExitedError";
    this.handle = handle;
  }
}

export function describeExit(exit) {
  if (!exit) return "still running";
  if (exit.error) return `could not start: ${exit.error.message}`;
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}
