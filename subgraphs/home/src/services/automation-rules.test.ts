import { AppError } from "@homegraph/common";
import { inWindow, parseRule } from "./automation-rules";

const fieldOf = (input: unknown): unknown => {
  try {
    parseRule(input);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).extensions.field;
  }
  return undefined;
};

const notify = [{ type: "notify", role: "ADMIN" }];

describe("parseRule", () => {
  it("accepts each trigger, condition and action shape", () => {
    const rule = parseRule({
      name: " Door ",
      trigger: { type: "attribute", deviceId: "31", attribute: "contact", becomes: "open" },
      conditions: [
        { type: "mode", is: "Away" },
        { type: "timeWindow", from: "22:00", to: "06:00" },
        { type: "device", deviceId: 2, attribute: "switch", equals: "on" },
      ],
      actions: [
        { type: "command", deviceId: "12", command: "setLevel", args: [50] },
        { type: "setMode", mode: "Night" },
        { type: "notify", userIds: ["3"], subject: "Door", message: "It opened" },
      ],
    });
    expect(rule.name).toBe("Door");
    expect(rule.trigger).toMatchObject({ deviceId: 31 });
    expect(rule.actions[2]).toMatchObject({ userIds: [3] });
    expect(parseRule({ name: "t", trigger: { type: "time", at: "07:30" }, actions: notify }).conditions).toEqual([]);
  });

  it("names the field of the first problem", () => {
    expect(fieldOf({ trigger: { type: "mode", becomes: "Away" }, actions: notify })).toBe("name");
    expect(fieldOf({ name: "t", trigger: { type: "time", at: "7:30" }, actions: notify })).toBe("trigger.at");
    expect(fieldOf({ name: "t", trigger: { type: "sunset" }, actions: notify })).toBe("trigger.type");
    expect(
      fieldOf({ name: "t", trigger: { type: "attribute", deviceId: 1, attribute: "level" }, actions: notify }),
    ).toBe("trigger.becomes");
    expect(
      fieldOf({ name: "t", trigger: { type: "time", at: "07:30" }, conditions: [{ type: "mode" }], actions: notify }),
    ).toBe("conditions[0].is");
    expect(fieldOf({ name: "t", trigger: { type: "time", at: "07:30" }, actions: [{ type: "notify" }] })).toBe(
      "actions[0].role",
    );
    expect(fieldOf({ name: "t", trigger: { type: "time", at: "07:30" }, actions: [] })).toBe("actions");
  });
});

describe("inWindow", () => {
  const at = (h: number, m: number) => new Date(2026, 0, 1, h, m);
  it("handles windows within a day and across midnight", () => {
    expect(inWindow(at(12, 0), "09:00", "17:00")).toBe(true);
    expect(inWindow(at(17, 0), "09:00", "17:00")).toBe(false);
    expect(inWindow(at(23, 0), "22:00", "06:00")).toBe(true);
    expect(inWindow(at(5, 59), "22:00", "06:00")).toBe(true);
    expect(inWindow(at(12, 0), "22:00", "06:00")).toBe(false);
  });
});
