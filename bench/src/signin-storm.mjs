// `me` through the gateway, 100 calls one after another, alone and while sign-ins storm the auth
// service: 20 at once, each for an address nobody has (so bcrypt runs for every one, on the
// timing-safe path for unknown people) from a client address of its own (X-Forwarded-For, which the
// gateway trusts from loopback as the stack's TRUST_PROXY has it, and forwards to auth), round after
// round until the 100 calls are done. Alone and during alternate `repeats` times. The goal: `me`
// p99 < 50 ms during the storm, with every sign-in answered (401, as for any wrong password: none
// refused by a rate limit or an overload). On Linux the auth process's threads are read from /proc
// while the storm runs: which spent the CPU, at what nice value.
import { readdirSync, readFileSync } from "node:fs";
import { listenerPid } from "../../scripts/lib/instance.mjs";
import { markdownTable } from "./autocannon.mjs";

const ME = JSON.stringify({ query: "{ me { id displayName role } }" });
const AT_ONCE = 20;
const CALLS = 100;

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null;
const round1 = (v) => (v === null ? null : +v.toFixed(1));

function latencyFigures(ms, errors) {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    calls: ms.length,
    p50: round1(percentile(sorted, 50)),
    p99: round1(percentile(sorted, 99)),
    max: round1(sorted.at(-1) ?? null),
    errors,
  };
}

/** `CALLS` `me` calls one after another; each non-200 or GraphQL error is counted. */
async function meCalls(url, token) {
  const ms = [];
  let errors = 0;
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    const res = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: ME,
    });
    const text = await res.text();
    ms.push(performance.now() - started);
    if (res.status !== 200 || text.includes('"errors"')) errors++;
  }
  return latencyFigures(ms, errors);
}

/**
 * The event loop's delay (p99 and max, ms) of each service since the last reading, from its
 * Prometheus /metrics (prom-client's monitorEventLoopDelay histogram, reset on every scrape);
 * null where /metrics is not open.
 */
async function loopDelays(services) {
  const out = {};
  for (const [name, base] of Object.entries(services)) {
    try {
      const text = await (await fetch(`${base}/metrics`)).text();
      const read = (metric) => {
        const m = text.match(new RegExp(`^${metric} ([0-9.e+-]+)$`, "m"));
        return m ? +(Number(m[1]) * 1000).toFixed(1) : null;
      };
      out[name] = { p99: read("nodejs_eventloop_lag_p99_seconds"), max: read("nodejs_eventloop_lag_max_seconds") };
    } catch {
      out[name] = null;
    }
  }
  return out;
}

/** Each thread of `pid`: name, nice and CPU ticks so far (Linux /proc; empty elsewhere). */
function threads(pid) {
  const out = new Map();
  let tids;
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      // Fields after the name: state is field 3; utime 14, stime 15, nice 19 (1-based, man proc).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(tid, { name, ticks: Number(fields[11]) + Number(fields[12]), nice: Number(fields[16]) });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** Rounds of `AT_ONCE` sign-ins of unknown addresses until `until` settles; answers the sign-ins' figures. */
async function storm(url, repeat, until) {
  let done = false;
  until.finally(() => (done = true));
  const ms = [];
  const statuses = {};
  let round = 0;
  while (!done || round === 0) {
    round++;
    await Promise.all(
      Array.from({ length: AT_ONCE }, async (_, i) => {
        // A fresh address and client address every time: the storm measures bcrypt, not the rate
        // limits (20 failures per client address per 15 minutes), which would answer 429 at once.
        const started = performance.now();
        const res = await fetch(`${url}/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": `10.${repeat}.${round}.${i + 1}` },
          body: JSON.stringify({
            email: `nobody-${repeat}-${round}-${i}@storm.bench.homegraph.test`,
            password: "not a password of anyone's",
          }),
        });
        await res.arrayBuffer();
        ms.push(performance.now() - started);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }),
    );
  }
  const sorted = ms.sort((a, b) => a - b);
  return {
    rounds: round,
    signIns: ms.length,
    p50: round1(percentile(sorted, 50)),
    p99: round1(percentile(sorted, 99)),
    statuses,
  };
}

export async function signInStorm(stack, { token, quick }) {
  const url = stack.url;
  const authPid = listenerPid(stack.ports.auth);
  const repeats = quick ? 1 : 3;
  await meCalls(url, token); // warm-up: JIT, pools, query plans
  const services = { gateway: url, auth: `http://127.0.0.1:${stack.ports.auth}` };
  const alone = [];
  const during = [];
  const storms = [];
  const delays = { alone: [], during: [] };
  let cpu = null;
  for (let repeat = 1; repeat <= repeats; repeat++) {
    await loopDelays(services);
    alone.push(await meCalls(url, token));
    delays.alone.push(await loopDelays(services));
    const before = authPid ? threads(authPid) : new Map();
    const started = performance.now();
    let finishCalls;
    const callsDone = new Promise((r) => (finishCalls = r));
    const stormDone = storm(url, repeat, callsDone);
    // The first round's sign-ins reach the password threads before the first call.
    await new Promise((r) => setTimeout(r, 100));
    await loopDelays(services);
    during.push(await meCalls(url, token));
    delays.during.push(await loopDelays(services));
    finishCalls();
    storms.push(await stormDone);
    const seconds = (performance.now() - started) / 1000;
    if (authPid && repeat === 1) {
      const after = threads(authPid);
      const tick = 100; // USER_HZ
      cpu = [...after]
        .map(([tid, t]) => ({
          tid,
          name: t.name,
          nice: t.nice,
          cpuSeconds: +((t.ticks - (before.get(tid)?.ticks ?? 0)) / tick).toFixed(2),
        }))
        .filter((t) => t.cpuSeconds > 0.05)
        .sort((a, b) => b.cpuSeconds - a.cpuSeconds);
      cpu = { seconds: +seconds.toFixed(1), threads: cpu };
    }
  }
  const merge = (runs) => ({
    calls: runs.reduce((n, r) => n + r.calls, 0),
    p50: Math.min(...runs.map((r) => r.p50)),
    p99: Math.max(...runs.map((r) => r.p99)),
    p99s: runs.map((r) => r.p99),
    max: Math.max(...runs.map((r) => r.max)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  });
  const statuses = {};
  for (const s of storms)
    for (const [code, n] of Object.entries(s.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  const figures = {
    atOnce: AT_ONCE,
    calls: CALLS,
    repeats,
    alone: merge(alone),
    during: merge(during),
    signIns: {
      count: storms.reduce((n, s) => n + s.signIns, 0),
      rounds: storms.reduce((n, s) => n + s.rounds, 0),
      statuses,
      p99s: storms.map((s) => s.p99),
    },
    authThreads: cpu,
    eventLoopDelayMs: delays,
  };
  const delayCells = (list, service) =>
    list.map((d) => (d[service] ? `${d[service].p99} / ${d[service].max}` : "—")).join(", ");
  const line = (label, r) => [label, r.calls, r.p50, r.p99s.join(", "), r.max, r.errors];
  const table = [
    markdownTable(
      ["`me`, one call after another", "calls", "best p50 ms", "p99 ms of each repeat", "max ms", "errors"],
      [line("alone", figures.alone), line(`during ${AT_ONCE} sign-ins at once, round after round`, figures.during)],
    ),
    "",
    "Event loop delay while the calls ran, p99 / max ms of each repeat (prom-client's monitorEventLoopDelay, 10 ms resolution):",
    "",
    markdownTable(
      ["service", "alone", "during the storm"],
      Object.keys(services).map((service) => [
        service,
        delayCells(delays.alone, service),
        delayCells(delays.during, service),
      ]),
    ),
    "",
    `Sign-ins of unknown addresses: ${figures.signIns.count} in ${figures.signIns.rounds} rounds of ${AT_ONCE}; statuses ${JSON.stringify(statuses)}; p99 of each repeat ${figures.signIns.p99s.join(", ")} ms.`,
    ...(cpu
      ? [
          "",
          `The auth process's threads during the first storm (${cpu.seconds} s):`,
          "",
          markdownTable(
            ["thread", "nice", "CPU s"],
            cpu.threads.map((t) => [`${t.name} (${t.tid})`, t.nice, t.cpuSeconds]),
          ),
        ]
      : []),
  ].join("\n");
  return { name: "sign-in storm", table, figures };
}
