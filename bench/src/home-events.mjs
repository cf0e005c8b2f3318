// Hub events to 1,000 subscribers through the gateway: events POSTed to the home service's event
// URL at a steady rate, as a hub does, each delivered to every graphql-ws subscriber of
// `deviceUpdated`; beside it the floor, a bare `ws` broadcast of the same messages to as many
// clients, and the highest rate of event POSTs the home service stores.
import { listenerPid } from "../../scripts/lib/instance.mjs";
import { markdownTable } from "./autocannon.mjs";
import { progress } from "./home-events/events.mjs";
import { ingestionRamp } from "./home-events/ingestion-ramp.mjs";
import { throughGateway } from "./home-events/subscribers.mjs";
import { rawBroadcast } from "./home-events/ws-floor.mjs";

/** Known to the stack before it starts, so the benchmark can post to the event URL as the hub does. */
export const HOME_EVENT_SECRET = "bench-event-secret-0123456789abcdef";

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
