import { Device } from "../entities/device.entity";
import { HubState } from "../entities/hub-state.entity";
import { checkHsmCommand, checkHubVariable, enumValuesFor, findMode, validateCommand } from "./command-validation";

const device = Object.assign(new Device(), {
  label: "Thermostat",
  commands: [
    { name: "on", argTypes: [] },
    { name: "setLevel", argTypes: ["NUMBER", "NUMBER"] },
    { name: "setCode", argTypes: ["NUMBER", "STRING", "STRING"] },
    { name: "setThermostatMode", argTypes: ["ENUM"] },
    { name: "setThermostatFanMode", argTypes: ["ENUM"] },
    { name: "setColor", argTypes: ["COLOR_MAP"] },
  ],
  attributes: [
    { name: "supportedThermostatModes", value: ["heat", "off"], dataType: "JSON_OBJECT" },
    { name: "thermostatFanMode", value: "auto", dataType: "ENUM", values: ["on", "auto"] },
  ],
});

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { extensions: { code: string; field?: string } }).extensions;
  }
  return null;
};

describe("validateCommand", () => {
  it("passes what the device takes, trailing arguments optional", () => {
    expect(validateCommand(device, "on", [])).toEqual([]);
    expect(validateCommand(device, "setLevel", [50])).toEqual([50]);
    expect(validateCommand(device, "setLevel", [50, 2])).toEqual([50, 2]);
    expect(validateCommand(device, "setCode", [3, 4321])).toEqual([3, "4321"]);
    expect(validateCommand(device, "setColor", [{ hue: 10 }])).toEqual([{ hue: 10 }]);
  });

  it("names the field at fault", () => {
    expect(fieldOf(() => validateCommand(device, "fly", []))).toEqual({ code: "BAD_USER_INPUT", field: "command" });
    expect(fieldOf(() => validateCommand(device, "setCode", [3]))).toEqual({ code: "BAD_USER_INPUT", field: "args" });
    expect(fieldOf(() => validateCommand(device, "setLevel", [true]))).toMatchObject({ field: "args[0]" });
    expect(fieldOf(() => validateCommand(device, "setColor", [{ hue: 10, red: 1 }]))).toMatchObject({
      field: "args[0]",
    });
    expect(fieldOf(() => validateCommand(device, "setColor", [{}]))).toMatchObject({ field: "args[0]" });
  });

  it("checks ENUM arguments against the device's supported list, else the attribute's values", () => {
    expect(enumValuesFor(device, "setThermostatMode")).toEqual(["heat", "off"]);
    expect(enumValuesFor(device, "setThermostatFanMode")).toEqual(["on", "auto"]);
    expect(validateCommand(device, "setThermostatMode", ["heat"])).toEqual(["heat"]);
    expect(fieldOf(() => validateCommand(device, "setThermostatMode", ["cool"]))).toMatchObject({ field: "args[0]" });
    expect(fieldOf(() => validateCommand(device, "setThermostatFanMode", ["circulate"]))).toMatchObject({
      field: "args[0]",
    });
  });
});

describe("the hub's mode, HSM and variables", () => {
  const state = Object.assign(new HubState(), {
    modes: [
      { id: "1", name: "Day", active: true },
      { id: "2", name: "Night", active: false },
    ],
    variables: [
      { name: "count", value: "1", type: "Integer" },
      { name: "away", value: "false", type: "boolean" },
      { name: "price", value: "1.5", type: "BigDecimal" },
      { name: "note", value: "", type: "String" },
    ],
  });

  it("finds a mode by name in any case, and names the field of a wrong one", () => {
    expect(findMode(state, " night ")).toEqual({ id: "2", name: "Night", active: false });
    expect(fieldOf(() => findMode(state, "Party"))).toEqual({ code: "BAD_USER_INPUT", field: "mode" });
    expect(() => findMode(new HubState(), "Day")).toThrow("The hub's modes are not known yet.");
  });

  it("takes the HSM commands only", () => {
    expect(fieldOf(() => checkHsmCommand("armAway"))).toBeNull();
    expect(fieldOf(() => checkHsmCommand("armed"))).toEqual({ code: "BAD_USER_INPUT", field: "value" });
  });

  it("checks a variable's value against its type", () => {
    const good: [string, string][] = [
      ["count", "-12"],
      ["away", "true"],
      ["price", "3.25"],
      ["note", "anything"],
    ];
    for (const [name, value] of good) {
      expect(fieldOf(() => checkHubVariable(state, name, value))).toBeNull();
    }
    const bad: [string, string][] = [
      ["count", "1.5"],
      ["away", "yes"],
      ["price", "cheap"],
      ["note", "x".repeat(1025)],
    ];
    for (const [name, value] of bad) {
      expect(fieldOf(() => checkHubVariable(state, name, value))).toEqual({ code: "BAD_USER_INPUT", field: "value" });
    }
    expect(fieldOf(() => checkHubVariable(state, "missing", "1"))).toEqual({ code: "BAD_USER_INPUT", field: "name" });
  });
});
