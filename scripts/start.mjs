#!/usr/bin/env node
// `npm start`: the whole graph on one machine. Builds what is stale, starts PostgreSQL (embedded,
// unless DATABASE_URL is set), the Hubitat hub simulator (unless HUBITAT_HUB_IP is set), the auth,
// email and home subgraphs, then the gateway; prints where to go; and on Ctrl-C stops them in
// reverse order, leaving no process behind.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { printBanner } from "./lib/banner.mjs";
import { startBackupSchedule } from "./lib/backup-schedule.mjs";
import { buildStale } from "./lib/build.mjs";
import { readStartConfig } from "./lib/config.mjs";
import { SERVICE_NAMES, STOP_ORDER, Services } from "./lib/services.mjs";
import { Supervisor } from "./lib/supervisor.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const startedAt = Date.now();
const supervisor = new Supervisor({ names: SERVICE_NAMES, stopOrder: STOP_ORDER });
supervisor.takeOverProcess();

/** The configuration, or a one-line refusal naming every bad variable. */
function configOrRefuse() {
  try {
    return readStartConfig(root, process.env);
  } catch (err) {
    if (err?.name === "ConfigError") supervisor.refuse(err.message);
    throw err;
  }
}

async function main() {
  const buildMs = await buildStale(root, supervisor);
  // Read after the build: the configuration's schema comes from the compiled common package.
  const config = configOrRefuse();
  const services = new Services(root, supervisor, config);
  await services.claim();

  supervisor.phase = "starting";
  const { database, hub } = await services.start();
  supervisor.running();
  startBackupSchedule(root, supervisor, config, database.url);

  const { gatewayUrl } = services;
  const startupMs = Date.now() - startedAt;
  await printBanner({ gatewayUrl, database, hub, startupMs, buildMs, color: supervisor.color, config });
}

main().catch((err) => supervisor.startupFailed(err));
