// Hub events through the gateway: graphql-ws subscribers of `deviceUpdated`, joined in batches,
// warmed up, then fed a steady stream of event POSTs; each delivery timed from its POST.
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { hubEvent, memory, now, paced, percentile, postEvent, progress, settle, sleep } from "./events.mjs";

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

/**
 * `subscribers` graphql-ws clients of `deviceUpdated` through the gateway, then `count` events at
 * `rate` per second: deliveries, losses, latency from each POST, and the gateway's memory.
 */
export async function throughGateway(stack, { subscribers, rate, count, durationMs, token, eventUrl, gatewayPid }) {
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
