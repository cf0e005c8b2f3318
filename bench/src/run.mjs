#!/usr/bin/env node
// npm run bench [-- --quick]: starts Homegraph as `npm start` does, runs each scenario, prints one
// markdown table per scenario and writes every figure to bench/results/<time>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { HOME_EVENT_SECRET, homeEvents } from "./home-events.mjs";
import { signInStorm } from "./signin-storm.mjs";
import { root, startStack } from "./stack.mjs";

const quick = process.argv.includes("--quick");
const duration = quick ? 3 : 15;

// The event URL's secret fixed in advance: the home-events scenario posts events as the hub does.
const stack = await startStack({ HUBITAT_EVENT_SECRET: HOME_EVENT_SECRET });
const results = [];
try {
  console.log(
    `Homegraph bench (${quick ? "quick" : "full"}; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})\n`,
  );
  for (const scenario of [signInStorm, homeEvents]) {
    const result = await scenario(stack, { duration, quick });
    results.push(result);
    console.log(`## ${result.name}\n\n${result.table}\n`);
  }
} finally {
  await stack.stop();
}

const dir = path.join(root, "bench/results");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(
  file,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      quick,
      cpus: os.cpus().length,
      loadavg: os.loadavg(),
      results: results.map(({ name, figures }) => ({ name, figures })),
    },
    null,
    2,
  ),
);
console.log(`figures written to ${path.relative(root, file)}`);
