import { Writable } from "node:stream";
import { createLogger } from "@homegraph/common";
import { startHubSimulator } from "../../../../test/support/hub-simulator";
import type { RunningSimulator } from "../../../../hub-simulator/src/app";
import { hubitatConfigFromEnv } from "./config";
import { HubError } from "./errors";
import { MakerApiClient, redactUrl, Semaphore } from "./maker-api.client";

// The client against the hub simulator over real HTTP: no part of the hub is mocked.

let sim: RunningSimulator;
let logLines: string[];
let client: MakerApiClient;
const DIMMER = "12";

function makeClient(overrides: Partial<ConstructorParameters<typeof MakerApiClient>[0]> = {}) {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  return new MakerApiClient({
    baseUrl: sim.makerApiUrl,
    accessToken: sim.accessToken,
    timeoutMs: 2000,
    retryBaseMs: 10,
    logger: createLogger("home", "debug", {}, sink),
    ...overrides,
  });
}

const recorded = (fragment: string) => sim.requests.filter((r) => r.url.includes(fragment));

beforeAll(async () => {
  sim = await startHubSimulator();
});
afterAll(() => sim?.close());
beforeEach(() => {
  logLines = [];
  sim.setLatency(0);
  sim.requests.length = 0;
  client = makeClient();
});
afterEach(() => {
  // The token must never reach a log line, whatever the test did.
  expect(logLines.join("\n")).not.toContain(sim.accessToken);
});

describe("configuration", () => {
  it("builds the base URL from the hub address and app id, or takes the cloud URL", () => {
    expect(hubitatConfigFromEnv({})).toBeNull();
    expect(
      hubitatConfigFromEnv({
        HUBITAT_HUB_IP: "192.168.1.50",
        HUBITAT_APP_ID: "42",
        HUBITAT_ACCESS_TOKEN: "abcdef123456",
      }),
    ).toMatchObject({
      baseUrl: "http://192.168.1.50/apps/api/42",
      eventSocketUrl: "ws://192.168.1.50/eventsocket",
      timeoutMs: 5000,
      transport: "post",
    });
    expect(
      hubitatConfigFromEnv({
        HUBITAT_HUB_IP: "127.0.0.1:6180",
        HUBITAT_APP_ID: "1",
        HUBITAT_ACCESS_TOKEN: "abcdef123456",
      }),
    ).toMatchObject({ baseUrl: "http://127.0.0.1:6180/apps/api/1", eventSocketUrl: "ws://127.0.0.1:6180/eventsocket" });
    expect(
      hubitatConfigFromEnv({
        HUBITAT_CLOUD_URL: "https://cloud.hubitat.com/api/abcd-ef/apps/42/",
        HUBITAT_ACCESS_TOKEN: "abcdef123456",
      }),
    ).toMatchObject({ baseUrl: "https://cloud.hubitat.com/api/abcd-ef/apps/42", eventSocketUrl: null });
  });

  it("names what is missing or malformed", () => {
    expect(() => hubitatConfigFromEnv({ HUBITAT_HUB_IP: "192.168.1.50" })).toThrow(
      /HUBITAT_ACCESS_TOKEN: is required[\s\S]*HUBITAT_APP_ID: is required/,
    );
    expect(() => hubitatConfigFromEnv({ HUBITAT_HUB_IP: "not a host!", HUBITAT_TIMEOUT_MS: "soon" })).toThrow(
      /HUBITAT_HUB_IP: must be the hub's address[\s\S]*HUBITAT_TIMEOUT_MS/,
    );
    expect(() =>
      hubitatConfigFromEnv({
        HUBITAT_CLOUD_URL: "https://cloud.hubitat.com/api/x/apps/1",
        HUBITAT_ACCESS_TOKEN: "abcdef123456",
        HUBITAT_EVENT_TRANSPORT: "eventsocket",
      }),
    ).toThrow(/HUBITAT_EVENT_TRANSPORT: eventsocket needs HUBITAT_HUB_IP/);
  });
});

describe("reads", () => {
  it("reads a device with typed values, each attribute and command once, argument types from /commands", async () => {
    const dimmer = await client.getDevice(DIMMER);
    expect(dimmer).toMatchObject({ hubId: DIMMER, label: "Hall Dimmer", room: "Hall", type: "Generic Z-Wave Dimmer" });
    expect(dimmer.attributes.map((a) => a.name)).toEqual(["level", "switch"]);
    expect(dimmer.attributes[0]).toEqual({
      name: "level",
      value: expect.any(Number),
      dataType: "NUMBER",
      values: null,
    });
    expect(dimmer.commands).toContainEqual({ name: "setLevel", argTypes: ["NUMBER", "NUMBER"] });
    expect(dimmer.commands.filter((c) => c.name === "on")).toHaveLength(1);
    expect(dimmer.capabilities).toEqual(["Switch", "SwitchLevel", "Light", "Actuator", "Refresh", "Configuration"]);
    expect(recorded(`/devices/${DIMMER}/commands?`)).toHaveLength(1);
  });

  it("lists devices, and reads /devices/all with the types learnt from /devices/{id}", async () => {
    const list = await client.listDevices();
    expect(list.find((d) => d.hubId === "81")).toEqual({
      hubId: "81",
      label: "Alex's Phone",
      name: "Virtual Presence",
      type: "Virtual Presence",
      room: null,
    });
    const untyped = await client.getAllDevices();
    const climate = untyped.find((d) => d.hubId === "51")!;
    expect(climate.attributes.find((a) => a.name === "humidity")).toMatchObject({ value: "61", dataType: null });
    const details = await client.getDevice("51");
    const typed = await client.getAllDevices((id, name) =>
      id === "51" ? details.attributes.find((a) => a.name === name)?.dataType : undefined,
    );
    expect(typed.find((d) => d.hubId === "51")!.attributes.find((a) => a.name === "humidity")!.value).toBe(61);
    expect(typed.every((d) => !d.attributes.some((a) => a.name === "dataType" || a.name === "values"))).toBe(true);
  });

  it("reads modes, HSM, hub variables, a device's events and capabilities", async () => {
    expect((await client.getModes()).find((m) => m.active)).toMatchObject({ name: "Day", id: "1" });
    expect(await client.getHsm()).toBe("disarmed");
    expect(await client.getHubVariables()).toContainEqual({ name: "vacationMode", value: "false", type: "boolean" });
    expect(await client.getHubVariable("guestName")).toEqual({ name: "guestName", value: "", type: "string" });
    const caps = await client.getDeviceCapabilities("61");
    expect(caps.capabilities).toContain("Thermostat");
    expect(caps.attributes.find((a) => a.name === "supportedThermostatModes")!.value).toEqual([
      "auto",
      "off",
      "heat",
      "cool",
    ]);
    await client.sendCommand("11", "on");
    const history = await client.getDeviceEvents("11");
    expect(history[0]).toMatchObject({ deviceId: "11", name: "switch", value: "on", date: expect.any(Date) });
    await client.sendCommand("11", "off");
  });
});

describe("commands", () => {
  it("setLevel 50 on the dimmer reaches the hub as GET .../setLevel/50?access_token=…", async () => {
    await client.sendCommand(DIMMER, "setLevel", [50]);
    expect(sim.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET /apps/api/${sim.appId}/devices/${DIMMER}/setLevel/50?access_token=${sim.accessToken}`,
    ]);
    const dimmer = await client.getDevice(DIMMER);
    expect(dimmer.attributes.map((a) => [a.name, a.value])).toEqual([
      ["level", 50],
      ["switch", "on"],
    ]);
  });

  it("sends several arguments comma-separated and a map as URL-encoded JSON", async () => {
    await client.sendCommand("71", "setCode", [3, "4321", "Guest"]);
    await client.sendCommand("14", "setColor", [{ hue: 88, saturation: 50, level: 90 }]);
    expect(recorded("/setCode/")[0]!.url).toContain("/devices/71/setCode/3,4321,Guest?");
    expect(recorded("/setColor/")[0]!.url).toContain(
      `/devices/14/setColor/${encodeURIComponent('{"hue":88,"saturation":50,"level":90}')}?`,
    );
    const bulb = await client.getDevice("14");
    expect(bulb.attributes.find((a) => a.name === "hue")!.value).toBe(88);
  });

  it("sets the mode, HSM and a hub variable", async () => {
    await client.setMode("4");
    expect((await client.getModes()).find((m) => m.active)!.name).toBe("Away");
    expect(await client.setHsm("armAway")).toBe("armedAway");
    expect(await client.setHubVariable("guestName", "Sam, from Oslo")).toEqual({
      name: "guestName",
      value: "Sam, from Oslo",
      type: "string",
    });
    await client.setMode("1");
    await client.setHsm("disarm");
  });

  it("a command the hub refuses is BAD_USER_INPUT with the hub's reason; an unknown device NOT_FOUND", async () => {
    const refused = await client.sendCommand(DIMMER, "setLevel", ["loud"]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HubError);
    expect(refused).toMatchObject({ failure: "HUB_REFUSED", extensions: { code: "BAD_USER_INPUT" } });
    expect((refused as Error).message).toMatch(/must be a number/);
    const missing = await client.getDevice("9999").catch((e: unknown) => e);
    expect(missing).toMatchObject({ failure: "HUB_NOT_FOUND", extensions: { code: "NOT_FOUND" } });
  });
});

describe("failures", () => {
  it("a refused token is a clear UNAVAILABLE error, not retried, and the token is in no message or log", async () => {
    const bad = makeClient({ accessToken: "not-the-token-123" });
    const error = await bad.getModes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubError);
    expect(error).toMatchObject({ failure: "HUB_UNAUTHORIZED", extensions: { code: "UNAVAILABLE" } });
    expect((error as Error).message).toMatch(/refused Homegraph's access token.*HUBITAT_ACCESS_TOKEN/);
    expect(recorded("/modes?")).toHaveLength(1);
    expect(JSON.stringify(error)).not.toContain("not-the-token-123");
  });

  it("never has more than 4 requests in flight at the hub", async () => {
    sim.setLatency(100);
    sim.resetStats();
    let maxSeen = 0;
    const started = Date.now();
    const calls = Array.from({ length: 14 }, (_, i) =>
      (i % 2 ? client.getHsm() : client.getModes()).finally(() => (maxSeen = Math.max(maxSeen, client.inFlight))),
    );
    const sampler = setInterval(() => (maxSeen = Math.max(maxSeen, client.inFlight)), 5);
    await Promise.all(calls);
    clearInterval(sampler);
    expect(sim.stats().maxInFlight).toBe(4);
    expect(maxSeen).toBeLessThanOrEqual(4);
    // 14 calls, 4 at a time, 100 ms each: at least 4 rounds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  });

  it("a read that times out is retried with backoff, then fails as UNAVAILABLE", async () => {
    sim.setLatency(300);
    const slow = makeClient({ timeoutMs: 80, readRetries: 2 });
    const error = await slow.getModes().catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: "HUB_TIMEOUT", extensions: { code: "UNAVAILABLE" } });
    expect((error as Error).message).toBe("The hub did not answer within 0.08 s.");
    expect(recorded("/modes?")).toHaveLength(3);
  });

  it("a command that times out is not retried, and says it may have been carried out", async () => {
    sim.setLatency(300);
    const slow = makeClient({ timeoutMs: 80, readRetries: 2 });
    const error = await slow.sendCommand("22", "on").catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: "HUB_TIMEOUT" });
    expect((error as Error).message).toMatch(/may or may not have been carried out/);
    expect(recorded("/devices/22/on")).toHaveLength(1);
    sim.setLatency(0);
    await new Promise((r) => setTimeout(r, 350));
    await client.sendCommand("22", "off");
  });

  it("a read recovers when the hub comes back during its retries", async () => {
    sim.setOffline(true);
    const patient = makeClient({ readRetries: 4, retryBaseMs: 60 });
    const pending = patient.getHsm();
    setTimeout(() => sim.setOffline(false), 100);
    expect(await pending).toBe("disarmed");
  });

  it("an unreachable hub is UNAVAILABLE after the retries", async () => {
    sim.setOffline(true);
    try {
      const error = await client.listDevices().catch((e: unknown) => e);
      expect(error).toMatchObject({ failure: "HUB_UNREACHABLE", extensions: { code: "UNAVAILABLE" } });
      expect((error as Error).message).toBe("The hub cannot be reached right now.");
      const command = await client.sendCommand(DIMMER, "on").catch((e: unknown) => e);
      expect(command).toMatchObject({ failure: "HUB_UNREACHABLE" });
    } finally {
      sim.setOffline(false);
    }
  });
});

describe("helpers", () => {
  it("redacts the token and a postURL target (which carries the event secret) from URLs", () => {
    expect(redactUrl("http://hub/apps/api/1/devices/12/on?access_token=abc-123&x=1")).toBe(
      "http://hub/apps/api/1/devices/12/on?access_token=[redacted]&x=1",
    );
    expect(redactUrl(`/postURL/${encodeURIComponent("http://home:6103/hubitat/events/s3cret")}?access_token=t`)).toBe(
      "/postURL/[redacted]?access_token=[redacted]",
    );
  });

  it("the semaphore hands slots over in order and never exceeds its size", async () => {
    const semaphore = new Semaphore(2);
    const order: number[] = [];
    let peak = 0;
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        semaphore.run(async () => {
          peak = Math.max(peak, semaphore.inFlight);
          order.push(n);
          await new Promise((r) => setTimeout(r, 10));
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(semaphore.inFlight).toBe(0);
  });
});
