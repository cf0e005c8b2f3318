import { createClient, type Client, type ExecutionResult } from "graphql-ws";
import WebSocket from "ws";
import type { SubgraphUnderTest } from "../../../test/support/subgraph";
import { within } from "../../../test/support/tokens";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import { MEMBER, useHomeOnSimulator } from "./__tests__/home-on-simulator";
import { startReverseProxy, type ReverseProxy } from "./__tests__/reverse-proxy";

// The hub's events through a reverse proxy, as a household runs Homegraph behind nginx or Caddy:
// HUBITAT_EVENT_URL names the proxy's public URL, the hub (the simulator, over HTTP) is told
// that URL, and what it posts there reaches a GraphQL subscriber of the home service, whether
// the proxy strips its path prefix or keeps it.

const PREFIX = "/homegraph";
const SECRET = "proxied-secret-0123456789";
let proxy: ReverseProxy;
let sim: RunningSimulator;
let home: SubgraphUnderTest;

beforeAll(async () => {
  proxy = await startReverseProxy(PREFIX);
});
const { asMember, idOf } = useHomeOnSimulator(
  (running) => {
    ({ sim, home } = running);
    proxy.target = home.service.url;
  },
  () => ({
    HUBITAT_EVENT_URL: `${proxy.url}${PREFIX}/hubitat/events`,
    HUBITAT_EVENT_SECRET: SECRET,
  }),
);
afterAll(() => proxy?.close());

const UPDATED = `subscription ($ids: [ID!]) { deviceUpdated(deviceIds: $ids) { id hub hubDeviceId label attributes { name value } } }`;

function subscribe(deviceId: string) {
  const client: Client = createClient({
    url: `${home.service.url.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: home.tokens.bearer({ sub: MEMBER }) },
    retryAttempts: 0,
  });
  const events: ExecutionResult<Record<string, any>>[] = [];
  const errors: unknown[] = [];
  const dispose = client.subscribe(
    { query: UPDATED, variables: { ids: [deviceId] } },
    {
      next: (value) => void events.push(value as never),
      error: (err) => void errors.push(err),
      complete: () => undefined,
    },
  );
  return {
    events,
    errors,
    close: async () => {
      dispose();
      await client.dispose();
    },
  };
}

const temperatureIn = (event: ExecutionResult<Record<string, any>>) =>
  event.data?.deviceUpdated.attributes.find((a: { name: string }) => a.name === "temperature")?.value;

/**
 * Changes the device on the simulator until the subscriber hears the change: the client is not
 * told when its subscription is live, so the first change it hears proves the whole path.
 */
async function changeUntilHeard(sub: ReturnType<typeof subscribe>, hubId: string, from: number): Promise<number> {
  let value = from;
  await within(10_000, async () => {
    if (sub.errors.length) throw new Error(`the subscription failed: ${JSON.stringify(sub.errors)}`);
    if (sub.events.some((e) => temperatureIn(e) === value)) return true;
    value += 0.5;
    sim.physical(hubId, "temperature", String(value));
    await new Promise((r) => setTimeout(r, 150));
    return sub.events.some((e) => temperatureIn(e) === value);
  });
  return value;
}

describe("events through a reverse proxy (HUBITAT_EVENT_URL)", () => {
  it("registers the proxy's public URL with the hub, the secret appended", () => {
    expect(sim.postUrl()).toBe(`${proxy.url}${PREFIX}/hubitat/events/${SECRET}`);
  });

  it("a device change on the hub, posted through the proxy that strips its prefix, reaches a deviceUpdated subscriber", async () => {
    proxy.keepPrefix = false;
    const id = await idOf("32");
    const sub = subscribe(id);
    try {
      const value = await changeUntilHeard(sub, "32", 10);
      const heard = sub.events.find((e) => temperatureIn(e) === value)!;
      expect(heard.data!.deviceUpdated).toMatchObject({ id, hub: "main", hubDeviceId: "32", label: "Back Door" });
      // It came through the proxy: the hub posted to the public path, the service got its own.
      const posts = proxy.forwarded.filter((f) => f.method === "POST");
      expect(posts.length).toBeGreaterThan(0);
      expect(posts.at(-1)).toMatchObject({
        path: `${PREFIX}/hubitat/events/${SECRET}`,
        upstreamPath: `/hubitat/events/${SECRET}`,
        status: 204,
        headers: expect.objectContaining({ "x-forwarded-prefix": PREFIX, "x-forwarded-proto": "http" }),
      });
    } finally {
      await sub.close();
    }
  });

  it("a proxy that keeps its prefix reaches the service too", async () => {
    proxy.keepPrefix = true;
    const id = await idOf("51");
    const sub = subscribe(id);
    try {
      const value = await changeUntilHeard(sub, "51", 30);
      expect(proxy.forwarded.at(-1)).toMatchObject({
        upstreamPath: `${PREFIX}/hubitat/events/${SECRET}`,
        status: 204,
      });
      const { body } = await asMember(`query ($id: ID!) { device(id: $id) { attributes { name value } } }`, { id });
      expect(body.data!.device.attributes.find((a: { name: string }) => a.name === "temperature").value).toBe(value);
    } finally {
      await sub.close();
    }
  });

  it("refuses a post through the proxy with a wrong secret and stores nothing", async () => {
    const [{ count: before }] = await home.sql(`select count(*)::int as count from home.device_events`);
    const res = await fetch(`${proxy.url}${PREFIX}/hubitat/events/not-the-secret-0123456789`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ content: { name: "temperature", value: "99", deviceId: "32" } }),
    });
    expect(res.status).toBe(403);
    const [{ count: after }] = await home.sql(`select count(*)::int as count from home.device_events`);
    expect(after).toBe(before);
  });
});
