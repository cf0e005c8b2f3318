import { CommandError } from "../hub-event.js";
import type { Hub } from "../hub.js";
import { checkArgs, clamp } from "./command-arguments.js";
import { hsvHex, hueName } from "./color.js";
import { deleteCode, getCodes, setCode } from "./lock-codes.driver.js";
import { moveShade, stopShade } from "./shade.driver.js";
import { thermostatCommand } from "./thermostat.driver.js";
import type { VirtualDevice } from "./virtual-device.js";

/** Runs a Maker API command with its (already URL-decoded) arguments, as the device's driver would. */
export function runCommand(hub: Hub, device: VirtualDevice, name: string, args: string[]): void {
  const spec = device.command(name);
  if (!spec) throw new CommandError(404, `${device.label} has no command ${name}`);
  checkArgs(device, spec, args);
  const num = (i: number) => Number(args[i]);
  const d = "digital" as const;

  if (device.has("Thermostat") && thermostatCommand(hub, device, name, args)) return;

  switch (name) {
    case "on":
      hub.set(device, "switch", "on", d);
      if (device.has("PowerMeter")) hub.set(device, "power", 850, "physical");
      return;
    case "off":
      hub.set(device, "switch", "off", d);
      if (device.has("PowerMeter")) hub.set(device, "power", 0, "physical");
      return;
    case "setLevel": {
      const level = Math.round(clamp(num(0), 0, 100));
      // A dimmer set to a level is on (and set to 0 is off), so both attributes change.
      if (level === 0) return hub.set(device, "switch", "off", d);
      hub.set(device, "switch", "on", d);
      hub.set(device, "level", level, d);
      return;
    }
    case "setColor": {
      const map = JSON.parse(args[0]!) as Record<string, unknown>;
      const hue = map.hue === undefined ? device.number("hue") : clamp(Number(map.hue), 0, 100);
      const sat = map.saturation === undefined ? device.number("saturation") : clamp(Number(map.saturation), 0, 100);
      const level = map.level === undefined ? device.number("level") : clamp(Number(map.level), 0, 100);
      if (![hue, sat, level].every(Number.isFinite))
        throw new CommandError(400, "setColor: hue, saturation and level must be numbers");
      hub.set(device, "hue", Math.round(hue), d);
      hub.set(device, "saturation", Math.round(sat), d);
      hub.set(device, "level", Math.round(level), d);
      hub.set(device, "colorName", hueName(hue), d);
      hub.set(device, "RGB", hsvHex(hue, sat, 100), d);
      hub.set(device, "color", hsvHex(hue, sat, 100), d);
      hub.set(device, "switch", "on", d);
      return;
    }
    case "setHue":
    case "setSaturation": {
      const attr = name === "setHue" ? "hue" : "saturation";
      hub.set(device, attr, Math.round(clamp(num(0), 0, 100)), d);
      const hex = hsvHex(device.number("hue"), device.number("saturation"), 100);
      hub.set(device, "colorName", hueName(device.number("hue")), d);
      hub.set(device, "RGB", hex, d);
      hub.set(device, "color", hex, d);
      return;
    }
    case "setColorTemperature": {
      const kelvin = Math.round(clamp(num(0), 2000, 6500));
      hub.set(device, "colorTemperature", kelvin, d);
      hub.set(device, "colorName", kelvin < 3000 ? "Warm White" : kelvin < 4500 ? "Neutral White" : "Daylight", d);
      if (args.length > 1) hub.set(device, "level", Math.round(clamp(num(1), 0, 100)), d);
      hub.set(device, "switch", "on", d);
      return;
    }
    case "lock":
    case "unlock":
      hub.set(device, "lock", name === "lock" ? "locked" : "unlocked", d, {
        description: `${device.label} was ${name}ed [digital]`,
      });
      return;
    case "setCode":
      return setCode(hub, device, args, d);
    case "deleteCode":
      return deleteCode(hub, device, num(0), d);
    case "getCodes":
      return getCodes(hub, device);
    case "setCodeLength":
      hub.set(device, "codeLength", Math.round(clamp(num(0), 4, 10)), d);
      return;
    case "arrived":
    case "departed":
      hub.set(device, "presence", name === "arrived" ? "present" : "not present", d);
      return;
    case "push":
    case "hold": {
      const button = Math.round(num(0));
      if (button < 1 || button > device.number("numberOfButtons")) {
        throw new CommandError(400, `${name}: button must be 1 to ${device.number("numberOfButtons")}`);
      }
      hub.set(device, name === "push" ? "pushed" : "held", button, d, {
        force: true,
        description: `${device.label} button ${button} was ${name === "push" ? "pushed" : "held"} [digital]`,
      });
      return;
    }
    case "open":
    case "close":
      return moveShade(hub, device, name === "open" ? 100 : 0);
    case "setPosition":
      return moveShade(hub, device, Math.round(clamp(num(0), 0, 100)));
    case "startPositionChange":
      if (args[0] !== "open" && args[0] !== "close") throw new CommandError(400, "startPositionChange: open or close");
      return moveShade(hub, device, args[0] === "open" ? 100 : 0);
    case "stopPositionChange":
      return stopShade(hub, device);
    default:
      // configure, refresh: nothing a person would see changes.
      return;
  }
}
