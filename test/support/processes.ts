import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";

export const ROOT = path.resolve(__dirname, "../..");

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A program run as a real process in a process group of its own (so a signal reaches it and
 * nothing else), started again with the same command and environment after a kill.
 */
export interface ManagedProcess {
  name: string;
  /** Every output line since the first start, newest last (bounded). */
  lines: string[];
  readonly pid: number | undefined;
  readonly running: boolean;
  start(): Promise<void>;
  /**
   * Sends `signal` to the group (or to the leader alone, which then stops its own children) and
   * waits for the exit; SIGKILLs the group after 15 s.
   */
  kill(signal?: NodeJS.Signals, options?: { leaderOnly?: boolean }): Promise<Exit | undefined>;
  /** Output lines since `from` (an index into `lines`, as `lines.length` was then). */
  since(from: number): string[];
}

export interface ProcessOptions {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Resolves once the process is ready to use; started again by every `start()`. */
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
}

const KEEP_LINES = 5_000;

export function managedProcess(options: ProcessOptions): ManagedProcess {
  let child: ChildProcess | undefined;
  let exited: Promise<Exit> | undefined;
  let exit: Exit | undefined;
  const lines: string[] = [];
  let dropped = 0;
  const push = (line: string) => {
    lines.push(line);
    if (lines.length > KEEP_LINES) {
      lines.shift();
      dropped++;
    }
  };
  const handle: ManagedProcess = {
    name: options.name,
    lines,
    get pid() {
      return child?.pid;
    },
    get running() {
      return Boolean(child) && !exit;
    },
    async start() {
      if (handle.running) throw new Error(`${options.name} is already running`);
      exit = undefined;
      const current = spawn(options.command, options.args, {
        cwd: ROOT,
        env: options.env,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      child = current;
      for (const stream of [current.stdout!, current.stderr!]) {
        createInterface({ input: stream, crlfDelay: Infinity }).on("line", push);
      }
      exited = new Promise<Exit>((resolve) => {
        current.once("exit", (code, signal) => resolve({ code, signal }));
        current.once("error", () => resolve({ code: null, signal: null }));
      });
      void exited.then((e) => {
        if (child === current) exit = e;
      });
      const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
      for (;;) {
        if (exit) throw new Error(`${options.name} exited (${JSON.stringify(exit)}):\n${lines.slice(-30).join("\n")}`);
        if (await options.ready().catch(() => false)) return;
        if (Date.now() > deadline) {
          throw new Error(`${options.name} was not ready in time:\n${lines.slice(-30).join("\n")}`);
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    },
    async kill(signal = "SIGTERM", { leaderOnly = false } = {}) {
      if (!child || exit) return exit;
      try {
        process.kill(leaderOnly ? child.pid! : -child.pid!, signal);
      } catch {
        // Already gone.
      }
      const result = await Promise.race([
        exited!,
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 15_000).unref()),
      ]);
      if (!result) {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // Gone meanwhile.
        }
        return exited;
      }
      return result;
    },
    since(from) {
      return lines.slice(Math.max(0, from - dropped));
    },
  };
  return handle;
}

/** A Homegraph service's compiled entry (`subgraphs/home/dist/main.js`) as a managed process. */
export function serviceProcess(name: string, dir: string, url: string, env: NodeJS.ProcessEnv): ManagedProcess {
  return managedProcess({
    name,
    command: process.execPath,
    args: [path.join(ROOT, dir, "dist/main.js")],
    env,
    // Listening is enough: a service whose dependency is away still answers (and says so in /health).
    ready: async () => {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      return res.status === 200 || res.status === 503;
    },
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.setTimeout(1_000);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}
