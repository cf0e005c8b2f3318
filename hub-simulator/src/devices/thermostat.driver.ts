import { CommandError } from "../hub-event.js";
import type { Hub } from "../hub.js";
import { clamp, round1 } from "./command-arguments.js";
import type { VirtualDevice } from "./virtual-device.js";

const MODE_COMMANDS: Record<string, string> = {
  auto: "auto",
  cool: "cool",
  heat: "heat",
  off: "off",
  emergencyHeat: "emergency heat",
};
const FAN_COMMANDS: Record<string, string> = { fanAuto: "auto", fanOn: "on", fanCirculate: "circulate" };

/** Runs `name` if it is a thermostat command; false for the others (`off` is one: a thermostat turns off its mode). */
export function thermostatCommand(hub: Hub, device: VirtualDevice, name: string, args: string[]): boolean {
  const d = "digital" as const;
  const allowed = (attr: string, value: string) => {
    const values = device.attribute(attr)?.values ?? [];
    if (!values.includes(value)) throw new CommandError(400, `${name}: ${value} is not one of ${values.join(", ")}`);
    return value;
  };
  if (name in MODE_COMMANDS) hub.set(device, "thermostatMode", MODE_COMMANDS[name], d);
  else if (name === "setThermostatMode") hub.set(device, "thermostatMode", allowed("thermostatMode", args[0]!), d);
  else if (name in FAN_COMMANDS) hub.set(device, "thermostatFanMode", FAN_COMMANDS[name], d);
  else if (name === "setThermostatFanMode")
    hub.set(device, "thermostatFanMode", allowed("thermostatFanMode", args[0]!), d);
  else if (name === "setHeatingSetpoint") hub.set(device, "heatingSetpoint", round1(clamp(Number(args[0]), 5, 35)), d);
  else if (name === "setCoolingSetpoint") hub.set(device, "coolingSetpoint", round1(clamp(Number(args[0]), 10, 35)), d);
  else return false;
  updateThermostat(hub, device);
  return true;
}

/** The setpoint in force and what the thermostat is doing about the room's temperature. */
export function updateThermostat(hub: Hub, device: VirtualDevice): void {
  const mode = String(device.get("thermostatMode"));
  const temperature = device.number("temperature");
  const heat = device.number("heatingSetpoint");
  const cool = device.number("coolingSetpoint");
  if (mode === "heat" || mode === "emergency heat") hub.set(device, "thermostatSetpoint", heat, "digital");
  else if (mode === "cool") hub.set(device, "thermostatSetpoint", cool, "digital");
  let state = "idle";
  if ((mode === "heat" || mode === "emergency heat" || mode === "auto") && temperature < heat - 0.2) state = "heating";
  if ((mode === "cool" || mode === "auto") && temperature > cool + 0.2) state = "cooling";
  hub.set(device, "thermostatOperatingState", state, "digital");
}
