// CPU per dashboard request in each process of the stack, with the gateway's root-fetch splice on
// or off (ROOT_FETCH_SPLICE): 20 people's sessions, a fixed number of requests, CPU time read from
// /proc before and after. Short on purpose (the machine is shared):
//   node bench/src/splice-cpu.mjs [requests=2000] [splice=true|false] [profile]
// With `profile`, the gateway's main thread is sampled over the measured requests and its top
// functions printed (the CPU figures then include the profiler's own cost).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { listenerPid } from "../../scripts/lib/instance.mjs";
import { cpuMeter } from "./process-cpu.mjs";
import { summarizeProfile } from "./profile.mjs";
import { OPERATIONS } from "./gateway-queries.mjs";
import { householdSessions } from "./session.mjs";
import { startStack } from "./stack.mjs";

const requests = Number(process.argv[2] ?? 2000);
const splice = process.argv[3] ?? "true";
const CONCURRENCY = 10;

const profileDir = process.argv[4] === "profile" ? mkdtempSync(path.join(tmpdir(), "splice-prof-")) : undefined;
const stack = await startStack(
  { ROOT_FETCH_SPLICE: splice, ...(profileDir ? { BENCH_PROFILE_DIR: profileDir } : {}) },
  { nodeOptions: profileDir ? [`--require ${path.resolve(import.meta.dirname, "cpu-profiler.cjs")}`] : [] },
);
try {
  const tokens = await householdSessions(stack.url, { count: 20 });
  let sent = 0;
  let bytes = 0;
  const run = async (count) => {
    sent = 0;
    const worker = async () => {
      while (sent < count) {
        const token = tokens[sent++ % tokens.length];
        const res = await fetch(`${stack.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: OPERATIONS.dashboard }),
        });
        const text = await res.text();
        if (res.status !== 200 || text.includes('"errors"'))
          throw new Error(`HTTP ${res.status} ${text.slice(0, 300)}`);
        bytes = text.length;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  };
  await run(300); // warm-up: JIT, plans, pools
  const { gateway, home, auth } = stack.ports;
  const gatewayPid = listenerPid(gateway);
  // Profiles written on SIGUSR2: the first holds start-up and warm-up, the second the measured run.
  if (profileDir) process.kill(gatewayPid, "SIGUSR2");
  const meter = cpuMeter({ gateway, home, auth });
  await run(requests);
  const figures = meter.stop(requests, CONCURRENCY);
  const metrics = await (await fetch(`${stack.url}/metrics`)).text();
  const outcomes = metrics.split("\n").filter((l) => l.startsWith("homegraph_gateway_root_splice_total"));
  console.log(JSON.stringify({ splice, answerBytes: bytes, ...figures, outcomes }, null, 2));
  if (profileDir) {
    process.kill(gatewayPid, "SIGUSR2");
    await sleep(2000);
    const { functions, packages } = summarizeProfile(path.join(profileDir, `${gatewayPid}.1.cpuprofile`), 25);
    console.log(JSON.stringify({ packages, functions }, null, 2));
  }
} finally {
  await stack.stop();
}
