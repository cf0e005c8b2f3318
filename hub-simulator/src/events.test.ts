import WebSocket from "ws";
import { startHubSimulator, type EventReceiver } from "../../test/support/hub-simulator";
import { within } from "../../test/support/tokens";
import { makerApiClient, useSimulatorAndReceiver } from "./__tests__/helpers";
import type { RunningSimulator } from "./app";

// Events as the home service receives them: POSTed to the registered URL and on the eventsocket,
// from commands, physical changes, reboots and background activity.

let sim: RunningSimulator;
let receiver: EventReceiver;
const { api, json } = makerApiClient(() => sim);
const DIMMER = "12";

useSimulatorAndReceiver((started, events) => {
  sim = started;
  receiver = events;
});

function openSocket(): Promise<{ ws: WebSocket; frames: any[]; raw: string[] }> {
  const ws = new WebSocket(`${sim.url.replace("http", "ws")}/eventsocket`);
  const frames: any[] = [];
  const raw: string[] = [];
  ws.on("message", (data) => {
    raw.push(data.toString());
    frames.push(JSON.parse(data.toString()));
  });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, frames, raw }));
    ws.once("error", reject);
  });
}
describe("commands and events", () => {
  beforeAll(async () => {
    await json(`/postURL/${encodeURIComponent(`${receiver.url}/hubitat/events/s3cret`)}`);
  });
  beforeEach(async () => {
    await sim.flushed();
    receiver.received.length = 0;
  });

  it("/postURL answers the URL it will post to", async () => {
    expect(sim.postUrl()).toBe(`${receiver.url}/hubitat/events/s3cret`);
  });

  it("setLevel/50 on the dimmer is recorded as sent, turns it on, and posts both events", async () => {
    sim.requests.length = 0;
    const res = await api(`/devices/${DIMMER}/setLevel/50`);
    expect(res.status).toBe(200);
    expect(sim.requests.map((r) => r.url)).toEqual([
      `/apps/api/${sim.appId}/devices/${DIMMER}/setLevel/50?access_token=${sim.accessToken}`,
    ]);
    await within(2000, () => receiver.received.length >= 2);
    expect(receiver.received.map((r) => r.body)).toEqual([
      {
        content: {
          name: "switch",
          value: "on",
          displayName: "Hall Dimmer",
          deviceId: DIMMER,
          descriptionText: "Hall Dimmer switch is on [digital]",
          unit: null,
          type: "digital",
          data: null,
        },
      },
      {
        content: expect.objectContaining({ name: "level", value: "50", deviceId: DIMMER, unit: "%", type: "digital" }),
      },
    ]);
    expect(receiver.received[0]!.path).toBe("/hubitat/events/s3cret");
    expect(receiver.received[0]!.contentType).toBe("application/json");
    const dimmer = await json(`/devices/${DIMMER}`);
    expect(dimmer.attributes.find((a: any) => a.name === "level").currentValue).toBe(50);
    expect(dimmer.attributes.find((a: any) => a.name === "switch").currentValue).toBe("on");
  });

  it("a value that does not change makes no event; a button press does every time", async () => {
    await api(`/devices/${DIMMER}/setLevel/50`);
    await api("/devices/91/push/2");
    await api("/devices/91/push/2");
    await within(2000, () => receiver.received.length >= 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.received.map((r) => [r.body.content.name, r.body.content.value])).toEqual([
      ["pushed", "2"],
      ["pushed", "2"],
    ]);
  });

  it("setColor takes the URL-encoded JSON map; setCode takes comma-separated arguments", async () => {
    await api(`/devices/14/setColor/${encodeURIComponent(JSON.stringify({ hue: 88, saturation: 50, level: 90 }))}`);
    await api(`/devices/71/setCode/3,4321,Guest`);
    const bulb = await json("/devices/14");
    const value = (name: string) => bulb.attributes.find((a: any) => a.name === name).currentValue;
    expect([value("hue"), value("saturation"), value("level"), value("switch")]).toEqual([88, 50, 90, "on"]);
    const lock = await json("/devices/71");
    const codes = JSON.parse(lock.attributes.find((a: any) => a.name === "lockCodes").currentValue);
    expect(codes["3"]).toEqual({ name: "Guest", code: "4321" });
  });

  it("lock, thermostat and shade commands change what a person would expect", async () => {
    await api("/devices/71/unlock");
    await api("/devices/61/setHeatingSetpoint/23.5");
    await api("/devices/61/setThermostatMode/cool");
    await api("/devices/101/setPosition/40");
    const value = async (id: string, name: string) =>
      (await json(`/devices/${id}`)).attributes.find((a: any) => a.name === name).currentValue;
    expect(await value("71", "lock")).toBe("unlocked");
    expect(await value("61", "heatingSetpoint")).toBe(23.5);
    expect(await value("61", "thermostatMode")).toBe("cool");
    expect(await value("61", "thermostatSetpoint")).toBe(25);
    expect(await value("101", "position")).toBe(40);
    expect(await value("101", "windowShade")).toBe("partially open");
    expect((await api("/devices/61/setThermostatMode/sauna")).status).toBe(400);
  });

  it("/devices/{id}/events lists the device's history newest first, values as strings", async () => {
    const rows = await json(`/devices/${DIMMER}/events`);
    expect(rows[0]).toEqual({
      device_id: DIMMER,
      label: "Hall Dimmer",
      name: "level",
      value: "50",
      date: expect.stringMatching(/\+0000$/),
      unit: "%",
      isStateChange: null,
      source: "DEVICE",
    });
  });

  it("mode and HSM changes are location events with a null deviceId", async () => {
    await json("/modes/2");
    await json("/hsm/armHome");
    await within(2000, () => receiver.received.length >= 2);
    expect(receiver.received.map((r) => r.body.content)).toEqual([
      expect.objectContaining({ name: "mode", value: "Evening", deviceId: null, type: "LOCATION_MODE_CHANGE" }),
      expect.objectContaining({ name: "hsmStatus", value: "armedHome", deviceId: null, descriptionText: "hsmEvent" }),
    ]);
    await json("/modes/1");
    await json("/hsm/disarm");
  });
});

describe("the eventsocket", () => {
  it("streams every event: numeric deviceId, nulls as the string null, no type on physical events", async () => {
    const { ws, frames, raw } = await openSocket();
    try {
      await api("/devices/11/on");
      sim.physical("31", "contact", "open");
      await json("/modes/3");
      await within(2000, () => frames.length >= 3);
      expect(frames[0]).toEqual({
        source: "DEVICE",
        name: "switch",
        displayName: "Porch Light",
        value: "on",
        type: "digital",
        unit: "null",
        deviceId: 11,
        hubId: 0,
        installedAppId: 0,
        descriptionText: "Porch Light switch is on [digital]",
      });
      expect(frames[1]).toMatchObject({ name: "contact", value: "open", deviceId: 31 });
      expect(frames[1]).not.toHaveProperty("type");
      expect(frames[2]).toMatchObject({ source: "LOCATION", name: "mode", value: "Night", deviceId: 0 });
      expect(raw[0]).toContain('"displayName" : "Porch Light"');
    } finally {
      ws.close();
      await json("/modes/1");
    }
  });

  it("a reboot drops the socket, refuses calls while down, then sends systemStart", async () => {
    const { ws } = await openSocket();
    const closed = new Promise((resolve) => ws.once("close", resolve));
    await sim.flushed();
    receiver.received.length = 0;
    const res = await fetch(`${sim.url}/_sim/reboot?downMs=300`, { method: "POST" });
    expect(res.status).toBe(202);
    await closed;
    await expect(api("/devices")).rejects.toThrow();
    await within(3000, () => receiver.received.some((r) => r.body.content.name === "systemStart"));
    expect(receiver.received.at(-1)!.body.content).toMatchObject({ name: "systemStart", deviceId: null });
    expect((await api("/devices")).status).toBe(200);
  });

  it("offline and online: the Maker API and the eventsocket are unreachable in between", async () => {
    expect((await fetch(`${sim.url}/_sim/offline`, { method: "POST" })).status).toBe(200);
    await expect(api("/devices")).rejects.toThrow();
    await expect(openSocket()).rejects.toThrow();
    expect(await (await fetch(`${sim.url}/_sim/health`)).json()).toMatchObject({ status: "healthy", offline: true });
    await fetch(`${sim.url}/_sim/online`, { method: "POST" });
    expect((await api("/devices")).status).toBe(200);
  });

  it("a physical change can be made over HTTP too", async () => {
    const { ws, frames } = await openSocket();
    try {
      const res = await fetch(`${sim.url}/_sim/devices/41/events`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "motion", value: "active" }),
      });
      expect(res.status).toBe(202);
      await within(2000, () => frames.length >= 1);
      expect(frames[0]).toMatchObject({ name: "motion", value: "active", deviceId: 41 });
    } finally {
      ws.close();
    }
  });
});

describe("background activity", () => {
  it("makes only sensor-like events (motion, climate, doors), at the rate asked", async () => {
    const lively = await startHubSimulator({ activity: true, activityIntervalMs: 20, seed: 42 });
    const ws = new WebSocket(`${lively.url.replace("http", "ws")}/eventsocket`);
    const names: string[] = [];
    ws.on("message", (data) => names.push(JSON.parse(data.toString()).name));
    try {
      await within(5000, () => names.length >= 15);
      expect(names.some((n) => ["motion", "temperature", "humidity", "contact"].includes(n))).toBe(true);
      expect(
        names.every((n) =>
          ["motion", "temperature", "humidity", "contact", "thermostatOperatingState", "thermostatSetpoint"].includes(
            n,
          ),
        ),
      ).toBe(true);
    } finally {
      ws.close();
      await lively.close();
    }
  });
});
