// Gateway queries under 50 connections: `me` (one subgraph), the dashboard (devices by room with
// their state, and the signed-in user) and an entity-heavy list (every device with who last
// changed it, resolved from the auth subgraph), each through Homegraph's gateway, Hive Gateway and
// stock @apollo/gateway in the same run; `me` also straight from the auth subgraph (the floor). Each
// with one token (one browser) and with 20 people's sessions (a household). While the dashboard
// runs through Homegraph, the home and auth services' database pools are read from their /health
// detail.
import { isDeepStrictEqual } from "node:util";
import { invalidity, load, markdownTable, mergeRounds } from "./autocannon.mjs";
import { graphql, householdSessions } from "./session.mjs";

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
 * Samples a service's pool occupancy from /health every `everyMs` into `samples` until the answer
 * is called. /health reads the pool before its own database ping, which queues behind the load:
 * samples overlap, and the ones still in flight when the load stops are waited for (each is a
 * reading of the moment it arrived).
 */
function samplePool(baseUrl, samples, everyMs = 100) {
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
  };
}

function poolFigures(samples) {
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
}

/** Every subject must give the same answer as Homegraph's gateway, to each session, before its speed means anything. */
async function sameAnswers(subjects, operation, query, tokens) {
  for (const token of tokens) {
    const reference = await graphql(subjects[0].url, token, query);
    for (const subject of subjects.slice(1)) {
      const answer = await graphql(subject.url, token, query);
      if (!isDeepStrictEqual(answer, reference)) {
        throw new Error(`${subject.label} answers ${operation} differently from Homegraph's gateway`);
      }
    }
  }
}

const figureCells = (r) =>
  r.valid
    ? [`${r.rps} (rounds ${r.rpsRange[0]}–${r.rpsRange[1]})`, r.p50, r.p99]
    : [`**invalid**: ${invalidity(r)}`, "—", "—"];
const statuses = (r) =>
  Object.entries(r.statusCodes)
    .map(([code, n]) => `${code}: ${n}`)
    .join(", ") || "none";

/**
 * Each operation through each subject, once with one token (every request the same caller, as
 * one browser) and once with `sessions` distinct people's tokens spread over the connections (a
 * household: requests in flight at once carry different tokens, so nothing is shared between
 * them). Subjects and modes alternate in rounds, so that the machine's noise falls on all of them.
 */
export async function gatewayQueries(
  stack,
  { token, duration, quick, peers, operation: onlyOperation, connections = 50, sessions = 20 },
) {
  if (onlyOperation && !OPERATIONS[onlyOperation]) throw new Error(`no gateway query named ${onlyOperation}`);
  const setup = await attributeDevices(`${stack.url}/graphql`, token);
  const household = await householdSessions(stack.url, { count: sessions });
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
  const modes = [
    { key: "single", label: "1 token", tokens: [token] },
    { key: "sessions", label: `${sessions} sessions`, tokens: household },
  ];
  // --quick is CI's smoke run: one short round, the answers checked for a few of the sessions.
  const rounds = quick ? 1 : 4;
  const roundSeconds = quick ? 1 : Math.max(1, Math.round(duration / rounds));

  const figures = { connections, sessions, rounds, roundSeconds, duration: rounds * roundSeconds, setup, modes: {} };
  for (const mode of modes) figures.modes[mode.key] = { label: mode.label, operations: {}, pool: null };
  const poolSamples = Object.fromEntries(modes.map((m) => [m.key, { home: [], auth: [] }]));
  const rows = [];
  for (const [operation, query] of Object.entries(OPERATIONS)) {
    if (onlyOperation && operation !== onlyOperation) continue;
    const runFor = operation === "me" ? [...subjects, floor] : subjects;
    await sameAnswers(runFor, operation, query, [token, ...(quick ? [household[0], household.at(-1)] : household)]);
    const options = (mode, subject) => ({
      url: subject.url,
      connections,
      duration: roundSeconds,
      tokens: mode.tokens,
      body: { query },
      verifyGraphQL: true,
    });
    // Warm-up: JIT, query plans, pools.
    for (const mode of modes) {
      for (const subject of runFor) await load({ ...options(mode, subject), duration: quick ? 1 : 3 });
    }
    const runs = Object.fromEntries(modes.map((m) => [m.key, Object.fromEntries(runFor.map((s) => [s.key, []]))]));
    for (let round = 0; round < rounds; round++) {
      for (const mode of modes) {
        for (const subject of runFor) {
          const samples = operation === "dashboard" && subject.key === "homegraph" ? poolSamples[mode.key] : null;
          const stops = samples
            ? [
                samplePool(`http://127.0.0.1:${stack.ports.home}`, samples.home),
                samplePool(`http://127.0.0.1:${stack.ports.auth}`, samples.auth),
              ]
            : [];
          runs[mode.key][subject.key].push(await load(options(mode, subject)));
          await Promise.all(stops.map((stop) => stop()));
        }
      }
    }
    for (const mode of modes) {
      const bySubject = (figures.modes[mode.key].operations[operation] = {});
      for (const subject of runFor) {
        const result = mergeRounds(runs[mode.key][subject.key]);
        bySubject[subject.key] = result;
        rows.push([`\`${operation}\``, mode.label, subject.label, ...figureCells(result), statuses(result)]);
      }
    }
  }
  for (const mode of modes) {
    const samples = poolSamples[mode.key];
    figures.modes[mode.key].pool = { home: poolFigures(samples.home), auth: poolFigures(samples.auth) };
  }
  const poolRows = modes.flatMap((mode) =>
    Object.entries(figures.modes[mode.key].pool)
      .filter(([, p]) => p)
      .map(([service, p]) => [
        service,
        mode.label,
        p.poolMax,
        p.usedMax,
        p.usedMean,
        p.pendingMax,
        p.pendingMean,
        `${Math.round(p.saturatedShare * 100)} %`,
        p.samples,
      ]),
  );
  const table = [
    `${rounds} rounds of ${roundSeconds} s for each subject, alternating; RPS over all rounds (each round's in brackets), the median round's p50, the worst round's p99. A run with any non-2xx, GraphQL error or socket error is invalid and has no figure.`,
    "",
    markdownTable(["operation", "sessions", "subject", "RPS", "p50 ms", "p99 ms", "status codes"], rows),
    "",
    `Database pools while the dashboard runs through Homegraph's gateway (${connections} connections; /health detail sampled every 100 ms):`,
    "",
    markdownTable(
      [
        "service",
        "sessions",
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
  return {
    name: `gateway queries (${connections} connections, ${rounds} × ${roundSeconds} s each, 1 token and ${sessions} sessions)`,
    table,
    figures,
  };
}
