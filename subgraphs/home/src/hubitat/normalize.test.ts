import { castValue, parseHubDate } from "./normalize";
import { normalizeCommands, normalizeDevice } from "./normalize-devices";
import { EventDeduper, normalizeEvent } from "./normalize-events";

describe("castValue", () => {
  it.each([
    [100, "NUMBER", 100],
    ["63.99", "NUMBER", 63.99],
    ["29.0", "NUMBER", 29],
    ["", "NUMBER", null],
    ["unknown", "NUMBER", null],
    ["on", "ENUM", "on"],
    [1, "ENUM", "1"],
    ["null", "STRING", null],
    [null, "STRING", null],
    [undefined, "ENUM", null],
    ["true", "BOOL", true],
    [false, "BOOL", false],
    ['{"a":1}', "JSON_OBJECT", { a: 1 }],
    ['["low","high"]', "JSON_OBJECT", ["low", "high"]],
    ["not json", "JSON_OBJECT", "not json"],
    ["2022-03-03T14:20:00+0000", "DATE", "2022-03-03T14:20:00+0000"],
    ["[x:1,y:2,z:3]", "VECTOR3", "[x:1,y:2,z:3]"],
    ["29.0", null, "29.0"],
    [7, "SOMETHING_NEW", "7"],
  ])("%j as %s is %j", (value, dataType, expected) => {
    expect(castValue(value, dataType)).toEqual(expected);
  });
});

describe("normalizeEvent", () => {
  const now = new Date("2026-01-01T00:00:00Z");

  it("takes deviceId as a string, a number, null, 0 or the string null", () => {
    const id = (deviceId: unknown) => normalizeEvent({ name: "switch", value: "on", deviceId }, { now })?.deviceId;
    expect([id("187"), id(187), id(null), id(0), id("null"), id(undefined), id("0")]).toEqual([
      "187",
      "187",
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it("reads the string null as null in every field, and a missing type as null", () => {
    const event = normalizeEvent(
      {
        source: "DEVICE",
        name: "switch",
        displayName: "null",
        value: "null",
        unit: "null",
        deviceId: 5,
        descriptionText: "null",
      },
      { now },
    );
    expect(event).toEqual({
      kind: "device",
      deviceId: "5",
      source: "DEVICE",
      name: "switch",
      value: null,
      rawValue: null,
      dataType: null,
      unit: null,
      displayName: null,
      descriptionText: null,
      type: null,
      receivedAt: now,
    });
  });

  it("casts by the attribute's dataType only for device events", () => {
    const lookup = () => "NUMBER";
    expect(normalizeEvent({ name: "level", value: "50", deviceId: "12" }, { dataTypeOf: lookup })!.value).toBe(50);
    expect(normalizeEvent({ name: "mode", value: "50", deviceId: null }, { dataTypeOf: lookup })!.value).toBe("50");
  });

  it("refuses what is not an event", () => {
    for (const raw of [null, "x", 5, [], {}, { content: {} }, { content: { value: "on" } }]) {
      expect(normalizeEvent(raw)).toBeNull();
    }
  });
});

describe("EventDeduper", () => {
  const at = (ms: number) => new Date(1_000_000 + ms);
  const ev = (deviceId: string | null, name: string, rawValue: string | null, ms: number) => ({
    deviceId,
    name,
    rawValue,
    receivedAt: at(ms),
  });

  it("drops the same device, attribute and value within the window, and nothing else", () => {
    const d = new EventDeduper(1000);
    expect(d.isDuplicate(ev("1", "switch", "on", 0))).toBe(false);
    expect(d.isDuplicate(ev("1", "switch", "on", 200))).toBe(true);
    expect(d.isDuplicate(ev("2", "switch", "on", 250))).toBe(false);
    expect(d.isDuplicate(ev("1", "level", "on", 260))).toBe(false);
    expect(d.isDuplicate(ev("1", "switch", "on", 1200))).toBe(false);
  });

  it("never drops a change back and forth", () => {
    const d = new EventDeduper(1000);
    expect(["on", "off", "on", "off"].map((v, i) => d.isDuplicate(ev("1", "switch", v, i * 10)))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it("keeps location events apart from devices, and forgets the oldest keys when full", () => {
    const d = new EventDeduper(1000, 2);
    expect(d.isDuplicate(ev(null, "mode", "Away", 0))).toBe(false);
    expect(d.isDuplicate(ev(null, "mode", "Away", 10))).toBe(true);
    d.isDuplicate(ev("1", "a", "x", 20));
    d.isDuplicate(ev("2", "b", "x", 30));
    expect(d.isDuplicate(ev(null, "mode", "Away", 40))).toBe(false);
  });
});

describe("devices", () => {
  it("falls back from a missing label to the name, then to the id", () => {
    expect(normalizeDevice({ id: 5, name: "Generic Switch" })).toMatchObject({ hubId: "5", label: "Generic Switch" });
    expect(normalizeDevice({ id: "6", label: "" })).toMatchObject({ label: "Device 6", name: "Device 6" });
    expect(normalizeDevice({ name: "no id" })).toBeNull();
  });

  it("says when a command's argument types are unknown (a driver's own command, no /commands)", () => {
    expect(normalizeCommands(["setLED", "setLevel", { command: "push" }])).toEqual([
      { name: "setLED", argTypes: [], argTypesKnown: false },
      { name: "setLevel", argTypes: ["NUMBER", "NUMBER"], argTypesKnown: true },
      { name: "push", argTypes: ["NUMBER"], argTypesKnown: true },
    ]);
  });

  it("reads the hub's dates, with or without a colon in the offset", () => {
    expect(parseHubDate("2021-06-08T01:08:20+0000")).toEqual(new Date("2021-06-08T01:08:20Z"));
    expect(parseHubDate("2021-06-08T03:08:20+02:00")).toEqual(new Date("2021-06-08T01:08:20Z"));
    expect(parseHubDate("yesterday")).toBeNull();
    expect(parseHubDate(null)).toBeNull();
  });
});
