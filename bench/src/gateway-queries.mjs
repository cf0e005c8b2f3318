// Gateway queries under 50 connections: `me` (one subgraph), the dashboard (devices by room with
// their state, and the signed-in user) and an entity-heavy list (every device with who last
// changed it, resolved from the auth subgraph), each through Homegraph's gateway, Hive Gateway and
// stock @apollo/gateway in the same run; `me` also straight from the auth subgraph (the floor).
// While the dashboard runs through Homegraph, the home and auth services' database pools are read
// from their /health detail.
import { isDeepStrictEqual } from "node:util";
import { load, markdownTable } from "./autocannon.mjs";
import { graphql } from "./session.mjs";

export const OPERATIONS = {
  me: "{ me { id displayName role } }",
  dashboard:
    "{ me { id displayName role } rooms { name deviceCount devices { id label type online stale lastChangedAt attributes { name value unit updatedAt } } } }",
  "entity-heavy": "{ devices { id label lastChangedBy { id displayName } } }",
};

/** Makes the entity-heavy list heavy: a command through the gateway to every device, so each has lastChangedBy. */
async function attributeDevices(url, token) {
  const { devices } = await graphql(url, token, "{ devices { id capabilities } }");
  const commanded = [];
  for (const device of devices) {
    if (device.capabilities.includes("Switch")) {
      await graphql(url, token, "mutation ($id: ID!) { setSwitch(deviceId: $id, on: false) { id } }", {
        id: device.id,
      });
      commanded.push(device.id);
    } else if (device.capabilities.includes("Refresh")) {
      await graphql(
        url,
        token,
        'mutation ($id: ID!) { sendDeviceCommand(deviceId: $id, command: "refresh", args: []) { id } }',
        {
          id: device.id,
        },
      );
      commanded.push(device.id);
    }
  }
  if (commanded.length < 50) {
    throw new Error(
      `the entity-heavy query wants 50 devices with lastChangedBy; the hub has ${commanded.length} to command`,
    );
  }
  return { devices: devices.length, withLastChangedBy: commanded.length };
}

/**
 * Samples a service's pool occupancy from /health every `everyMs`. /health reads the pool before
 * its own database ping, which queues behind the load: samples overlap, and the ones still in
 * flight when the load stops are waited for (each is a reading of the moment it arrived).
 */
function samplePool(baseUrl, everyMs = 100) {
  const samples = [];
  const inFlight = new Set();
  const timer = setInterval(() => {
    const sample = fetch(`${baseUrl}/health`)
      .then((r) => r.json())
      .then((report) => {
        const pool = report.checks?.database?.detail?.pool;
        if (pool) samples.push(pool);
      })
      .catch(() => undefined)
      .finally(() => inFlight.delete(sample));
    inFlight.add(sample);
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 5000))]);
    if (!samples.length) return null;
    const pending = samples.map((s) => s.pending);
    return {
      samples: samples.length,
      poolMax: samples[0].max,
      usedMax: Math.max(...samples.map((s) => s.used)),
      usedMean: +(samples.reduce((n, s) => n + s.used, 0) / samples.length).toFixed(1),
      pendingMax: Math.max(...pending),
      pendingMean: +(pending.reduce((a, b) => a + b, 0) / samples.length).toFixed(1),
      saturatedShare: +(samples.filter((s) => s.pending > 0).length / samples.length).toFixed(2),
    };
  };
}

export async function gatewayQueries(stack, { token, duration, quick, peers, connections = 50 }) {
  const setup = await attributeDevices(`${stack.url}/graphql`, token);
  const subjects = [
    { key: "homegraph", label: "Homegraph gateway", url: `${stack.url}/graphql` },
    { key: "hive", label: "Hive Gateway", url: peers.hive.url },
    { key: "apollo", label: "stock @apollo/gateway", url: peers.apollo.url },
  ];
  const floor = {
    key: "auth-direct",
    label: "auth subgraph direct (floor)",
    url: `http://127.0.0.1:${stack.ports.auth}/graphql`,
  };

  const figures = { connections, duration, setup, operations: {}, pool: null };
  const rows = [];
  for (const [operation, query] of Object.entries(OPERATIONS)) {
    const runFor = operation === "me" ? [...subjects, floor] : subjects;
    // Every subject must give the same answer before its speed means anything.
    const reference = await graphql(subjects[0].url, token, query);
    for (const subject of runFor) {
      const answer = await graphql(subject.url, token, query);
      if (!isDeepStrictEqual(answer, reference)) {
        throw new Error(`${subject.label} answers ${operation} differently from Homegraph's gateway`);
      }
    }
    figures.operations[operation] = {};
    for (const subject of runFor) {
      const options = {
        url: subject.url,
        connections,
        duration,
        headers: { authorization: `Bearer ${token}` },
        body: { query },
        verifyGraphQL: true,
      };
      await load({ ...options, duration: quick ? 1 : 3 }); // warm-up: JIT, query plans, pools
      const stopSampling =
        operation === "dashboard" && subject.key === "homegraph"
          ? [samplePool(`http://127.0.0.1:${stack.ports.home}`), samplePool(`http://127.0.0.1:${stack.ports.auth}`)]
          : null;
      const result = await load(options);
      if (stopSampling) {
        const [home, auth] = await Promise.all(stopSampling.map((stop) => stop()));
        figures.pool = { home, auth };
      }
      figures.operations[operation][subject.key] = result;
      rows.push([`\`${operation}\``, subject.label, result.rps, result.p50, result.p99, result.errors + result.non2xx]);
    }
  }
  const poolRows = Object.entries(figures.pool ?? {})
    .filter(([, p]) => p)
    .map(([service, p]) => [
      service,
      p.poolMax,
      p.usedMax,
      p.usedMean,
      p.pendingMax,
      p.pendingMean,
      `${Math.round(p.saturatedShare * 100)} %`,
      p.samples,
    ]);
  const table = [
    markdownTable(["operation", "subject", "RPS", "p50 ms", "p99 ms", "errors"], rows),
    "",
    `Database pools while the dashboard runs through Homegraph's gateway (${connections} connections; /health detail sampled every 100 ms):`,
    "",
    markdownTable(
      [
        "service",
        "pool size",
        "in use max",
        "in use mean",
        "queued max",
        "queued mean",
        "samples with a queue",
        "samples",
      ],
      poolRows,
    ),
  ].join("\n");
  return { name: `gateway queries (${connections} connections, ${duration} s each)`, table, figures };
}
