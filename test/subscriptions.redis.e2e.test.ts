/**
 * Redis mode: two home replicas and two gateways on one Redis. Whichever replica publishes, every
 * subscriber on either gateway receives every event exactly once.
 */
import { randomUUID } from "node:crypto";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import type { RunningSubgraph } from "../packages/common/src";
import { createApp as createGateway, type RunningGateway } from "../gateway/src/app";
import { configFromEnv as gatewayConfig } from "../gateway/src/config";
import { createApp as createHome } from "../subgraphs/home/src/app";
import { configFromEnv as homeConfig } from "../subgraphs/home/src/config";
import { Device } from "../subgraphs/home/src/entities/device.entity";
import { publishDeviceUpdated } from "../subgraphs/home/src/services/device-events.pubsub";
import { startStack, SUPERGRAPH, type Stack } from "./support/stack";
import { within } from "./support/tokens";

const REDIS_URL = process.env.TEST_REDIS_URL;
const SUBSCRIBERS = 100;
const EVENTS = 100;
const quiet = { NODE_ENV: "test", LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent", HOST: "127.0.0.1", PORT: "0" };

if (!REDIS_URL) {
  console.log("Skipping the Redis subscription test: TEST_REDIS_URL is not set.");
}
const describeRedis = REDIS_URL ? describe : describe.skip;

describeRedis("subscriptions with REDIS_URL: two home replicas, two gateways", () => {
  // A prefix of this run's own, so other runs on the same Redis are not heard.
  const redisEnv = { REDIS_URL: REDIS_URL!, REDIS_CHANNEL_PREFIX: `test-${randomUUID()}:` };
  let stack: Stack;
  let home2: RunningSubgraph;
  let gateway2: RunningGateway;
  let authorization: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    stack = await startStack({ homeEnv: redisEnv });
    home2 = await createHome(
      homeConfig({ ...quiet, DATABASE_URL: stack.databaseUrl, AUTH_URL: stack.auth.url, ...redisEnv }),
    );
    gateway2 = await createGateway(
      gatewayConfig({
        ...quiet,
        AUTH_URL: stack.auth.url,
        EMAIL_URL: stack.email.url,
        HOME_URL: home2.url,
        SUPERGRAPH_PATH: SUPERGRAPH,
        SUPERGRAPH_WATCH: "false",
      }),
    );
    await stack.addUser({ email: "grace@example.com", password: "password", displayName: "Grace Hopper" });
    authorization = (await stack.signIn("grace@example.com", "password")).authorization;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await gateway2?.close();
    await home2?.close();
    await stack?.stop();
  });

  it("100 subscribers across both gateways each receive all 100 events exactly once", async () => {
    const gateways = [stack.gateway.url, gateway2.url];
    const homes = [stack.home, home2];
    const received: { label: string; at: number }[][] = [];
    const warmed: boolean[] = [];
    const failures: unknown[] = [];
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const client = createClient({
        url: `${gateways[i % 2]!.replace(/^http/, "ws")}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization },
        retryAttempts: 0,
      });
      clients.push(client);
      received[i] = [];
      warmed[i] = false;
      client.subscribe<{ deviceUpdated: { id: string; label: string } }>(
        {
          query: `subscription { deviceUpdated(deviceIds: ["1", "2"]) { id label lastChangedBy { displayName } } }`,
        },
        {
          next: ({ data, errors }) => {
            if (errors) failures.push(errors);
            if (data?.deviceUpdated.id === "2") warmed[i] = true;
            if (data?.deviceUpdated.id === "1")
              received[i]!.push({ label: data.deviceUpdated.label, at: performance.now() });
          },
          error: (err) => failures.push(err),
          complete: () => failures.push("completed"),
        },
      );
    }

    // Device 2 warms up: every upstream subscription is live once each subscriber has seen one.
    let n = 0;
    // Generous limits: the whole deployment shares this one process with other test files' work.
    await within(60_000, async () => {
      publishDeviceUpdated(homes[n++ % 2]!.pubSub, device(2, "warm-up"));
      await new Promise((r) => setTimeout(r, 100));
      return warmed.every(Boolean);
    });

    const started = performance.now();
    const publishedAt: number[] = [];
    for (let e = 0; e < EVENTS; e++) {
      publishedAt.push(performance.now());
      publishDeviceUpdated(homes[e % 2]!.pubSub, device(1, `event-${e}`));
    }
    await within(60_000, () => received.every((r) => r.length >= EVENTS));
    const allIn = performance.now() - started;
    // Anything duplicated would arrive right behind: give it the chance to show up.
    await new Promise((r) => setTimeout(r, 500));

    const expected = Array.from({ length: EVENTS }, (_, e) => `event-${e}`).sort();
    for (const events of received) expect(events.map((x) => x.label).sort()).toEqual(expected);
    expect(failures).toEqual([]);

    const latencies = received
      .flatMap((events) => events.map(({ label, at }) => at - publishedAt[Number(label.slice(6))]!))
      .sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
    console.log(
      `Redis mode: ${SUBSCRIBERS} subscribers x ${EVENTS} events = ${latencies.length} deliveries in ${allIn.toFixed(0)} ms; ` +
        `latency p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms (all in one process, events published in one burst)`,
    );
  }, 180_000);
});

const device = (id: number, label: string) =>
  Object.assign(new Device(), { id, hubDeviceId: String(id), label, lastChangedById: null, lastChangedAt: new Date() });
