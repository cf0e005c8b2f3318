#!/usr/bin/env node
// npm run bench [-- --quick] [-- --profile]: starts Homegraph as `npm start` does (its own data
// folder and embedded PostgreSQL, or BENCH_DATABASE_URL; the hub simulator; a local SMTP sink),
// starts the peers (Hive Gateway, stock @apollo/gateway) on the same supergraph and subgraphs,
// runs every scenario, prints one markdown table of comparisons and goals, and writes every figure
// to bench/results/<time>.json and bench/results/latest.json.
//   --quick    a short version of every scenario (CI smoke; goals shown, not asserted)
//   --profile  every Node.js process of the stack and the peers is CPU-profiled for the whole run
//              (bench/results/profiles/<time>/<pid>.cpuprofile); the run ends with what each
//              spent its time on
//   --only <a scenario's name>  that scenario alone (e.g. --only "dashboard by role")
//   --operation <me|dashboard|entity-heavy>  the gateway queries scenario runs that operation alone
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { listenerPid } from "../../scripts/lib/instance.mjs";
import { accessDashboard } from "./access-dashboard.mjs";
import { bulkEmail } from "./email.mjs";
import { gatewayQueries } from "./gateway-queries.mjs";
import { comparisons, summaryTable } from "./goals.mjs";
import { historyCharts } from "./history.mjs";
import { HOME_EVENT_SECRET, homeEvents } from "./home-events.mjs";
import { startPeers } from "./peers.mjs";
import { notifications } from "./notifications.mjs";
import { startPushSink } from "./push-sink.mjs";
import { passkeySignIn } from "./passkey-signin.mjs";
import { printProfiles, summarizeProfiles } from "./profile.mjs";
import { signIn } from "./session.mjs";
import { signInStorm } from "./signin-storm.mjs";
import { startSmtpSink } from "./smtp-sink.mjs";
import { root, startStack } from "./stack.mjs";
import { randomBytes } from "node:crypto";

const quick = process.argv.includes("--quick");
const profile = process.argv.includes("--profile");
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined;
const operationAt = process.argv.indexOf("--operation");
const operation = operationAt > 0 ? process.argv[operationAt + 1] : undefined;
const duration = quick ? 3 : 20;
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const resultsDir = path.join(root, "bench/results");
const profileDir = path.join(resultsDir, "profiles", stamp);
const nodeOptions = profile ? ["--require", path.join(root, "bench/src/cpu-profiler.cjs")] : [];
if (profile) process.env.BENCH_PROFILE_DIR = profileDir;
if (profile) mkdirSync(profileDir, { recursive: true });
const began = Date.now();
const log = (message) => console.log(`[${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}`);

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
  node: process.version,
  platform: `${os.type()} ${os.release()}`,
  loadavgAtStart: os.loadavg().map((l) => +l.toFixed(2)),
};
log(
  `Homegraph bench (${quick ? "quick" : "full"}${profile ? ", profiling" : ""}): ${machine.cpus} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadavgAtStart[0]}`,
);

const sink = await startSmtpSink();
const peerDir = mkdtempSync(path.join(os.tmpdir(), "homegraph-bench-peers-"));
// The event URL's secret is fixed in advance: the home-events scenario posts events as the hub does.
const pushSink = await startPushSink();
// Known here: the notifications scenario asks auth for a service token and seals push subscriptions.
const serviceSecret = randomBytes(32).toString("hex");
const stack = await startStack(
  { HUBITAT_EVENT_SECRET: HOME_EVENT_SECRET, SMTP_URL: sink.url, SERVICE_SECRET: serviceSecret, ...pushSink.env },
  { nodeOptions },
);
log(`stack up at ${stack.url}`);
let peers;
const results = {};
const tables = {};
const failures = [];
const processNames = new Map();
let profileCut = 0;

/**
 * Asks each profiled process for the profile of the stretch just ended (SIGUSR2, see
 * cpu-profiler.cjs), waits for the files and files them under profiles/<time>/<stretch>/.
 */
async function cutProfiles(names, stretch) {
  const n = profileCut++;
  const pids = [...names.keys()].filter((pid) => {
    try {
      process.kill(pid, "SIGUSR2");
      return true;
    } catch {
      return false;
    }
  });
  const file = (pid) => path.join(profileDir, `${pid}.${n}.cpuprofile`);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && pids.some((pid) => !existsSync(file(pid)))) {
    await new Promise((r) => setTimeout(r, 250));
  }
  // A profile may still be being written when it appears: give the last one a moment.
  await new Promise((r) => setTimeout(r, 500));
  const dir = path.join(profileDir, stretch.replace(/[^a-z0-9]+/gi, "-"));
  mkdirSync(dir, { recursive: true });
  for (const pid of pids) if (existsSync(file(pid))) renameSync(file(pid), path.join(dir, `${pid}.cpuprofile`));
}
try {
  peers = await startPeers(stack, { dir: peerDir, nodeOptions });
  log(`peers up: Hive Gateway ${peers.hive.url}, stock @apollo/gateway ${peers.apollo.url}`);
  // Node.js processes only: PostgreSQL is not profiled (nor sent SIGUSR2).
  for (const [name, port] of Object.entries(stack.ports)) {
    if (name === "pg") continue;
    const pid = listenerPid(port);
    if (pid) processNames.set(pid, name === "hub" ? "hub simulator" : name);
  }
  processNames.set(peers.hive.pid, "Hive Gateway");
  processNames.set(peers.apollo.pid, "stock @apollo/gateway");

  // One sign-in for the whole run (tokens last an hour here): after the sign-in storm, the auth
  // service may still be working through its queue of password checks.
  const token = await signIn(stack.url);
  const scenarios = [
    ["gateway queries", () => gatewayQueries(stack, { token, duration, quick, peers, operation })],
    ["dashboard by role", () => accessDashboard(stack, { token, duration, quick })],
    ["bulk email", () => bulkEmail(stack, { token, sink, count: quick ? 250 : 1000 })],
    ["notifications", () => notifications(stack, { token, pushSink, serviceSecret, quick })],
    ["sign-in storm", () => signInStorm(stack, { token, quick })],
    ["passkey sign-in", () => passkeySignIn(stack, { token, duration, rounds: quick ? 5 : 100 })],
    ["home events to subscribers", () => homeEvents(stack, { token, quick, peers, nodeOptions })],
    // Last: its home service of its own shares the machine with the stack only while it runs.
    ["history charts", () => historyCharts(stack, { token, quick })],
  ];
  // The profiles start at each process's start: cut off the start-up, then one profile a scenario.
  if (profile) await cutProfiles(processNames, "start-up");
  for (const [name, run] of scenarios) {
    if (only && name !== only) continue;
    log(`${name}…`);
    try {
      // A scenario that hangs fails the run instead of holding it (and CI) forever.
      let timer;
      const limitS = quick ? 150 : 900;
      const result = await Promise.race([
        run(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`did not finish within ${limitS} s`)), limitS * 1000);
        }),
      ]).finally(() => clearTimeout(timer));
      results[name] = result.figures;
      tables[name] = result.table;
      log(`${name} done\n\n${result.table}\n`);
    } catch (err) {
      failures.push({ scenario: name, error: String(err?.stack ?? err) });
      log(`${name} FAILED: ${err?.stack ?? err}`);
    }
    if (profile) await cutProfiles(processNames, name);
  }
} catch (err) {
  failures.push({ scenario: "setup", error: String(err?.stack ?? err) });
  log(`setup FAILED: ${err?.stack ?? err}`);
} finally {
  await peers?.stop();
  await stack.stop();
  await sink.close();
  await pushSink.close();
  rmSync(peerDir, { recursive: true, force: true });
}

const rows = comparisons(results);
const table = summaryTable(rows, { quick });
console.log(
  `\n## Homegraph bench, ${quick ? "quick (goals not asserted)" : "full"}, ${new Date().toISOString()}\n\n${table}\n`,
);

let profiles;
if (profile) {
  // One summary a scenario, the busiest processes first.
  profiles = {};
  for (const name of Object.keys(tables)) {
    profiles[name] = summarizeProfiles(path.join(profileDir, name.replace(/[^a-z0-9]+/gi, "-")), processNames);
    console.log(
      `## Where the time went: ${name} (${path.relative(root, profileDir)})\n\n${printProfiles(profiles[name].slice(0, 4))}`,
    );
  }
}

mkdirSync(resultsDir, { recursive: true });
const report = {
  at: new Date().toISOString(),
  quick,
  seconds: Math.round((Date.now() - began) / 1000),
  machine: { ...machine, loadavgAtEnd: os.loadavg().map((l) => +l.toFixed(2)), shared: true },
  comparisons: rows,
  table,
  scenarioTables: tables,
  results,
  failures,
  ...(profiles ? { profiles } : {}),
};
const file = path.join(resultsDir, `${stamp}${quick ? "-quick" : ""}${only ? "-only" : ""}.json`);
writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
// One scenario is not a run: latest.json (what docs/performance.md is made from) stays whole.
if (!only) writeFileSync(path.join(resultsDir, "latest.json"), JSON.stringify(report, null, 2) + "\n");
log(`figures written to ${path.relative(root, file)}${only ? "" : " and bench/results/latest.json"}`);
if (quick && report.seconds > 180) console.warn(`the quick run took ${report.seconds} s, more than its 3 minutes`);
if (failures.length) {
  console.error(`${failures.length} scenario(s) failed to run: ${failures.map((f) => f.scenario).join(", ")}`);
  process.exit(1);
}
// A scenario cut off by its time limit may leave sockets open: they must not keep the run alive.
process.exit(0);
