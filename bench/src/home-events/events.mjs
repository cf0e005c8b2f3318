// What every part of the home-events scenario shares: hub events as the hub posts them, sending
// them at a steady rate against the clock, waiting for deliveries to settle, and the figures.
import { readFileSync } from "node:fs";

export const now = () => performance.timeOrigin + performance.now();
export const progress = (message) => console.log(`  home events: ${message}`);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function percentile(sorted, p) {
  if (!sorted.length) return null;
  return +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
}

/** VmRSS and VmHWM of a process in MiB. */
export function memory(pid) {
  if (!pid) return { rss: null, hwm: null };
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? NaN);
  return { rss: +(kib("VmRSS") / 1024).toFixed(1), hwm: +(kib("VmHWM") / 1024).toFixed(1) };
}

/** One event as the hub posts it (`deviceId` a string, values strings). */
export function hubEvent(deviceId, name, value) {
  return JSON.stringify({
    content: {
      name,
      value: String(value),
      displayName: "bench",
      deviceId,
      descriptionText: `bench ${name} ${value}`,
      unit: null,
      type: "physical",
      data: null,
    },
  });
}

export function postEvent(eventUrl, body) {
  return fetch(eventUrl, { method: "POST", headers: { "content-type": "application/json" }, body }).then(
    async (res) => {
      await res.body?.cancel();
      return res.status;
    },
  );
}

/**
 * Sends `count` events at `rate` per second, each stamped when it leaves; `send(i)` returns a promise.
 * Paced against the clock, not by sleeping a fixed interval, so the rate holds under timer jitter.
 */
export async function paced(count, rate, deadlineMs, send) {
  const started = now();
  const sentAt = [];
  const pending = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    if (now() - started > deadlineMs) break;
    sentAt[i] = now();
    pending.push(send(i));
  }
  await Promise.allSettled(pending);
  return sentAt;
}

/** Waits until `done()` or until nothing new has arrived for `quietMs`. */
export async function settle(progress, done, quietMs = 3000, maxMs = 30_000) {
  const start = Date.now();
  let last = progress();
  let lastChange = Date.now();
  while (!done() && Date.now() - lastChange < quietMs && Date.now() - start < maxMs) {
    await sleep(50);
    const p = progress();
    if (p !== last) {
      last = p;
      lastChange = Date.now();
    }
  }
}
