#!/usr/bin/env node
// `npm run test:compose`: docker-compose.yml for real. Builds the images (cached after the first
// run), brings the stack up under its own project name with the hub simulator, on ports away from
// `npm start`'s, with a throw-away .env, runs the checks in lib/compose-checks.mjs, then removes
// the containers, network and volume (the images stay for the next run). No compose command or
// container engine: says so and exits 0 (skipped). Not part of `npm test`. docs/compose.md.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findEngine, runPodmanHealthChecks } from "./lib/compose-engine.mjs";
import { CHECKS, waitHealthy } from "./lib/compose-checks.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const project = process.env.COMPOSE_TEST_PROJECT || "homegraph-test";
const gatewayPort = Number(process.env.COMPOSE_TEST_GATEWAY_PORT || 16003);
const mailpitPort = Number(process.env.COMPOSE_TEST_MAILPIT_PORT || 18025);
const keep = process.env.COMPOSE_TEST_KEEP === "1";
const say = (line) => console.log(`[test:compose] ${line}`);

const workDir = mkdtempSync(path.join(os.tmpdir(), "homegraph-compose-test-"));
const logDir = path.join(root, "artifacts/compose");
mkdirSync(logDir, { recursive: true });

const engine = await findEngine({ root, workDir, say });
if (engine.skip) {
  say(
    `SKIPPED: ${engine.skip}. Install Docker (with Compose v2) or podman and docker-compose to run it; see docs/compose.md.`,
  );
  rmSync(workDir, { recursive: true, force: true });
  process.exit(0);
}
say(`engine: ${engine.podman ? "podman" : "docker"} at ${engine.socketPath}; compose: ${engine.compose.join(" ")}`);

const hex = (n) => randomBytes(n).toString("hex");
const admin = { email: "admin@example.com", password: `Hg-${randomBytes(12).toString("base64url")}` };
const env = {
  COMPOSE_PROJECT_NAME: project,
  POSTGRES_PASSWORD: hex(24),
  AUTH_SECRET: hex(32),
  SERVICE_SECRET: hex(32),
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  GATEWAY_PUBLISH: `127.0.0.1:${gatewayPort}`,
  MAILPIT_PUBLISH: `127.0.0.1:${mailpitPort}`,
  PUBLIC_URL: `http://127.0.0.1:${gatewayPort}`,
  // Requests from the host reach the container from the engine's network gateway, a private address.
  TRUST_PROXY: "uniquelocal",
  LOG_LEVEL: "info",
  // The lowest cost config.ts allows: sign-ins on a small shared machine.
  BCRYPT_COST: "10",
  HUBITAT_HUB_IP: "hub-sim:6180",
  HUBITAT_APP_ID: "1",
  HUBITAT_ACCESS_TOKEN: hex(16),
  HUBITAT_EVENT_URL: "http://home:6103/hubitat/events",
  HSM_EXIT_DELAY_SECONDS: "15",
  // A service migrating a schema that holds data backs it up first, into the backups volume.
  BACKUP_PASSPHRASE: `hg-backup-${hex(16)}`,
  // /metrics answers only this bearer; Prometheus (profile monitoring) reads it from the same .env.
  METRICS_TOKEN: hex(24),
};
const envFile = path.join(workDir, "test.env");
writeFileSync(
  envFile,
  Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n") + "\n",
  { mode: 0o600 },
);

const base = [
  ...engine.compose.slice(1),
  "-p",
  project,
  "-f",
  path.join(root, "docker-compose.yml"),
  "--env-file",
  envFile,
  "--profile",
  "simulator",
];
function compose(args, { quiet = false, logFile } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(engine.compose[0], [...base, ...args], { cwd: root, env: engine.env });
    let out = "";
    const take = (chunk) => {
      out += chunk;
      if (!quiet) process.stdout.write(chunk);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", reject);
    child.on("exit", (code) => {
      if (logFile) writeFileSync(logFile, out);
      if (code === 0) resolve(out);
      else
        reject(
          Object.assign(new Error(`${engine.compose.join(" ")} ${args.join(" ")} exited ${code}`), { output: out }),
        );
    });
  });
}

let stopHealth = () => undefined;
const results = [];
let failed = false;
const started = Date.now();
try {
  say("removing what an earlier run may have left (containers, network, volume)");
  await compose(["down", "-v", "--remove-orphans"], { quiet: true }).catch(() => undefined);
  say("building the images (the first build takes minutes; later ones reuse the cache)");
  const buildStart = Date.now();
  await compose(["build"], { quiet: true, logFile: path.join(logDir, "build.log") }).catch((err) => {
    console.error(err.output?.split("\n").slice(-40).join("\n"));
    throw new Error(
      `${err.message}: missing base images on a machine without a registry? deploy/compose-offline/README.md`,
    );
  });
  say(`built in ${Math.round((Date.now() - buildStart) / 1000)} s`);
  if (engine.podman) stopHealth = runPodmanHealthChecks({ project, env: engine.env });
  const upStart = Date.now();
  await compose(["up", "-d", "--no-build"], { quiet: true, logFile: path.join(logDir, "up.log") });
  const gateway = `http://127.0.0.1:${gatewayPort}`;
  await waitHealthy(gateway, 300);
  say(`up and healthy in ${Math.round((Date.now() - upStart) / 1000)} s`);
  const ctx = {
    gateway,
    mailpit: `http://127.0.0.1:${mailpitPort}`,
    admin,
    metricsToken: env.METRICS_TOKEN,
    compose: (args) => compose(args, { quiet: true }),
  };
  for (const [name, check] of CHECKS) {
    const t = Date.now();
    try {
      const detail = await check(ctx);
      results.push(`ok   ${name}: ${detail} (${Date.now() - t} ms)`);
    } catch (err) {
      failed = true;
      results.push(`FAIL ${name}: ${err.message}`);
    }
    say(results.at(-1));
    if (failed && !ctx.token) break;
  }
} catch (err) {
  failed = true;
  results.push(`FAIL ${err.message}`);
  say(results.at(-1));
} finally {
  const logs = await compose(["logs", "--no-color"], { quiet: true, logFile: path.join(logDir, "services.log") }).catch(
    () => "",
  );
  const errors = logs.split("\n").filter((line) => /"level":(50|60)\b/.test(line));
  // Such as email or home starting before auth and failing to read its keys or revocations.
  if (errors.length) {
    failed = true;
    results.push(`FAIL ${errors.length} error line(s) in the services' logs (artifacts/compose/services.log)`);
    say(`${results.at(-1)}:\n${errors.slice(0, 10).join("\n")}`);
  } else if (logs) results.push("ok   no error lines in the services' logs");
  stopHealth();
  if (keep) say(`COMPOSE_TEST_KEEP=1: the stack stays up (${engine.compose.join(" ")} ${base.join(" ")} down -v)`);
  else await compose(["down", "-v", "--remove-orphans"], { quiet: true }).catch((err) => say(`down: ${err.message}`));
  engine.stop();
  rmSync(workDir, { recursive: true, force: true });
}
say(
  `${failed ? "FAILED" : "passed"}: ${results.filter((r) => r.startsWith("ok")).length}/${CHECKS.length + 1} checks in ${Math.round((Date.now() - started) / 1000)} s`,
);
for (const line of results) console.log(`  ${line}`);
process.exit(failed ? 1 : 0);
