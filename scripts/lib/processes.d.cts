import type { ChildProcess } from "node:child_process";

export declare const ORPHAN_GUARD: string;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all. */
  error?: Error;
}

export declare class Tail {
  constructor(size?: number);
  size: number;
  lines: string[];
  push(line: string): void;
}

export interface ChildOptions {
  name: string;
  /** A Node.js script, run with `nodeArgs`; or else `command`. */
  script?: string;
  command?: string;
  args?: string[];
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  ipc?: boolean;
  orphanGuard?: boolean;
  tailSize?: number;
}

export interface ChildHandle {
  name: string;
  child: ChildProcess;
  pid: number | undefined;
  pgid: number | undefined;
  tail: Tail;
  exit: Exit | undefined;
  exited: Promise<Exit>;
}

export declare function startChild(options: ChildOptions): ChildHandle;
export declare function groupAlive(pgid: number | undefined): boolean;
export declare function signalGroup(pgid: number | undefined, signal: NodeJS.Signals): void;
export declare function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs?: number,
): Promise<boolean>;
export declare function stopChild(
  handle: ChildHandle,
  options?: { timeoutMs?: number; leaderOnly?: boolean; signal?: NodeJS.Signals },
): Promise<{ killed: boolean; exit: Exit | undefined; ms: number }>;
export declare function waitHealthy(
  handle: ChildHandle,
  url: string,
  options?: { timeoutMs?: number; intervalMs?: number; signal?: AbortSignal; accept?: (status: number) => boolean },
): Promise<void>;
export declare class ChildExitedError extends Error {
  constructor(handle: ChildHandle);
  handle: ChildHandle;
}
export declare function describeExit(exit: Exit | undefined): string;

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
}
export declare function procInfo(pid: number): ProcInfo | undefined;
export declare function allPids(): number[];
export declare function processTree(pid: number): ProcInfo[];
export declare function processesMentioning(marker: string): number[];
export declare function alive(pid: number): boolean;
export declare function killProcesses(pids: Iterable<number>): void;
export declare function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined>;
