// The fan-out ramp: for one subject (Homegraph's gateway, Hive Gateway, or the bare `ws` floor),
// the highest event rate its subscribers all receive with p99 < 100 ms and nothing lost.
import { openAudience } from "./audience.mjs";
import os from "node:os";
import { cpuMs } from "../process-cpu.mjs";
import { memory, now, paced, percentile, progress, settle, sleep } from "./events.mjs";

/** A step is sustained when every delivery arrived, no error was seen, and p99 stayed below this. */
export const P99_LIMIT_MS = 100;

/**
 * RSS of `pid` once it has settled: the median of a few samples after a quiet moment (a process's
 * RSS cannot be made to shrink from outside, so "settled" means "no longer moving").
 */
export async function settledRss(pid, { waitMs = 2000, samples = 5 } = {}) {
  if (!pid) return null;
  await sleep(waitMs);
  const values = [];
  for (let i = 0; i < samples; i++) {
    values.push(memory(pid).rss);
    await sleep(400);
  }
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
}

/**
 * Runs the ramp for `subject`: `{ label, url, graphql, pid, post(seq) → status, seqOf(client,
 * payload) → seq | null }`. `subscribers` clients join, subscriptions are warmed up until every
 * client has heard an event (negative sequences), then each rate of `rates` is offered for
 * `stepMs`; deliveries are timed from each event's POST. A rate not sustained is offered once more;
 * the ramp stops when two rates in a row were not sustained at either offer, so that one pause of
 * the shared machine does not end a subject's ramp below what it sustains at the rates above.
 */
export async function fanOutRamp(subject, { subscribers, rates, stepMs, settleMs = 2000, maxSettleMs = 15_000 }) {
  const rssBefore = await settledRss(subject.pid, { waitMs: 1000 });
  const sentAt = new Map();
  let step = null;
  let stray = 0;
  const audience = await openAudience({
    url: subject.url,
    count: subscribers,
    graphql: subject.graphql,
    onMessage: (client, payload, at) => {
      const seq = subject.seqOf(client, payload);
      if (seq === null || seq < 0) return;
      if (step && seq >= step.from && seq < step.to && sentAt.has(seq)) step.latencies.push(at - sentAt.get(seq));
      else stray++;
    },
  });
  const sockets = { ...audience.state };
  progress(`${subject.label}: ${sockets.connected} of ${subscribers} subscribers connected (${sockets.failed} failed)`);

  let warm = -1;
  const warmStart = Date.now();
  while (audience.live < sockets.connected && Date.now() - warmStart < 60_000) {
    await subject.post(warm--).catch(() => 0);
    await sleep(200);
  }
  const live = audience.live;
  progress(`${subject.label}: ${live} subscriptions live after ${((Date.now() - warmStart) / 1000).toFixed(0)} s`);
  const rssIdle = await settledRss(subject.pid);
  const idleMiB = rssBefore === null || rssIdle === null ? null : +(rssIdle - rssBefore).toFixed(1);
  const per1000MiB = idleMiB === null || !live ? null : +((idleMiB * 1000) / live).toFixed(1);

  const steps = [];
  let seq = 0;
  // A step not sustained is offered once more before the ramp stops: the machine is shared, and a
  // few seconds of someone else's work should not end a subject's ramp.
  const attempts = [];
  for (const rate of rates) attempts.push([rate, 1], [rate, 2]);
  let failedRates = 0;
  for (let a = 0; a < attempts.length; a++) {
    const [rate, attempt] = attempts[a];
    if (attempt === 2 && steps.at(-1)?.sustained) continue;
    const count = Math.round((rate * stepMs) / 1000);
    const errorsBefore = audience.state.errors;
    const posts = { ok: 0, failed: 0, statuses: {} };
    step = { from: seq, to: seq + count, latencies: [] };
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, memory(subject.pid).rss ?? 0)), 250);
    // CPU each process of the path spent on the step, the benchmark's own clients included: what
    // a delivery costs each, so what rate one whole core of each could carry.
    const cpuPids = { ...subject.cpuPids };
    const cpuBefore = Object.fromEntries(Object.entries(cpuPids).map(([name, pid]) => [name, cpuMs(pid)]));
    const clientsBefore = process.cpuUsage();
    const started = now();
    const times = await paced(count, rate, stepMs * 1.5, (i) => {
      const s = step.from + i;
      sentAt.set(s, now());
      return subject.post(s).then(
        (status) => {
          const ok = status === 204;
          posts[ok ? "ok" : "failed"]++;
          posts.statuses[status] = (posts.statuses[status] ?? 0) + 1;
        },
        (err) => {
          posts.failed++;
          const code = err?.cause?.code ?? err?.name ?? "error";
          posts.statuses[code] = (posts.statuses[code] ?? 0) + 1;
        },
      );
    });
    const postedSeconds = (now() - started) / 1000;
    const sent = times.filter((t) => t !== undefined).length;
    const expected = sent * live;
    await settle(
      () => step.latencies.length,
      () => step.latencies.length >= expected,
      settleMs,
      maxSettleMs,
    );
    clearInterval(sampler);
    const clientsCpu = process.cpuUsage(clientsBefore);
    const cpu = { "bench clients": (clientsCpu.user + clientsCpu.system) / 1000 };
    for (const [name, pid] of Object.entries(cpuPids)) {
      const after = cpuMs(pid);
      cpu[name] = after === null || cpuBefore[name] === null ? null : after - cpuBefore[name];
    }
    const latencies = step.latencies.sort((a, b) => a - b);
    const errors = audience.state.errors - errorsBefore + posts.failed;
    const lost = Math.max(0, expected - latencies.length);
    const p99 = percentile(latencies, 99);
    const reasons = [];
    if (sent < count) reasons.push(`only ${sent} of ${count} events could be posted in time`);
    if (posts.failed) reasons.push(`${posts.failed} event POSTs failed (${JSON.stringify(posts.statuses)})`);
    if (audience.state.errors > errorsBefore) {
      reasons.push(`${audience.state.errors - errorsBefore} client errors (first: ${audience.state.firstError})`);
    }
    if (lost) reasons.push(`${lost} of ${expected} deliveries lost`);
    if (p99 === null || p99 >= P99_LIMIT_MS) reasons.push(`p99 ${p99} ms ≥ ${P99_LIMIT_MS} ms`);
    const result = {
      rate,
      attempt,
      sent,
      postedPerSecond: +(sent / postedSeconds).toFixed(0),
      expected,
      received: latencies.length,
      lost,
      errors,
      posts,
      p50: percentile(latencies, 50),
      p99,
      max: latencies.length ? +latencies.at(-1).toFixed(1) : null,
      peakRssMiB: subject.pid ? peakRss : null,
      loadavg: +os.loadavg()[0].toFixed(2),
      cpuMs: cpu,
      // µs of CPU per delivered message, per process.
      cpuPerDeliveryUs: Object.fromEntries(
        Object.entries(cpu).map(([name, ms]) => [
          name,
          ms === null || !latencies.length ? null : +((ms * 1000) / latencies.length).toFixed(1),
        ]),
      ),
      sustained: reasons.length === 0,
      reason: reasons.join("; ") || null,
    };
    steps.push(result);
    for (let s = step.from; s < step.to; s++) sentAt.delete(s);
    seq = step.to;
    step = null;
    progress(
      `${subject.label} ${rate} ev/s${attempt > 1 ? " (again)" : ""}: p50 ${result.p50} / p99 ${result.p99} ms, lost ${lost} of ${expected}, ${errors} err${result.sustained ? "" : ` — not sustained: ${result.reason}`}`,
    );
    if (!result.sustained && attempt === 2 && ++failedRates === 2) break;
    if (result.sustained) failedRates = 0;
    // Let the last step's stragglers and garbage go before the next.
    await sleep(result.sustained ? 500 : 2000);
  }
  await audience.close();
  const best = steps.filter((s) => s.sustained).at(-1);
  // The rate one whole core of each process would carry at the last step's cost per delivery: the
  // bound the machine sets, whatever else shares its cores.
  const last = steps.at(-1);
  const ceilings = Object.fromEntries(
    Object.entries(last?.cpuPerDeliveryUs ?? {}).map(([name, us]) => [name, us ? Math.round(1e6 / (us * live)) : null]),
  );
  return {
    label: subject.label,
    subscribers,
    sockets: { ...audience.state },
    live,
    stray,
    memory: { rssBeforeMiB: rssBefore, rssIdleMiB: rssIdle, idleMiB, per1000MiB },
    steps,
    sustainedRate: best ? best.rate : 0,
    ceilings,
    stopped: steps.at(-1)?.sustained === false ? `at ${steps.at(-1).rate} ev/s: ${steps.at(-1).reason}` : null,
  };
}
