import { attribute, device } from "./household.fixture";
import { alarmSummary, favoritesOf, isLight, summarize } from "./summary";

const labels = (list: { label: string }[]) => list.map((d) => d.label);

const HOUSE = [
  device("1", "Porch Light", "Outside", ["Switch", "Light"], [attribute("switch", "on")]),
  device("2", "Hall Dimmer", "Hall", ["Switch", "SwitchLevel"], [attribute("switch", "on"), attribute("level", 30)]),
  device("3", "Coffee Maker", "Kitchen", ["Switch", "Outlet"], [attribute("switch", "on")]),
  device("4", "Kitchen Lights", "Kitchen", ["Switch", "SwitchLevel", "Light"], [attribute("switch", "off")]),
  device(
    "5",
    "Front Door",
    "Hall",
    ["ContactSensor", "Battery"],
    [attribute("contact", "open"), attribute("battery", 12)],
  ),
  device(
    "6",
    "Back Door",
    "Hall",
    ["ContactSensor", "Battery"],
    [attribute("contact", "closed"), attribute("battery", "19")],
  ),
  device(
    "7",
    "Front Door Lock",
    "Hall",
    ["Lock", "Battery"],
    [attribute("lock", "unlocked"), attribute("battery", 80)],
  ),
  device("8", "Garage Lock", "Garage", ["Lock"], [attribute("lock", "locked")]),
  device("9", "Shed Motion", "Garden", ["MotionSensor", "Battery"], [attribute("battery", 5)], { online: false }),
  device("10", "Attic Lamp", "Attic", ["Switch"], [attribute("switch", "on")], {
    removed: true,
    online: false,
    stale: true,
    favorite: true,
  }),
  device("11", "Bedroom Climate", "Bedroom", ["TemperatureMeasurement"], [], { stale: true, favorite: true }),
];

describe("the dashboard's summary", () => {
  it("counts lights that are on, not other switches, nor devices the hub no longer lists", () => {
    expect(labels(summarize(HOUSE, null).lightsOn)).toEqual(["Hall Dimmer", "Porch Light"]);
    expect(isLight(HOUSE[2]!)).toBe(false);
    expect(isLight(device("x", "Desk Lamp", null, ["Switch"], []))).toBe(true);
    expect(isLight(device("y", "Lamp sensor", null, ["IlluminanceMeasurement"], []))).toBe(false);
  });

  it("lists open doors and locks that are not locked", () => {
    const s = summarize(HOUSE, null);
    expect(labels(s.openContacts)).toEqual(["Front Door"]);
    expect(labels(s.unlockedLocks)).toEqual(["Front Door Lock"]);
  });

  it("lists batteries under 20 %, emptiest first, whether the hub sends numbers or strings", () => {
    expect(labels(summarize(HOUSE, null).lowBatteries)).toEqual(["Shed Motion", "Front Door", "Back Door"]);
  });

  it("lists offline and out-of-date devices apart from removed ones", () => {
    const s = summarize(HOUSE, null);
    expect(labels(s.unreachable)).toEqual(["Bedroom Climate", "Shed Motion"]);
    expect(labels(s.removed)).toEqual(["Attic Lamp"]);
  });

  it("says what the alarm is doing", () => {
    expect(alarmSummary("armedAway")).toEqual({
      status: "armedAway",
      armed: true,
      alerting: false,
      label: "Armed away",
    });
    expect(alarmSummary("disarmed")).toMatchObject({ armed: false, alerting: false, label: "Disarmed" });
    expect(alarmSummary("intrusion-home")).toMatchObject({ alerting: true, label: "Intrusion!" });
    expect(alarmSummary(null)).toMatchObject({ armed: false, label: "Unknown" });
    expect(alarmSummary("somethingNew").label).toBe("somethingNew");
  });

  it("follows a change: the same devices with a light turned off count one light fewer", () => {
    const changed = HOUSE.map((d) => (d.id === "1" ? { ...d, attributes: [attribute("switch", "off")] } : d));
    expect(labels(summarize(changed, null).lightsOn)).toEqual(["Hall Dimmer"]);
  });

  it("puts favourites first, by name, leaving removed devices out", () => {
    expect(labels(favoritesOf(HOUSE))).toEqual(["Bedroom Climate"]);
  });
});
