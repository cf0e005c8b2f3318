// Hub events to 1,000 subscribers: a ramp of event rates, each event POSTed to the home service's
// event URL as a hub does and delivered to every graphql-ws subscriber of `deviceUpdated`, through
// Homegraph's gateway and through Hive Gateway on the same supergraph; beside them the floor, a
// bare `ws` broadcast of the same messages to as many clients. Each subject's figure is the highest
// rate whose deliveries all arrived with p99 < 100 ms. Then the gateways' memory per 1,000 idle
// subscribers, and the highest rate of event POSTs the home service stores.
import { listenerPid } from "../../scripts/lib/instance.mjs";
import { markdownTable } from "./autocannon.mjs";
import { progress } from "./home-events/events.mjs";
import { fanOutRamp, P99_LIMIT_MS } from "./home-events/fan-out-ramp.mjs";
import { hubStream } from "./home-events/hub-stream.mjs";
import { ingestionRamp } from "./home-events/ingestion-ramp.mjs";
import { startFloor } from "./home-events/ws-floor.mjs";

/** Known to the stack before it starts, so the benchmark can post to the event URL as the hub does. */
export const HOME_EVENT_SECRET = "bench-event-secret-0123456789abcdef";

/** `subscribers`, `rates` and `ramp: false` are for looking into a result by hand; run.mjs uses the defaults. */
export async function homeEvents(
  stack,
  {
    token,
    quick,
    peers,
    subscribers = quick ? 50 : 1000,
    // Steps of 10 events/s from 10 to 200, where this machine's subjects stop (the floor and
    // Homegraph's gateway got to 140 in runs of 2026-12-05), so that a subject's figure is within
    // 10 events/s of what it sustains and a ratio of two figures means what the goal's 0.8× says;
    // coarser above, where none has got to.
    rates = quick ? [50, 200] : [5, ...Array.from({ length: 20 }, (_, i) => (i + 1) * 10), 250, 300, 400, 800],
    stepMs = quick ? 1000 : 4000,
    ramp = true,
    nodeOptions = [],
  },
) {
  const eventUrl = `http://127.0.0.1:${stack.ports.home}/hubitat/events/${HOME_EVENT_SECRET}`;
  const stream = await hubStream(stack, { token, eventUrl });
  let sample = null;
  const homePid = listenerPid(stack.ports.home);
  const gatewaySubject = (label, httpUrl, pid) => ({
    label,
    cpuPids: { gateway: pid, home: homePid },
    url: `${httpUrl.replace(/^http/, "ws").replace(/\/graphql$/, "")}/graphql`,
    pid,
    graphql: stream.graphql,
    post: stream.post,
    seqOf: (client, payload) => {
      const seq = stream.seqOf(client, payload);
      if (seq !== null && seq >= 0) sample ??= payload;
      return seq;
    },
  });
  // The quick run stays short even on a busy machine: a step's stragglers are waited for 5 s at most.
  const options = { subscribers, rates, stepMs, settleMs: quick ? 1000 : 2000, maxSettleMs: quick ? 5000 : 15_000 };
  const gatewayPid = listenerPid(stack.ports.gateway);

  progress("fan-out ramp through Homegraph's gateway");
  const homegraph = await fanOutRamp(gatewaySubject("Homegraph gateway", stack.url, gatewayPid), options);
  progress("fan-out ramp to the floor, a bare ws broadcast");
  const floorServer = await startFloor({ message: sample, nodeOptions });
  const floor = await fanOutRamp(floorServer, options).finally(() => floorServer.stop());
  let hive = null;
  if (peers?.hive) {
    progress("fan-out ramp through Hive Gateway");
    hive = await fanOutRamp(gatewaySubject("Hive Gateway", peers.hive.url, peers.hive.pid), options);
  }

  progress("the ingestion ramp");
  const ingestion = await (ramp ? ingestionRamp : async () => ({ steps: [], sustainedPerSecond: null }))({
    eventUrl,
    rates: quick ? [100, 250, 500, 1000] : [100, 250, 500, 1000, 2000, 4000],
    stepMs: quick ? 1500 : 5000,
  });

  const subjects = [homegraph, hive, floor].filter(Boolean);
  const rampRows = subjects.flatMap((s) =>
    s.steps.map((step) => [
      s.label,
      `${step.rate}${step.attempt > 1 ? " (again)" : ""}`,
      step.p50,
      step.p99,
      `${step.lost} of ${step.expected}`,
      step.errors,
      Object.entries(step.cpuPerDeliveryUs)
        .map(([name, us]) => `${name} ${us ?? "—"}`)
        .join(", "),
      step.loadavg,
      step.sustained ? "yes" : `no: ${step.reason}`,
    ]),
  );
  const summaryRows = subjects.map((s) => [
    s.label,
    `**${s.sustainedRate} ev/s**`,
    s.stopped ?? `not reached: the ramp ends at ${rates.at(-1)} ev/s`,
    Object.entries(s.ceilings)
      .map(([name, rate]) => `${name} ${rate ?? "—"}`)
      .join(", "),
    s.memory.per1000MiB ?? "—",
    s.memory.rssBeforeMiB === null ? "—" : `${s.memory.rssBeforeMiB} → ${s.memory.rssIdleMiB}`,
  ]);
  const ingestionRows = ingestion.steps.map((s) => [
    s.rate,
    s.storedPerSecond,
    s.failed,
    s.p99,
    s.sustained ? "yes" : "no",
  ]);
  const table = [
    `Fan-out: ${subscribers} \`deviceUpdated\` subscribers, ${stepMs / 1000} s a step; sustained = every delivery arrived, no error, p99 < ${P99_LIMIT_MS} ms (latency from the event's POST to the client)`,
    "",
    markdownTable(
      [
        "subject",
        "sustained",
        "stopped",
        "ev/s one core of each would carry",
        "idle MiB per 1,000 subs",
        "RSS MiB (before → subscribed, idle)",
      ],
      summaryRows,
    ),
    "",
    markdownTable(
      ["subject", "ev/s", "p50 ms", "p99 ms", "lost", "errors", "CPU µs per delivery", "load", "sustained"],
      rampRows,
    ),
    "",
    `Ingestion (event POSTs to home, stored before the 204; ${quick ? 1.5 : 5} s a step): highest sustained **${ingestion.sustainedPerSecond} events/s**`,
    "",
    markdownTable(["offered ev/s", "stored ev/s", "failed", "POST p99 ms", "sustained"], ingestionRows),
  ].join("\n");
  return {
    name: "home events to subscribers",
    table,
    figures: { subscribers, stepMs, rates, homegraph, hive, floor, ingestion, gatewayPid, sample },
  };
}
