// Starts Homegraph exactly as `npm start` does (real processes), on free ports and a database of
// the benchmark's own, and stops it afterwards.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ADMIN } from "./session.mjs";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * `env` is added to the stack's environment. Without BENCH_DATABASE_URL the embedded PostgreSQL
 * is used, in a temporary data folder. `nodeOptions` (such as --cpu-prof) go to every Node.js
 * process of the stack.
 */
export async function startStack(env = {}, { nodeOptions = [] } = {}) {
  const [gateway, auth, email, home, pg, hub] = await Promise.all(Array.from({ length: 6 }, freePort));
  const dataDir = mkdtempSync(path.join(tmpdir(), "homegraph-bench-"));
  const childEnv = {
    ...process.env,
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    PORT: String(gateway),
    AUTH_PORT: String(auth),
    EMAIL_PORT: String(email),
    HOME_PORT: String(home),
    EMBEDDED_PG_PORT: String(pg),
    HUB_SIM_PORT: String(hub),
    DATA_DIR: dataDir,
    // Production mode, as a household would run it: its secrets set and a first admin rather than
    // the demo household (which production refuses).
    AUTH_SECRET: randomBytes(32).toString("hex"),
    SERVICE_SECRET: randomBytes(32).toString("hex"),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    NO_COLOR: "1",
    // One access token lasts the whole run.
    ACCESS_TOKEN_TTL_SECONDS: "3600",
    // The entity-heavy query lists 50 devices; a quiet hub keeps the runs comparable.
    SIM_EXTRA_SWITCHES: "40",
    SIM_ACTIVITY: "false",
    // The peers never give up on a subgraph: neither does Homegraph's gateway here, so a slow answer
    // is measured as slow rather than turned into an error at 10 s.
    SUBGRAPH_TIMEOUT_MS: "120000",
    ...(nodeOptions.length ? { NODE_OPTIONS: nodeOptions.join(" ") } : {}),
    ...env,
  };
  if (process.env.BENCH_DATABASE_URL) childEnv.DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const child = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
    cwd: root,
    env: childEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const deadline = Date.now() + 120_000;
  while (!/Homegraph is up/.test(output)) {
    if (child.exitCode !== null) throw new Error(`the stack did not start:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the stack did not start within 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: `http://127.0.0.1:${gateway}`,
    dataDir,
    ports: { gateway, auth, email, home, pg, hub },
    output: () => output,
    async stop() {
      try {
        process.kill(-child.pid, "SIGINT");
      } catch {
        /* already gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
