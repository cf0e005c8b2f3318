import type { CommandSpec } from "./capabilities.js";

/** One virtual device as first switched on: its driver, where it is, and its attributes' starting values. */
export interface DeviceDefinition {
  id: string;
  /** The driver's name, as the hub reports it in `name` and `type`. */
  driver: string;
  label: string;
  /** Unassigned devices have no room on a real hub. */
  room: string | null;
  capabilities: string[];
  /** Commands a driver adds beyond its capabilities' (a virtual presence sensor's arrived/departed). */
  extraCommands?: CommandSpec[];
  initial: Record<string, unknown>;
}

const thermostatModes = JSON.stringify(["auto", "off", "heat", "cool"]);
const fanModes = JSON.stringify(["on", "circulate", "auto"]);

/**
 * The household: ids are sparse strings, as on a hub that has had devices come and go. The dimmer
 * starts off at 30 % so that `setLevel/50` visibly changes both `switch` and `level`.
 */
export const HOUSEHOLD: DeviceDefinition[] = [
  {
    id: "11",
    driver: "Generic Z-Wave Switch",
    label: "Porch Light",
    room: "Outside",
    capabilities: ["Switch", "Light", "Actuator", "Refresh"],
    initial: { switch: "off" },
  },
  {
    id: "12",
    driver: "Generic Z-Wave Dimmer",
    label: "Hall Dimmer",
    room: "Hall",
    capabilities: ["Switch", "SwitchLevel", "Light", "Actuator", "Refresh", "Configuration"],
    initial: { switch: "off", level: 30 },
  },
  {
    id: "14",
    driver: "Generic Zigbee RGBW Light",
    label: "Living Room Color Bulb",
    room: "Living Room",
    capabilities: ["Switch", "SwitchLevel", "ColorControl", "ColorTemperature", "Light", "Actuator", "Refresh"],
    initial: {
      switch: "on",
      level: 74,
      hue: 66,
      saturation: 57,
      colorName: "Blue",
      color: null,
      RGB: null,
      colorTemperature: 2700,
    },
  },
  {
    id: "15",
    driver: "Generic Zigbee Bulb",
    label: "Kitchen Lights",
    room: "Kitchen",
    capabilities: ["Switch", "SwitchLevel", "Light", "Actuator", "Refresh"],
    initial: { switch: "off", level: 100 },
  },
  {
    id: "21",
    driver: "Generic Zigbee Outlet",
    label: "Coffee Maker",
    room: "Kitchen",
    capabilities: ["Switch", "PowerMeter", "Outlet", "Actuator", "Sensor", "Configuration", "Refresh"],
    initial: { switch: "off", power: 0 },
  },
  {
    id: "22",
    driver: "Generic Z-Wave Switch",
    label: "Desk Fan",
    room: "Office",
    capabilities: ["Switch", "Actuator", "Refresh"],
    initial: { switch: "off" },
  },
  {
    id: "31",
    driver: "Generic Z-Wave Contact Sensor",
    label: "Front Door",
    room: "Entrance",
    capabilities: ["ContactSensor", "Battery", "Sensor", "Configuration"],
    initial: { contact: "closed", battery: 100 },
  },
  {
    id: "32",
    driver: "Generic Zigbee Contact Sensor",
    label: "Back Door",
    room: "Kitchen",
    capabilities: ["ContactSensor", "TemperatureMeasurement", "Battery", "Sensor"],
    initial: { contact: "closed", temperature: 19.5, battery: 87 },
  },
  {
    id: "41",
    driver: "Generic Zigbee Motion Sensor",
    label: "Hallway Motion",
    room: "Hall",
    capabilities: ["MotionSensor", "TemperatureMeasurement", "Battery", "Sensor", "Refresh"],
    initial: { motion: "inactive", temperature: 20.5, battery: 93 },
  },
  {
    id: "42",
    driver: "Generic Zigbee Motion Sensor",
    label: "Living Room Motion",
    room: "Living Room",
    capabilities: ["MotionSensor", "Battery", "Sensor"],
    initial: { motion: "inactive", battery: 66 },
  },
  {
    id: "51",
    driver: "Zooz ZSE44 Temperature Humidity XS Sensor",
    label: "Bathroom Climate",
    room: "Bathroom",
    capabilities: ["RelativeHumidityMeasurement", "TemperatureMeasurement", "Battery", "Sensor"],
    initial: { humidity: 61, temperature: 22.4, battery: 73 },
  },
  {
    id: "52",
    driver: "Zooz ZSE44 Temperature Humidity XS Sensor",
    label: "Bedroom Climate",
    room: "Bedroom",
    capabilities: ["RelativeHumidityMeasurement", "TemperatureMeasurement", "Battery", "Sensor"],
    initial: { humidity: 45, temperature: 19.8, battery: 100 },
  },
  {
    id: "61",
    driver: "Generic Z-Wave Thermostat",
    label: "Thermostat",
    room: "Hall",
    capabilities: ["Thermostat", "TemperatureMeasurement", "Actuator", "Sensor", "Refresh"],
    initial: {
      temperature: 20.5,
      heatingSetpoint: 21,
      coolingSetpoint: 25,
      thermostatSetpoint: 21,
      thermostatMode: "heat",
      thermostatOperatingState: "heating",
      thermostatFanMode: "auto",
      supportedThermostatModes: thermostatModes,
      supportedThermostatFanModes: fanModes,
    },
  },
  {
    id: "71",
    driver: "Generic Z-Wave Lock",
    label: "Front Door Lock",
    room: "Entrance",
    capabilities: ["Lock", "LockCodes", "Battery", "Actuator", "Configuration", "Refresh"],
    initial: {
      lock: "locked",
      lockCodes: JSON.stringify({ "1": { name: "Family", code: "1234" } }),
      maxCodes: 30,
      codeLength: 4,
      codeChanged: null,
      lastCodeName: null,
      battery: 80,
    },
  },
  {
    id: "81",
    driver: "Virtual Presence",
    label: "Alex's Phone",
    room: null,
    capabilities: ["PresenceSensor", "Sensor"],
    extraCommands: [
      { name: "arrived", argTypes: [] },
      { name: "departed", argTypes: [] },
    ],
    initial: { presence: "present" },
  },
  {
    id: "91",
    driver: "Zooz ZEN Switch Advanced",
    label: "Bedside Button",
    room: "Bedroom",
    capabilities: ["PushableButton", "HoldableButton", "Battery", "Sensor"],
    initial: { numberOfButtons: 4, pushed: null, held: null, battery: 90 },
  },
  {
    id: "101",
    driver: "Generic Z-Wave Shade",
    label: "Living Room Shade",
    room: "Living Room",
    capabilities: ["WindowShade", "Actuator", "Refresh"],
    initial: { position: 0, windowShade: "closed" },
  },
];

/**
 * `count` more switches after the household (ids from 1001, spread over its rooms): a larger home
 * for load tests, such as the benchmark's list of 50 devices.
 */
export function withExtraSwitches(devices: DeviceDefinition[], count: number): DeviceDefinition[] {
  const rooms = [...new Set(devices.map((d) => d.room).filter((r): r is string => r !== null))];
  const extra = Array.from({ length: count }, (_, i): DeviceDefinition => ({
    id: String(1001 + i),
    driver: "Generic Z-Wave Switch",
    label: `Extra Switch ${i + 1}`,
    room: rooms[i % rooms.length] ?? null,
    capabilities: ["Switch", "Actuator", "Refresh"],
    initial: { switch: "off" },
  }));
  return [...devices, ...extra];
}

export const MODES = ["Day", "Evening", "Night", "Away", "Morning"];

export const HUB_VARIABLES: { name: string; value: string; type: string }[] = [
  { name: "guestName", value: "", type: "string" },
  { name: "vacationMode", value: "false", type: "boolean" },
  { name: "targetTemperature", value: "21", type: "integer" },
];
