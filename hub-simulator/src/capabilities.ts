// Hubitat's standard capabilities as the Maker API describes them: each capability's attributes
// (with the dataType and enum values the hub reports) and commands (with the argument types
// `/devices/{id}/commands` lists). Only what the household in household.ts uses.

export type DataType = "NUMBER" | "ENUM" | "STRING" | "JSON_OBJECT" | "DATE" | "VECTOR3" | "DYNAMIC_ENUM" | "BOOL";

export interface AttributeSpec {
  name: string;
  dataType: DataType;
  values?: string[];
  unit?: string;
}

export interface CommandSpec {
  name: string;
  /** As `/devices/{id}/commands` reports them; a command without arguments lists `["n/a"]` there. */
  argTypes: string[];
}

export interface CapabilitySpec {
  attributes: AttributeSpec[];
  commands: CommandSpec[];
}

const ONOFF: AttributeSpec = { name: "switch", dataType: "ENUM", values: ["on", "off"] };
const ON_OFF_COMMANDS: CommandSpec[] = [
  { name: "on", argTypes: [] },
  { name: "off", argTypes: [] },
];

export const CAPABILITIES: Record<string, CapabilitySpec> = {
  Actuator: { attributes: [], commands: [] },
  Sensor: { attributes: [], commands: [] },
  Configuration: { attributes: [], commands: [{ name: "configure", argTypes: [] }] },
  Refresh: { attributes: [], commands: [{ name: "refresh", argTypes: [] }] },
  // Switch, Light and Outlet each declare `switch` and on/off: a device with two of them lists both
  // twice, which is where the duplicated attributes and commands of real hubs come from.
  Switch: { attributes: [ONOFF], commands: ON_OFF_COMMANDS },
  Light: { attributes: [ONOFF], commands: ON_OFF_COMMANDS },
  Outlet: { attributes: [ONOFF], commands: ON_OFF_COMMANDS },
  SwitchLevel: {
    attributes: [{ name: "level", dataType: "NUMBER", unit: "%" }],
    commands: [{ name: "setLevel", argTypes: ["NUMBER", "NUMBER"] }],
  },
  ColorControl: {
    attributes: [
      { name: "hue", dataType: "NUMBER", unit: "%" },
      { name: "saturation", dataType: "NUMBER", unit: "%" },
      { name: "color", dataType: "STRING" },
      { name: "colorName", dataType: "STRING" },
      { name: "RGB", dataType: "STRING" },
    ],
    commands: [
      { name: "setColor", argTypes: ["COLOR_MAP"] },
      { name: "setHue", argTypes: ["NUMBER"] },
      { name: "setSaturation", argTypes: ["NUMBER"] },
    ],
  },
  ColorTemperature: {
    attributes: [{ name: "colorTemperature", dataType: "NUMBER", unit: "°K" }],
    commands: [{ name: "setColorTemperature", argTypes: ["NUMBER", "NUMBER", "NUMBER"] }],
  },
  PowerMeter: { attributes: [{ name: "power", dataType: "NUMBER", unit: "W" }], commands: [] },
  ContactSensor: { attributes: [{ name: "contact", dataType: "ENUM", values: ["closed", "open"] }], commands: [] },
  MotionSensor: { attributes: [{ name: "motion", dataType: "ENUM", values: ["inactive", "active"] }], commands: [] },
  TemperatureMeasurement: { attributes: [{ name: "temperature", dataType: "NUMBER", unit: "°C" }], commands: [] },
  RelativeHumidityMeasurement: { attributes: [{ name: "humidity", dataType: "NUMBER", unit: "%rh" }], commands: [] },
  Battery: { attributes: [{ name: "battery", dataType: "NUMBER", unit: "%" }], commands: [] },
  Thermostat: {
    attributes: [
      { name: "temperature", dataType: "NUMBER", unit: "°C" },
      { name: "heatingSetpoint", dataType: "NUMBER", unit: "°C" },
      { name: "coolingSetpoint", dataType: "NUMBER", unit: "°C" },
      { name: "thermostatSetpoint", dataType: "NUMBER", unit: "°C" },
      { name: "thermostatMode", dataType: "ENUM", values: ["auto", "off", "heat", "emergency heat", "cool"] },
      {
        name: "thermostatOperatingState",
        dataType: "ENUM",
        values: ["heating", "pending cool", "pending heat", "vent economizer", "idle", "cooling", "fan only"],
      },
      { name: "thermostatFanMode", dataType: "ENUM", values: ["on", "circulate", "auto"] },
      { name: "supportedThermostatModes", dataType: "JSON_OBJECT" },
      { name: "supportedThermostatFanModes", dataType: "JSON_OBJECT" },
    ],
    commands: [
      { name: "auto", argTypes: [] },
      { name: "cool", argTypes: [] },
      { name: "emergencyHeat", argTypes: [] },
      { name: "fanAuto", argTypes: [] },
      { name: "fanCirculate", argTypes: [] },
      { name: "fanOn", argTypes: [] },
      { name: "heat", argTypes: [] },
      { name: "off", argTypes: [] },
      { name: "setCoolingSetpoint", argTypes: ["NUMBER"] },
      { name: "setHeatingSetpoint", argTypes: ["NUMBER"] },
      { name: "setThermostatFanMode", argTypes: ["ENUM"] },
      { name: "setThermostatMode", argTypes: ["ENUM"] },
    ],
  },
  Lock: {
    attributes: [
      { name: "lock", dataType: "ENUM", values: ["locked", "unlocked with timeout", "unlocked", "unknown"] },
    ],
    commands: [
      { name: "lock", argTypes: [] },
      { name: "unlock", argTypes: [] },
    ],
  },
  LockCodes: {
    attributes: [
      // Declared as Hubitat declares it; lock drivers send "<position> added" and the like.
      { name: "codeChanged", dataType: "ENUM", values: ["added", "changed", "deleted", "failed"] },
      { name: "codeLength", dataType: "NUMBER" },
      { name: "lastCodeName", dataType: "STRING" },
      { name: "lockCodes", dataType: "JSON_OBJECT" },
      { name: "maxCodes", dataType: "NUMBER" },
    ],
    commands: [
      { name: "deleteCode", argTypes: ["NUMBER"] },
      { name: "getCodes", argTypes: [] },
      { name: "setCode", argTypes: ["NUMBER", "STRING", "STRING"] },
      { name: "setCodeLength", argTypes: ["NUMBER"] },
    ],
  },
  PresenceSensor: {
    attributes: [{ name: "presence", dataType: "ENUM", values: ["present", "not present"] }],
    commands: [],
  },
  PushableButton: {
    attributes: [
      { name: "numberOfButtons", dataType: "NUMBER" },
      { name: "pushed", dataType: "NUMBER" },
    ],
    commands: [{ name: "push", argTypes: ["NUMBER"] }],
  },
  HoldableButton: {
    attributes: [{ name: "held", dataType: "NUMBER" }],
    commands: [{ name: "hold", argTypes: ["NUMBER"] }],
  },
  WindowShade: {
    attributes: [
      { name: "position", dataType: "NUMBER", unit: "%" },
      {
        name: "windowShade",
        dataType: "ENUM",
        values: ["opening", "partially open", "closed", "open", "closing", "unknown"],
      },
    ],
    commands: [
      { name: "close", argTypes: [] },
      { name: "open", argTypes: [] },
      { name: "setPosition", argTypes: ["NUMBER"] },
      { name: "startPositionChange", argTypes: ["ENUM"] },
      { name: "stopPositionChange", argTypes: [] },
    ],
  },
};
