import { startEventReceiver, startHubSimulator, type EventReceiver } from "../../../../test/support/hub-simulator";
import { within } from "../../../../test/support/tokens";
import type { RunningSimulator } from "../../../../hub-simulator/src/app";
import { HubEventSocket } from "./event-socket";
import { eventCallbackUrl, generateEventSecret, parsePostedEvent, registerEventUrl, secretMatches } from "./events";
import { MakerApiClient } from "./maker-api.client";
import type { DataTypeLookup } from "./normalize";
import { EventDeduper } from "./normalize-events";
import type { HubEvent } from "./types";

// Both real-time paths from the simulator: events POSTed to a registered URL with a secret, and
// the eventsocket with its reconnects.

let sim: RunningSimulator;
let receiver: EventReceiver;
let client: MakerApiClient;
const sockets: HubEventSocket[] = [];
const types: DataTypeLookup = (_id, name) => ({ level: "NUMBER", switch: "ENUM" })[name];

function socket(onEvent: (e: HubEvent) => void, extra: Partial<ConstructorParameters<typeof HubEventSocket>[0]> = {}) {
  const s = new HubEventSocket({
    url: `${sim.url.replace("http", "ws")}/eventsocket`,
    onEvent,
    dataTypeOf: types,
    minBackoffMs: 20,
    maxBackoffMs: 200,
    ...extra,
  });
  sockets.push(s);
  s.start();
  return s;
}

beforeAll(async () => {
  sim = await startHubSimulator();
  receiver = await startEventReceiver();
  client = new MakerApiClient({ baseUrl: sim.makerApiUrl, accessToken: sim.accessToken, retryBaseMs: 10 });
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.stop()));
  await sim?.close();
  await receiver?.close();
});
beforeEach(async () => {
  await sim.flushed();
  receiver.received.length = 0;
});

describe("postURL events", () => {
  it("registers the service's URL with a secret in it, and the hub posts there", async () => {
    const secret = generateEventSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const url = await registerEventUrl(client, receiver.url, secret);
    expect(url).toBe(`${receiver.url}/hubitat/events/${secret}`);
    expect(sim.postUrl()).toBe(url);
    expect(sim.requests.at(-1)!.url).toContain(`/postURL/${encodeURIComponent(url)}?access_token=`);

    await client.sendCommand("12", "setLevel", [45]);
    await within(2000, () => receiver.received.length >= 2);
    const [first, second] = receiver.received;
    expect(first!.path).toBe(`/hubitat/events/${secret}`);
    expect(secretMatches(first!.path.split("/").pop(), secret)).toBe(true);
    expect(parsePostedEvent(first!.body, types)).toMatchObject({
      kind: "device",
      deviceId: "12",
      name: "switch",
      value: "on",
    });
    expect(parsePostedEvent(second!.body, types)).toMatchObject({
      name: "level",
      value: 45,
      rawValue: "45",
      unit: "%",
    });
  });

  it("checks the secret in constant time and parses only event bodies", () => {
    expect(secretMatches("abc", "abc")).toBe(true);
    expect(secretMatches("abd", "abc")).toBe(false);
    expect(secretMatches("ab", "abc")).toBe(false);
    expect(secretMatches(undefined, "abc")).toBe(false);
    expect(parsePostedEvent({ name: "switch", value: "on" })).toBeNull();
    expect(parsePostedEvent({ content: { value: "on" } })).toBeNull();
    expect(parsePostedEvent("nonsense")).toBeNull();
    expect(eventCallbackUrl("http://10.0.0.5:6103/", "a/b")).toBe("http://10.0.0.5:6103/hubitat/events/a%2Fb");
  });

  it("the hub's systemStart after a reboot is posted as a systemStart event", async () => {
    await sim.reboot(50);
    await within(2000, () => receiver.received.some((r) => r.body.content.name === "systemStart"));
    const posted = receiver.received.find((r) => r.body.content.name === "systemStart")!;
    expect(parsePostedEvent(posted.body)).toMatchObject({ kind: "systemStart", deviceId: null, source: "LOCATION" });
  });
});

describe("the eventsocket client", () => {
  it("delivers normalised events: deviceId a string, values cast, mode changes as mode events", async () => {
    const events: HubEvent[] = [];
    const s = socket((e) => events.push(e));
    await within(2000, () => s.connected);
    await client.sendCommand("12", "setLevel", [60]);
    await client.setMode("2");
    await within(2000, () => events.length >= 2);
    expect(events[0]).toMatchObject({ kind: "device", deviceId: "12", name: "level", value: 60, source: "DEVICE" });
    await within(2000, () => events.some((e) => e.kind === "mode"));
    expect(events.find((e) => e.kind === "mode")).toMatchObject({
      deviceId: null,
      value: "Evening",
      type: "LOCATION_MODE_CHANGE",
    });
    await client.setMode("1");
    await s.stop();
    expect(s.connected).toBe(false);
  });

  it("reconnects with backoff after the hub reboots or goes away, and says a reconnect happened", async () => {
    const opens: boolean[] = [];
    const closes: number[] = [];
    const events: HubEvent[] = [];
    const s = socket((e) => events.push(e), {
      onOpen: ({ reconnect }) => opens.push(reconnect),
      onClose: ({ willRetryInMs }) => closes.push(willRetryInMs),
    });
    await within(2000, () => opens.length === 1);
    await sim.reboot(150);
    await within(3000, () => opens.length === 2);
    expect(opens).toEqual([false, true]);
    expect(closes.length).toBeGreaterThanOrEqual(1);
    expect(closes.every((ms) => ms <= 200)).toBe(true);

    sim.setOffline(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.connected).toBe(false);
    // Refused attempts while the hub is away: each one a retry.
    expect(closes.length).toBeGreaterThanOrEqual(3);
    sim.setOffline(false);
    await within(3000, () => s.connected);
    await client.sendCommand("11", "on");
    await within(2000, () => events.some((e) => e.deviceId === "11" && e.value === "on"));
    await client.sendCommand("11", "off");
    await s.stop();
  });

  it("doubles its pause from the minimum to the maximum, with jitter", () => {
    const s = new HubEventSocket({
      url: "ws://127.0.0.1:9/eventsocket",
      onEvent: () => undefined,
      minBackoffMs: 100,
      maxBackoffMs: 1000,
    });
    for (let i = 0; i < 20; i++) {
      expect(s.backoffMs(1)).toBeGreaterThanOrEqual(50);
      expect(s.backoffMs(1)).toBeLessThanOrEqual(100);
      expect(s.backoffMs(3)).toBeGreaterThanOrEqual(200);
      expect(s.backoffMs(3)).toBeLessThanOrEqual(400);
      expect(s.backoffMs(30)).toBeLessThanOrEqual(1000);
    }
  });
});

describe("both paths at once", () => {
  it("the same change arriving by post and by socket passes the deduper once", async () => {
    await registerEventUrl(client, receiver.url, "dedupe-secret-0123456789");
    const deduper = new EventDeduper(1500);
    const passed: HubEvent[] = [];
    const accept = (e: HubEvent | null) => {
      if (e && !deduper.isDuplicate(e)) passed.push(e);
    };
    const s = socket(accept);
    await within(2000, () => s.connected);
    await client.sendCommand("22", "on");
    await within(2000, () => receiver.received.length >= 1);
    for (const r of receiver.received) accept(parsePostedEvent(r.body, types));
    await within(2000, () => passed.length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(passed.filter((e) => e.deviceId === "22")).toHaveLength(1);
    await client.sendCommand("22", "off");
    await s.stop();
  });
});
