import { startHubSimulator } from "../../test/support/hub-simulator";
import { makerApiClient } from "./__tests__/helpers";
import type { RunningSimulator } from "./app";

// The Maker API over real HTTP, as the home service and a person with curl see it.

let sim: RunningSimulator;
const { api, json } = makerApiClient(() => sim);
const DIMMER = "12";

beforeAll(async () => {
  sim = await startHubSimulator();
});
afterAll(async () => {
  await sim?.close();
});

describe("extra switches", () => {
  it("serves them after the household, spread over its rooms, and they take commands", async () => {
    const bigger = await startHubSimulator({ extraSwitches: 40 });
    try {
      const url = (path: string) => `${bigger.makerApiUrl}${path}?access_token=${bigger.accessToken}`;
      const devices = (await (await fetch(url("/devices"))).json()) as { id: string; room: string | null }[];
      const plain = (await (
        await fetch(`${sim.makerApiUrl}/devices?access_token=${sim.accessToken}`)
      ).json()) as unknown[];
      expect(devices).toHaveLength(plain.length + 40);
      const extra = devices.filter((d) => Number(d.id) >= 1001);
      expect(extra.map((d) => d.id)).toEqual(Array.from({ length: 40 }, (_, i) => String(1001 + i)));
      expect(new Set(extra.map((d) => d.room)).size).toBeGreaterThan(3);
      const on = JSON.parse(await (await fetch(url("/devices/1040/on"))).text());
      expect(on.attributes).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: "switch", currentValue: "on" })]),
      );
    } finally {
      await bigger.close();
    }
  });
});

describe("the token", () => {
  it("refuses a missing or wrong token with the hub's 401 XML body", async () => {
    for (const url of [`${sim.makerApiUrl}/devices`, `${sim.makerApiUrl}/devices?access_token=wrong`]) {
      const res = await fetch(url);
      expect(res.status).toBe(401);
      expect(await res.text()).toBe("<oauth><error>invalid_token</error></oauth>");
    }
  });
  it("answers 404 for another app id", async () => {
    const res = await fetch(`${sim.url}/apps/api/999/devices?access_token=${sim.accessToken}`);
    expect(res.status).toBe(404);
  });
});

describe("the Maker API paths", () => {
  it("/devices lists every device with id, name, label, type and room (a presence sensor has none)", async () => {
    const devices = await json("/devices");
    expect(devices.length).toBeGreaterThanOrEqual(15);
    expect(devices[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      label: expect.any(String),
      type: expect.any(String),
      room: expect.anything(),
    });
    expect(devices.find((d: any) => d.label === "Alex's Phone").room).toBeNull();
  });

  it("has every kind of device the household needs", async () => {
    const all = await json("/devices/all");
    const caps = new Set(all.flatMap((d: any) => d.capabilities));
    for (const capability of [
      "Light",
      "SwitchLevel",
      "ColorControl",
      "Switch",
      "ContactSensor",
      "MotionSensor",
      "TemperatureMeasurement",
      "RelativeHumidityMeasurement",
      "Thermostat",
      "Lock",
      "PresenceSensor",
      "PushableButton",
      "WindowShade",
    ]) {
      expect(caps).toContain(capability);
    }
  });

  it("/devices/{id} types values, lists switch and on/off twice, and names capabilities' attributes with a null dataType", async () => {
    const res = await api(`/devices/${DIMMER}`);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const dimmer = JSON.parse(await res.text());
    expect(dimmer).toMatchObject({ id: DIMMER, label: "Hall Dimmer", room: "Hall" });
    expect(dimmer.attributes.filter((a: any) => a.name === "switch")).toHaveLength(2);
    expect(dimmer.attributes.find((a: any) => a.name === "level")).toEqual({
      name: "level",
      currentValue: expect.any(Number),
      dataType: "NUMBER",
    });
    expect(dimmer.commands.filter((c: string) => c === "on")).toHaveLength(2);
    expect(dimmer.capabilities).toContainEqual({ attributes: [{ name: "level", dataType: null }] });
  });

  it("/devices/all gives strings in an attribute map with the dataType/values leftovers, commands as [{command}]", async () => {
    const all = await json("/devices/all");
    const climate = all.find((d: any) => d.label === "Bathroom Climate");
    expect(climate.attributes).toMatchObject({ humidity: "61", temperature: "22.4", dataType: "NUMBER", values: null });
    expect(climate.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    const lamp = all.find((d: any) => d.id === DIMMER);
    expect(lamp.commands).toContainEqual({ command: "setLevel" });
  });

  it("labels the other JSON answers text/html, as real hubs do", async () => {
    for (const path of [`/devices/${DIMMER}/commands`, "/modes", "/hsm", "/hubvariables"]) {
      const res = await api(path);
      const text = await res.text();
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(() => JSON.parse(text)).not.toThrow();
    }
  });

  it("/devices/{id}/commands types arguments, n/a for none; /capabilities gives string values", async () => {
    const commands = await json("/devices/14/commands");
    expect(commands).toContainEqual({ command: "setColor", type: ["COLOR_MAP"] });
    expect(commands).toContainEqual({ command: "on", type: ["n/a"] });
    expect(commands.filter((c: any) => c.command === "on")).toHaveLength(1);
    const { capabilities } = await json(`/devices/${DIMMER}/capabilities`);
    expect(capabilities).toContainEqual({
      attributes: [{ name: "level", currentValue: expect.any(String), dataType: "NUMBER", values: null }],
    });
  });

  it("modes, HSM and hub variables read and change", async () => {
    expect((await json("/modes")).find((m: any) => m.active).name).toBe("Day");
    expect((await json("/modes/4")).find((m: any) => m.active).name).toBe("Away");
    expect(await json("/hsm/armAway")).toEqual({ hsm: "armedAway" });
    expect(await json("/hsm")).toEqual({ hsm: "armedAway" });
    expect(await json("/hubvariables/guestName/Sam%20Smith")).toEqual({
      name: "guestName",
      value: "Sam Smith",
      type: "string",
    });
    expect(await json("/hubvariables/guestName")).toEqual({ name: "guestName", value: "Sam Smith", type: "string" });
    expect((await api("/hubvariables/targetTemperature/warm")).status).toBe(400);
    await json("/modes/1");
    await json("/hsm/disarm");
  });

  it("refuses an unknown device or command, and arguments a driver cannot take", async () => {
    expect((await api("/devices/9999")).status).toBe(404);
    expect((await api(`/devices/${DIMMER}/fly`)).status).toBe(404);
    expect((await api(`/devices/${DIMMER}/setLevel/loud`)).status).toBe(400);
    expect((await api(`/devices/${DIMMER}/setLevel/1,2,3`)).status).toBe(400);
    expect((await api(`/devices/${DIMMER}/setLevel`)).status).toBe(400);
  });
});
