import { readFileSync } from "node:fs";
import path from "node:path";
import { hubitatFixtureFiles, hubitatFixturesDir } from "../../../../test/support/hub-simulator";
import { isInvalidTokenBody } from "./maker-api.client";
import { normalizeHsm, normalizeHubVariables, normalizeModes, type DataTypeLookup } from "./normalize";
import {
  normalizeCapabilitiesResponse,
  normalizeCommands,
  normalizeDevice,
  normalizeDeviceList,
  normalizeFullDeviceList,
} from "./normalize-devices";
import { normalizeDeviceHistory, normalizeEvent } from "./normalize-events";
import type { Device } from "./types";

// Every payload captured from real hubs (subgraphs/home/test/fixtures/hubitat), through the client's
// normalisation. A fixture file added without expectations here fails the first test.

const dir = hubitatFixturesDir();
const read = (file: string) => readFileSync(path.join(dir, file), "utf8");
const load = (file: string) => JSON.parse(read(file));
const attr = (device: Device | null, name: string) => device!.attributes.find((a) => a.name === name);
const names = (device: Device | null) => device!.attributes.map((a) => a.name);

/** dataTypes as `/devices/{id}` reveals them, for the endpoints that send strings only. */
function lookupFrom(devices: (Device | null)[]): DataTypeLookup {
  const types = new Map<string, string | null>();
  for (const d of devices) for (const a of d?.attributes ?? []) types.set(`${d!.hubId}/${a.name}`, a.dataType);
  return (id, name) => types.get(`${id}/${name}`);
}

const EXPECTATIONS: Record<string, () => void> = {
  "hubitatmaker/devices.json": () => {
    const devices = normalizeDeviceList(load("hubitatmaker/devices.json"));
    expect(devices).toHaveLength(9);
    expect(devices[0]).toEqual({
      hubId: "6",
      label: "Office Door",
      name: "Generic Z-Wave Contact Sensor",
      type: null,
      room: null,
    });
    expect(devices.map((d) => d.hubId)).toEqual(["6", "32", "176", "514", "710", "834", "835", "836", "1192"]);
  },

  "hubitatmaker/device_details.json": () => {
    const raw = load("hubitatmaker/device_details.json");
    const door = normalizeDevice(raw["6"]);
    expect(door).toMatchObject({ hubId: "6", label: "Office Door", type: null, room: null });
    expect(door!.capabilities).toEqual(["Battery", "ContactSensor", "Configuration", "Sensor", "TamperAlert"]);
    expect(attr(door, "battery")).toEqual({ name: "battery", value: 100, dataType: "NUMBER", values: null });
    expect(attr(door, "contact")).toEqual({
      name: "contact",
      value: "open",
      dataType: "ENUM",
      values: ["closed", "open"],
    });
    expect(normalizeDevice(raw["32"])!.attributes.map((a) => a.value)).toEqual([66, 63.99, "dry"]);
    // Loft Fan: `switch` twice in attributes, off and on twice in commands.
    const fan = normalizeDevice(raw["176"]);
    expect(names(fan)).toEqual(["power", "switch"]);
    expect(attr(fan, "power")!.value).toBe(0);
    expect(fan!.commands).toEqual([
      { name: "configure", argTypes: [] },
      { name: "off", argTypes: [] },
      { name: "on", argTypes: [] },
      { name: "refresh", argTypes: [] },
    ]);
    expect(fan!.capabilities).toEqual(["Switch", "Configuration", "PowerMeter", "Sensor", "Actuator", "Outlet"]);
  },

  "hubitatmaker/events.json": () => {
    const raw = load("hubitatmaker/events.json");
    expect(normalizeEvent(raw.device)).toMatchObject({
      kind: "device",
      deviceId: "176",
      source: "DEVICE",
      name: "switch",
      value: "on",
      type: null,
      unit: null,
      displayName: "Loft Fan",
      descriptionText: "Loft Fan is on",
    });
    expect(normalizeEvent(raw.other)).toMatchObject({
      kind: "location",
      deviceId: null,
      source: "LOCATION",
      displayName: null,
    });
    expect(normalizeEvent(raw.mode)).toMatchObject({ kind: "mode", value: "Evening", type: "LOCATION_MODE_CHANGE" });
    expect(normalizeEvent(raw.hsmArmedAway)).toMatchObject({ kind: "hsm", value: "armedAway" });
    expect(normalizeEvent(raw.hsmAllDisarmed)).toMatchObject({ kind: "hsm", value: "allDisarmed" });
  },

  "hubitatmaker/hsm.json": () => {
    expect(normalizeHsm(load("hubitatmaker/hsm.json"))).toBe("armedAway");
  },

  "hubitatmaker/modes.json": () => {
    const modes = normalizeModes(load("hubitatmaker/modes.json"));
    expect(modes.map((m) => m.name)).toEqual(["Day", "Evening", "Night", "Away", "Morning"]);
    expect(modes[0]).toEqual({ id: "1", name: "Day", active: true });
    expect(modes.filter((m) => m.active)).toHaveLength(1);
  },

  "hacs-hubitat/device_details.json": () => {
    const raw = load("hacs-hubitat/device_details.json");
    expect(normalizeDevice(raw["6"])).toMatchObject({
      hubId: "6",
      type: "Generic Z-Wave Contact Sensor",
      room: "Office",
    });
    // No room key at all for this one.
    expect(normalizeDevice(raw["32"])).toMatchObject({ type: "Generic Zigbee Moisture Sensor", room: null });
    expect(names(normalizeDevice(raw["176"]))).toEqual(["power", "switch"]);
  },

  "hacs-hubitat/readme_virtual_rgb_light_device.json": () => {
    const bulb = normalizeDevice(load("hacs-hubitat/readme_virtual_rgb_light_device.json"));
    expect(names(bulb)).toEqual(["RGB", "color", "colorName", "hue", "level", "saturation", "switch"]);
    expect(attr(bulb, "RGB")!.value).toBeNull();
    expect(attr(bulb, "color")!.value).toBeNull();
    expect(attr(bulb, "hue")!.value).toBe(66);
    expect(attr(bulb, "switch")!.value).toBe("on");
    expect(bulb!.capabilities).toEqual(["Switch", "SwitchLevel", "ColorControl", "Actuator", "Light"]);
    // /devices/{id} lists no argument types: Hubitat's standard ones stand in.
    expect(bulb!.commands).toEqual([
      { name: "off", argTypes: [] },
      { name: "on", argTypes: [] },
      { name: "setColor", argTypes: ["COLOR_MAP"] },
      { name: "setHue", argTypes: ["NUMBER"] },
      { name: "setLevel", argTypes: ["NUMBER", "NUMBER"] },
      { name: "setSaturation", argTypes: ["NUMBER"] },
    ]);
  },

  "hubitat2prom/AllDeviceDetails.json": () => {
    const raw = load("hubitat2prom/AllDeviceDetails.json");
    const [kitchen, hygrometer] = normalizeFullDeviceList(raw);
    // `dataType` and `values` in the map are leftovers, not attributes.
    expect(names(kitchen!)).toEqual(["held", "pushed", "switch", "numberOfButtons", "syncStatus"]);
    expect(kitchen).toMatchObject({ hubId: "130", type: "Zooz ZEN Switch Advanced", room: "Kitchen" });
    expect(kitchen!.lastActivityAt).toEqual(new Date("2022-03-03T14:20:00Z"));
    expect(attr(kitchen!, "held")).toEqual({ name: "held", value: null, dataType: null, values: null });
    expect(attr(kitchen!, "pushed")!.value).toBe("1");
    expect(kitchen!.commands.map((c) => c.name)).toContain("setLEDMode");
    expect(kitchen!.capabilities).toContain("PushableButton");
    expect(hygrometer!.commands).toEqual([]);
    expect(attr(hygrometer!, "temperature")!.value).toBe("29.0");
    // With the dataTypes that /devices/{id} reveals, the strings are cast.
    const details = normalizeDevice(load("hubitat2prom/DeviceDetails.json"));
    const lookup: DataTypeLookup = (id, name) =>
      lookupFrom([details])(id, name) ??
      ({ temperature: "NUMBER", humidity: "NUMBER", battery: "NUMBER" } as Record<string, string>)[name];
    const [typedKitchen, typedHygrometer] = normalizeFullDeviceList(raw, lookup);
    expect(attr(typedKitchen!, "pushed")).toMatchObject({ value: 1, dataType: "NUMBER" });
    expect(attr(typedKitchen!, "numberOfButtons")!.value).toBe(10);
    expect(attr(typedKitchen!, "syncStatus")!.value).toBe("1 Pending Changes");
    expect(attr(typedHygrometer!, "temperature")!.value).toBe(29);
    expect(attr(typedHygrometer!, "humidity")!.value).toBe(18);
  },

  "hubitat2prom/DeviceDetails.json": () => {
    const device = normalizeDevice(load("hubitat2prom/DeviceDetails.json"));
    expect(device).toMatchObject({
      hubId: "130",
      label: "Switch - Kitchen",
      type: "Zooz ZEN Switch Advanced",
      room: null,
    });
    expect(device!.attributes.map((a) => [a.name, a.value])).toEqual([
      ["held", null],
      ["pushed", 1],
      ["switch", "off"],
      ["numberOfButtons", 10],
      ["syncStatus", "1 Pending Changes"],
    ]);
    expect(device!.capabilities).toEqual([
      "Configuration",
      "Actuator",
      "Refresh",
      "HoldableButton",
      "Switch",
      "PushableButton",
    ]);
    expect(device!.commands.find((c) => c.name === "push")).toEqual({ name: "push", argTypes: ["NUMBER"] });
  },

  "hubitat2prom/DeviceInfo.json": () => {
    expect(normalizeDeviceList(load("hubitat2prom/DeviceInfo.json"))).toEqual([
      {
        hubId: "130",
        label: "Switch - Kitchen",
        name: "Switch - Kitchen",
        type: "Zooz ZEN Switch Advanced",
        room: null,
      },
    ]);
  },

  "postURL-samples.json": () => {
    const raw = load("postURL-samples.json");
    const event = (key: string) => normalizeEvent(raw[key]);
    expect(event("device_switch_office")).toMatchObject({
      kind: "device",
      deviceId: "187",
      source: "DEVICE",
      name: "switch",
      value: "on",
      type: "digital",
      descriptionText: "Office was turned on [digital]",
    });
    expect(event("device_switch_loftfan_hubitatmaker")).toMatchObject({ deviceId: "176", type: null });
    expect(event("location_mode_issue42")).toMatchObject({ kind: "mode", deviceId: null, value: "Morning" });
    expect(event("location_hsmStatus_armedAway")).toMatchObject({ kind: "hsm", value: "armedAway", type: null });
    expect(event("location_hsmStatus_allDisarmed")).toMatchObject({ kind: "hsm", value: "allDisarmed" });
    expect(event("location_other_ssdpTerm")).toMatchObject({ kind: "location", name: "ssdpTerm", displayName: null });
    // The provenance note is not an event.
    expect(normalizeEvent(raw._provenance)).toBeNull();
  },

  "eventsocket-samples.jsonl": () => {
    const lines = read("eventsocket-samples.jsonl")
      .split("\n")
      .filter((l) => l.trim());
    expect(lines).toHaveLength(7);
    const lookup: DataTypeLookup = (_id, name) =>
      (({ temperature: "NUMBER", humidity: "NUMBER", switch: "ENUM", commsError: "BOOL" }) as Record<string, string>)[
        name
      ];
    const events = lines.map((line) => normalizeEvent(JSON.parse(line), { dataTypeOf: lookup }));
    expect(events[0]).toMatchObject({
      kind: "device",
      deviceId: "34",
      source: "DEVICE",
      displayName: "Christmas Tree",
      value: "off",
      type: "digital",
      unit: null,
      descriptionText: null,
    });
    // deviceId 0 and an app as the source: not a device event; "null" strings are null.
    expect(events[1]).toMatchObject({
      kind: "location",
      deviceId: null,
      source: "APP",
      displayName: null,
      type: null,
      unit: "jiffy",
      value: "5",
      descriptionText: "This is an event",
    });
    expect(events[2]).toMatchObject({
      deviceId: "36",
      value: 20,
      rawValue: "20",
      dataType: "NUMBER",
      unit: "C",
      type: null,
    });
    expect(events[4]).toMatchObject({ deviceId: "273", name: "humidity", value: 61, unit: null });
    expect(events[5]).toMatchObject({ deviceId: "1041", name: "commsError", value: false, dataType: "BOOL" });
    // No `type` key at all.
    expect(events[6]).toMatchObject({
      deviceId: "28",
      type: null,
      descriptionText: "Back Yard Market lights is off [physical]",
    });
  },

  "misc-endpoint-samples.json": () => {
    const raw = load("misc-endpoint-samples.json");
    const key = (prefix: string) => Object.keys(raw).find((k) => k.startsWith(prefix))!;
    expect(normalizeCommands(raw[key("GET /devices/{id}/commands")])).toEqual([
      { name: "configure", argTypes: [], argTypesKnown: true },
      { name: "off", argTypes: [], argTypesKnown: true },
      { name: "on", argTypes: [], argTypesKnown: true },
      { name: "setColor", argTypes: ["COLOR_MAP"], argTypesKnown: true },
      { name: "setColorTemperature", argTypes: ["NUMBER", "NUMBER", "NUMBER"], argTypesKnown: true },
      { name: "setLevel", argTypes: ["NUMBER", "NUMBER"], argTypesKnown: true },
    ]);
    const [row] = normalizeDeviceHistory([raw[key("GET /devices/{id}/events row")]], () => "NUMBER");
    expect(row).toEqual({
      deviceId: "1",
      name: "temperature",
      value: 71.7,
      rawValue: "71.7",
      unit: "F",
      date: new Date("2021-06-08T01:08:20Z"),
    });
    expect(normalizeHubVariables(raw[key("GET /hubvariables")])).toEqual([
      { name: "myStringVariable", value: "Example value", type: "string" },
      { name: "myStringVariable", value: "testing123", type: "string" },
    ]);
    const caps = normalizeCapabilitiesResponse(raw[key("GET /devices/{id}/capabilities")]);
    expect(caps.capabilities).toEqual([
      "Configuration",
      "Actuator",
      "Refresh",
      "FanControl",
      "SwitchLevel",
      "Switch",
      "PushableButton",
    ]);
    // Strings in this endpoint, cast by their dataType.
    expect(caps.attributes.map((a) => [a.name, a.value])).toEqual([
      ["speed", "low"],
      ["supportedFanSpeeds", null],
      ["level", 25],
      ["switch", "on"],
      ["numberOfButtons", 2],
      ["pushed", 1],
    ]);
    expect(caps.attributes[0]!.values).toContain("medium-high");
    expect(raw[key("GET /postURL/{urlencoded} response")]).toEqual({ url: "<url>" });
    const refusal = raw[key("auth error body")];
    expect(isInvalidTokenBody(refusal)).toBe(true);
    expect(isInvalidTokenBody(JSON.stringify({ hsm: "armedAway" }))).toBe(false);
  },
};

describe("the Hubitat fixtures", () => {
  it("has expectations for every fixture file", () => {
    expect(hubitatFixtureFiles()).toEqual(Object.keys(EXPECTATIONS).sort());
  });

  it.each(Object.keys(EXPECTATIONS))("parses %s", (file) => {
    EXPECTATIONS[file]!();
  });
});
