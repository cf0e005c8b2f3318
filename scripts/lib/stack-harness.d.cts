import type { ChildHandle, Exit, ProcInfo } from "./processes.cjs";

export type { Exit, ProcInfo };

export declare const ROOT: string;
export declare const START: string;

export declare function freePort(): Promise<number>;
export declare function freePorts(count: number): Promise<number[]>;
export declare function listening(port: number): Promise<boolean>;
export declare function startEnv(overrides?: Record<string, string | undefined>): NodeJS.ProcessEnv;
/** Gateway, auth, email, home, then optionally PostgreSQL, the hub simulator, the dev mailbox's SMTP. */
export declare function portEnv(ports: number[]): Record<string, string>;
export declare function tempDir(prefix: string): string;
export declare function tempDataDir(prefix?: string): string;

export interface Run {
  handle: ChildHandle;
  pid: number;
  dataDir: string;
  output: () => string;
  stderr: () => string;
  exited: Promise<Exit>;
  /** Set once it has exited: its pid may then belong to someone else. */
  readonly exit: Exit | undefined;
}

export declare function runStart(env: NodeJS.ProcessEnv): Run;
export declare function waitForOutput(run: Run, pattern: RegExp, timeoutMs: number): Promise<void>;
export declare function exitWithin(run: Run, timeoutMs: number): Promise<Exit>;
export declare function killEverything(run: Run, tree?: ProcInfo[]): void;
export declare function cleanUp(): Promise<void>;

export interface RunningHomegraph {
  /** The gateway on 127.0.0.1. */
  url: string;
  dataDir: string;
  ports: Record<"gateway" | "auth" | "email" | "home" | "pg" | "hub" | "catcher", number>;
  run: Run;
  output: () => string;
  stop(): Promise<void>;
}

export declare function startHomegraph(options?: {
  env?: Record<string, string | undefined>;
  readyTimeoutMs?: number;
  stopTimeoutMs?: number;
}): Promise<RunningHomegraph>;

export interface ManagedProcess {
  name: string;
  /** Every output line since the first start, newest last (bounded). */
  lines: string[];
  readonly pid: number | undefined;
  readonly running: boolean;
  start(): Promise<void>;
  /** Sends `signal` to the group (or to the leader alone, which stops its own children); SIGKILLs the group after 15 s. */
  kill(signal?: NodeJS.Signals, options?: { leaderOnly?: boolean }): Promise<Exit | undefined>;
  /** Output lines since `from` (an index into `lines`, as `lines.length` was then). */
  since(from: number): string[];
}

export declare function managedProcess(options: {
  name: string;
  script?: string;
  command?: string;
  args?: string[];
  env: NodeJS.ProcessEnv;
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
  orphanGuard?: boolean;
}): ManagedProcess;

export declare function serviceProcess(name: string, dir: string, url: string, env: NodeJS.ProcessEnv): ManagedProcess;
