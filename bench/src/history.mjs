#!/usr/bin/env node
// History that lasts: a year of synthetic temperatures for one sensor read every hour (8,760
// readings), and for another every 5 minutes (105,120), in a scratch database on the stack's
// PostgreSQL, served by a home service of their own (the stack's auth verifies the tokens). The
// year's chart (`deviceHistory`, AUTO: 365 daily points of min, max, mean) is asked over HTTP,
// again and again; beside it, the same query with the rollups removed, when every request
// aggregates the year's readings. Goal: the year's chart in < 200 ms.
//   node bench/src/history.mjs [--quick]   starts the stack itself, runs only this scenario
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { markdownTable } from "./autocannon.mjs";
import { graphql } from "./session.mjs";
import { freePort, root } from "./stack.mjs";

const YEAR_MS = 365 * 86_400_000;
const SENSORS = [
  { hubId: "bench-hourly", label: "Hourly sensor", everyMinutes: 60 },
  { hubId: "bench-5min", label: "Five-minute sensor", everyMinutes: 5 },
];
const CHART = `query ($id: ID!, $from: DateTimeISO!, $to: DateTimeISO!, $resolution: HistoryResolution) {
  deviceHistory(deviceId: $id, attribute: "temperature", from: $from, to: $to, resolution: $resolution) {
    resolution points { at min max mean }
  }
}`;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const figuresOf = (ms) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { runs: ms.length, p50: +percentile(sorted, 50).toFixed(1), p99: +percentile(sorted, 99).toFixed(1) };
};

async function timed(runs, fn) {
  // Warm-up: JIT, pools, query plans (the service started moments ago).
  for (let i = 0; i < Math.min(10, runs); i++) await fn();
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  return figuresOf(ms);
}

/** A home service on the scratch database, without a hub; resolves once /health answers 200. */
async function startHome(databaseUrl, authPort) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, "subgraphs/home/dist/main.js")], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      AUTH_URL: `http://127.0.0.1:${authPort}`,
      SERVICE_SECRET: randomBytes(32).toString("hex"),
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bench's home service exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error("the bench's home service did not start within 60 s");
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
  return { url, stop };
}

/** A year of readings ending at the current hour, a daily and a seasonal swing plus noise. */
async function seed(db, sensor, end) {
  const {
    rows: [device],
  } = await db.query(
    `insert into home.devices (hub_device_id, label, room, attributes, created_at, updated_at)
     values ($1, $2, 'Bench', '[{"name":"temperature","value":null,"dataType":"NUMBER","unit":"°C"}]', now(), now())
     returning id`,
    [sensor.hubId, sensor.label],
  );
  const { rowCount } = await db.query(
    `insert into home.device_events (device_id, hub_device_id, name, value, value_type, unit, source, created_at)
     select $1, $2, 'temperature',
       round((18 + 6 * sin(extract(epoch from t) / 86400 / 58) + 3 * sin(extract(epoch from t) / 13750) + random())::numeric, 2)::text,
       'NUMBER', '°C', 'POST', t
     from generate_series($3::timestamptz - interval '365 days', $3::timestamptz - interval '1 second', $4 * interval '1 minute') t`,
    [device.id, sensor.hubId, end, sensor.everyMinutes],
  );
  return { ...sensor, id: String(device.id), readings: rowCount };
}

export async function historyCharts(stack, { token, quick }) {
  const runs = quick ? 50 : 200;
  // The stack's own PostgreSQL: BENCH_DATABASE_URL, or the embedded one (its user is postgres).
  const server = process.env.BENCH_DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${stack.ports.pg}/postgres`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const name = `homegraph_bench_history_${Date.now().toString(36)}`;
  await admin.query(`create database ${name}`);
  const scratch = new URL(server);
  scratch.pathname = `/${name}`;
  const databaseUrl = scratch.toString();
  const db = new pg.Client({ connectionString: databaseUrl });
  let home;
  try {
    // A first start makes the tables; the readings go in while it is stopped, and the second
    // start's history job rolls them all up, as after an upgrade of a household with history.
    home = await startHome(databaseUrl, stack.ports.auth);
    await home.stop();
    await db.connect();
    const end = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const sensors = [];
    for (const sensor of SENSORS) sensors.push(await seed(db, sensor, end));
    const started = performance.now();
    home = await startHome(databaseUrl, stack.ports.auth);
    for (;;) {
      const { rows } = await db.query(`select day_mark from home.history_rollup_state`);
      if (rows[0]?.day_mark) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const rollupSeconds = +((performance.now() - started) / 1000).toFixed(1);
    const {
      rows: [{ count: rollups }],
    } = await db.query(`select count(*)::int as count from home.device_rollups`);

    const variables = (sensor, resolution) => ({
      id: sensor.id,
      from: new Date(Date.now() - YEAR_MS).toISOString(),
      to: new Date().toISOString(),
      resolution,
    });
    const chart = (sensor, resolution) => () =>
      graphql(`${home.url}/graphql`, token, CHART, variables(sensor, resolution));
    const figures = { rollupSeconds, rollups, runs, sensors: [] };
    for (const sensor of sensors) {
      const { deviceHistory } = await chart(sensor)();
      figures.sensors.push({
        label: sensor.label,
        readings: sensor.readings,
        points: deviceHistory.points.length,
        resolution: deviceHistory.resolution,
        year: await timed(runs, chart(sensor)),
        hourly: await timed(Math.max(5, runs / 10), chart(sensor, "HOUR")),
      });
    }
    // Without rollups (none stored, no watermark) the same query aggregates every reading of the
    // year on each request: what rollups save, and what grows with the readings.
    await db.query(`delete from home.device_rollups`);
    await db.query(`update home.history_rollup_state set hour_mark = null, day_mark = null`);
    for (const [i, sensor] of sensors.entries()) {
      figures.sensors[i].raw = await timed(Math.max(5, runs / 10), chart(sensor));
    }
    const table = markdownTable(
      [
        "sensor",
        "readings in the year",
        "the year's chart (AUTO), home GraphQL",
        "year at HOUR (8,760 points)",
        "the same chart without rollups",
        "goal < 200 ms",
      ],
      figures.sensors.map((s) => [
        s.label,
        s.readings.toLocaleString("en"),
        `${s.points} ${s.resolution} points: p50 ${s.year.p50} / p99 ${s.year.p99} ms (${s.year.runs} runs)`,
        `p50 ${s.hourly.p50} / p99 ${s.hourly.p99} ms`,
        `p50 ${s.raw.p50} / p99 ${s.raw.p99} ms`,
        s.year.p99 < 200 ? "met" : "**not met**",
      ]),
    );
    return {
      name: "history charts",
      table: `${table}\n\nRolled up by the home service's history job within ${rollupSeconds} s of its start (${rollups.toLocaleString("en")} hourly and daily rollups).`,
      figures,
    };
  } finally {
    await home?.stop();
    await db.end().catch(() => undefined);
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { startStack } = await import("./stack.mjs");
  const { signIn } = await import("./session.mjs");
  const quick = process.argv.includes("--quick");
  const stack = await startStack();
  try {
    const result = await historyCharts(stack, { token: await signIn(stack.url), quick });
    console.log(`\n## History charts${quick ? " (quick)" : ""}\n\n${result.table}\n`);
    console.log(JSON.stringify(result.figures));
  } finally {
    await stack.stop();
  }
  process.exit(0);
}
