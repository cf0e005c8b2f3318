// Hub events to 1,000 subscribers through the gateway: events POSTed to the home service's event
// URL at a steady rate, as a hub does, each delivered to every graphql-ws subscriber of
// `deviceUpdated`; beside it the floor, a bare `ws` broadcast of the same messages to as many
// clients, and the highest rate of event POSTs the home service stores.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { listenerPid } from "../../scripts/lib/instance.mjs";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { markdownTable } from "./autocannon.mjs";
import { freePort } from "./stack.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Known to the stack before it starts, so the benchmark can post to the event URL as the hub does. */
export const HOME_EVENT_SECRET = "bench-event-secret-0123456789abcdef";

// The stream spreads over five devices, as a household's events do (home stores each device's
// events in order, different devices in parallel). Values from BASE up are this benchmark's own,
// far from anything the simulator's background activity posts.
const STREAM = [
  ["21", "power"],
  ["51", "temperature"],
  ["52", "temperature"],
  ["32", "temperature"],
  ["41", "temperature"],
];
const BASE = 100_000;

const now = () => performance.timeOrigin + performance.now();
const progress = (message) => console.log(`  home events: ${message}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
}

/** VmRSS and VmHWM of a process in MiB. */
function memory(pid) {
  if (!pid) return { rss: null, hwm: null };
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? NaN);
  return { rss: +(kib("VmRSS") / 1024).toFixed(1), hwm: +(kib("VmHWM") / 1024).toFixed(1) };
}

/** One event as the hub posts it (`deviceId` a string, values strings). */
function hubEvent(deviceId, name, value) {
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

function postEvent(eventUrl, body) {
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
async function paced(count, rate, deadlineMs, send) {
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
async function settle(progress, done, quietMs = 3000, maxMs = 30_000) {
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

async function throughGateway(stack, { subscribers, rate, count, durationMs, token, eventUrl, gatewayPid }) {
  const query = `subscription ($ids: [ID!]) { deviceUpdated(deviceIds: $ids) { id attributes { name value } } }`;
  const ids = await homeIds(stack, token);
  const attributeOf = new Map(STREAM.map(([hubId, name]) => [ids.get(hubId), name]));
  const streamEvent = (seq) => {
    const [hubId, name] = STREAM[((seq % STREAM.length) + STREAM.length) % STREAM.length];
    return hubEvent(hubId, name, BASE + seq);
  };
  const received = new Map(); // sequence -> receipt times
  let lastMessage = null;
  const clients = [];
  let live = 0;
  const sockets = { connected: 0, failed: 0, firstError: null };
  // Subscribers join in batches of 50, each batch once the one before has connected (or failed),
  // as people's browsers would over a few seconds: 1,000 handshakes at once on a loaded machine
  // run into graphql-ws's 3 s connection_init limit, which measures the handshake, not the updates.
  let batch = [];
  for (let c = 0; c < subscribers; c++) {
    let settled;
    batch.push(new Promise((resolve) => (settled = resolve)));
    const client = createClient({
      url: `${stack.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      on: {
        connected: () => {
          sockets.connected++;
          settled();
        },
        closed: (event) => {
          if (event?.code !== 1000) {
            sockets.failed++;
            sockets.firstError ??= `${event?.code} ${event?.reason}`;
          }
          settled();
        },
      },
      // Counted in `sockets` instead of printed.
      onNonLazyError: () => undefined,
    });
    clients.push(client);
    if (batch.length === 50 || c === subscribers - 1) {
      await Promise.race([Promise.all(batch), sleep(30_000)]);
      batch = [];
    }
    let first = true;
    // A device's message repeats its last value when another of its attributes changes: count each value once.
    const lastSeen = new Map();
    client.subscribe(
      { query, variables: { ids: [...attributeOf.keys()] } },
      {
        next: (value) => {
          const at = now();
          if (first) {
            first = false;
            live++;
          }
          const device = value.data?.deviceUpdated;
          const name = attributeOf.get(device?.id);
          const seq = Number(device?.attributes?.find((a) => a.name === name)?.value) - BASE;
          if (!Number.isInteger(seq) || seq < 0 || lastSeen.get(device.id) === seq) return;
          lastSeen.set(device.id, seq);
          lastMessage ??= value;
          let times = received.get(seq);
          if (!times) received.set(seq, (times = []));
          times.push(at);
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
  }
  progress(`${sockets.connected} of ${subscribers} subscribers connected (${sockets.failed} failed)`);
  const idle = memory(gatewayPid);
  // A subscription is live once its upstream subscription reached home: warm up until all have heard one.
  let warm = -1;
  const warmStart = Date.now();
  while (live < subscribers && Date.now() - warmStart < 60_000) {
    await postEvent(eventUrl, streamEvent(warm--));
    await sleep(200);
  }
  progress(`${live} subscriptions live after ${((Date.now() - warmStart) / 1000).toFixed(0)} s of warm-up`);
  received.clear();
  await sleep(300);

  let peak = memory(gatewayPid);
  const sampler = setInterval(() => {
    const m = memory(gatewayPid);
    if ((m.rss ?? 0) > (peak.rss ?? 0)) peak = m;
  }, 250);
  // Refused or failed POSTs are events the hub would have to send again: their deliveries count as lost.
  const accepted = { ok: 0, failed: 0, statuses: {} };
  const note = (status) => {
    if (status === 204) accepted.ok++;
    else accepted.failed++;
    accepted.statuses[status] = (accepted.statuses[status] ?? 0) + 1;
  };
  const sentAt = await paced(count, rate, durationMs, (i) =>
    postEvent(eventUrl, streamEvent(i)).then(note, (err) => note(err?.cause?.code ?? err?.name ?? "error")),
  );
  const sent = sentAt.filter((t) => t !== undefined).length;
  progress(`${sent} events posted (${accepted.ok} stored, ${accepted.failed} failed)`);
  const total = () => [...received.values()].reduce((n, t) => n + t.length, 0);
  await settle(total, () => total() >= sent * subscribers);
  progress(`${total()} of ${sent * subscribers} deliveries received`);
  clearInterval(sampler);
  const after = memory(gatewayPid);

  const latencies = [];
  for (const [seq, times] of received) {
    if (sentAt[seq] === undefined) continue;
    for (const t of times) latencies.push(t - sentAt[seq]);
  }
  latencies.sort((a, b) => a - b);
  // A client whose connection failed may never settle its dispose: do not wait for it.
  await Promise.race([Promise.allSettled(clients.map((c) => c.dispose())), sleep(10_000)]);
  return {
    subscribers,
    sockets,
    live,
    sent,
    posted: accepted,
    expected: sent * subscribers,
    received: latencies.length,
    lost: sent * subscribers - latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.length ? +latencies.at(-1).toFixed(1) : null,
    gatewayRssMiB: {
      idle: idle.rss,
      peak: Math.max(idle.rss ?? 0, peak.rss ?? 0, after.rss ?? 0),
      after: after.rss,
      hwm: after.hwm,
    },
    message: lastMessage,
  };
}

/**
 * The floor: the same messages, POSTed as the hub posts events, broadcast by a bare `ws` server in
 * a process of its own (peers/ws-broadcast.mjs) to as many clients; no GraphQL, no database.
 */
async function rawBroadcast({ subscribers, rate, count, durationMs, message, nodeOptions }) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeOptions, path.join(here, "peers/ws-broadcast.mjs")], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve, reject) => {
    child.stdout.once("data", resolve);
    child.once("exit", (code) => reject(new Error(`the ws broadcast server exited (${code})`)));
  });
  const url = `ws://127.0.0.1:${port}`;
  const received = [];
  const sockets = [];
  // Joined in batches of 50, like the gateway's subscribers.
  for (let c = 0; c < subscribers; c += 50) {
    const batch = await Promise.all(
      Array.from(
        { length: Math.min(50, subscribers - c) },
        () =>
          new Promise((resolve, reject) => {
            const ws = new WebSocket(url);
            ws.on("message", (data) => {
              const at = now();
              const value = JSON.parse(data.toString());
              received.push([value.seq, at]);
            });
            ws.once("open", () => resolve(ws));
            ws.once("error", reject);
          }),
      ),
    );
    sockets.push(...batch);
  }
  const payload = message ?? { data: { deviceUpdated: { id: "0", attributes: [] } } };
  const broadcastUrl = `http://127.0.0.1:${port}/broadcast`;
  const sentAt = await paced(count, rate, durationMs, (i) =>
    postEvent(broadcastUrl, JSON.stringify({ seq: i, payload })).catch(() => 0),
  );
  const sent = sentAt.filter((t) => t !== undefined).length;
  await settle(
    () => received.length,
    () => received.length >= sent * subscribers,
  );
  const latencies = received.filter(([seq]) => sentAt[seq] !== undefined).map(([seq, at]) => at - sentAt[seq]);
  latencies.sort((a, b) => a - b);
  for (const ws of sockets) ws.terminate();
  child.kill("SIGTERM");
  return {
    subscribers,
    sent,
    expected: sent * subscribers,
    received: latencies.length,
    lost: sent * subscribers - latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/**
 * The highest rate of event POSTs the home service stores: each step offers a rate for `stepMs`
 * (at most 256 POSTs in flight); a POST answers 204 only once its event is stored, so accepted
 * POSTs per second are stored events per second. Spread over several devices and attributes, as a
 * household's events are. Stops at the first step that falls short.
 */
async function ingestionRamp({ eventUrl, rates, stepMs }) {
  const targets = [
    ...["31", "32", "41", "42", "51", "52", "71"].map((id) => [id, "battery"]),
    ["21", "power"],
    ["61", "temperature"],
  ];
  let seq = 0;
  const steps = [];
  for (const rate of rates) {
    const count = Math.round((rate * stepMs) / 1000);
    let ok = 0;
    let failed = 0;
    let inFlight = 0;
    const durations = [];
    const started = now();
    await paced(count, rate, stepMs * 3, async () => {
      while (inFlight >= 256) await sleep(1);
      inFlight++;
      const [device, name] = targets[seq % targets.length];
      const value = 200_000 + seq;
      seq++;
      const t = now();
      try {
        if ((await postEvent(eventUrl, hubEvent(device, name, value))) === 204) ok++;
        else failed++;
      } catch {
        failed++;
      } finally {
        inFlight--;
        durations.push(now() - t);
      }
    });
    const seconds = (now() - started) / 1000;
    durations.sort((a, b) => a - b);
    const storedPerSecond = +(ok / seconds).toFixed(0);
    const sustained = failed === 0 && storedPerSecond >= rate * 0.95;
    steps.push({
      rate,
      stored: ok,
      failed,
      seconds: +seconds.toFixed(2),
      storedPerSecond,
      p99: percentile(durations, 99),
      sustained,
    });
    progress(`ramp step ${rate} events/s: ${storedPerSecond} stored/s`);
    if (!sustained) break;
  }
  const best = steps.filter((s) => s.sustained).at(-1);
  return { steps, sustainedPerSecond: best ? best.storedPerSecond : 0 };
}

/** Homegraph's id of each of the hub's devices. */
async function homeIds(stack, token) {
  const res = await fetch(`${stack.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "{ devices { id hubDeviceId } }" }),
  });
  const body = await res.json();
  if (!body.data?.devices?.length) throw new Error(`no devices in Homegraph: ${JSON.stringify(body)}`);
  return new Map(body.data.devices.map((d) => [d.hubDeviceId, d.id]));
}

/** `subscribers`, `rate` and `ramp: false` are for looking into a result by hand; run.mjs uses the defaults. */
export async function homeEvents(
  stack,
  { token, duration, quick, subscribers = quick ? 50 : 1000, rate = 100, ramp = true, nodeOptions = [] },
) {
  const durationMs = duration * 1000;
  const count = rate * duration;
  const eventUrl = `http://127.0.0.1:${stack.ports.home}/hubitat/events/${HOME_EVENT_SECRET}`;
  const gatewayPid = listenerPid(stack.ports.gateway);

  const gateway = await throughGateway(stack, { subscribers, rate, count, durationMs, token, eventUrl, gatewayPid });
  progress("the floor: a bare ws broadcast");
  const floor = await rawBroadcast({ subscribers, rate, count, durationMs, message: gateway.message, nodeOptions });
  progress("the ingestion ramp");
  const ingestion = await (ramp ? ingestionRamp : async () => ({ steps: [], sustainedPerSecond: null }))({
    eventUrl,
    rates: quick ? [100, 250, 500, 1000] : [100, 250, 500, 1000, 2000, 4000],
    stepMs: quick ? 1500 : 5000,
  });
  delete gateway.message;

  const load = `${subscribers} subs, ${rate} ev/s × ${duration} s`;
  const rows = [
    [
      "hub POST → gateway → client (`deviceUpdated`)",
      load,
      gateway.p50,
      gateway.p99,
      `${gateway.lost} of ${gateway.expected}`,
      `${gateway.gatewayRssMiB.idle} → ${gateway.gatewayRssMiB.peak}`,
    ],
    [
      "floor: bare `ws` broadcast, same messages",
      load,
      floor.p50,
      floor.p99,
      `${floor.lost} of ${floor.expected}`,
      "—",
    ],
  ];
  const rampRows = ingestion.steps.map((s) => [s.rate, s.storedPerSecond, s.failed, s.p99, s.sustained ? "yes" : "no"]);
  const table = [
    markdownTable(["path", "load", "p50 ms", "p99 ms", "lost", "gateway RSS MiB (idle → peak)"], rows),
    "",
    `Ingestion (event POSTs to home, stored before the 204; ${quick ? 1.5 : 5} s a step): highest sustained **${ingestion.sustainedPerSecond} events/s**`,
    "",
    markdownTable(["offered ev/s", "stored ev/s", "failed", "POST p99 ms", "sustained"], rampRows),
  ].join("\n");
  return { name: "home events to subscribers", table, figures: { gateway, floor, ingestion, gatewayPid } };
}
