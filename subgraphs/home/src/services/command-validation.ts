// Commands are checked here against the device's own command list and argument types, and the
// hub's mode, HSM and variable changes against what the hub holds, so that a mistake is a
// BAD_USER_INPUT naming the field, and the hub (which answers a bad command with an opaque 400,
// or worse, runs it with a default) never sees it.
import { BadUserInputError } from "@homegraph/common";
import type { Device } from "../entities/device.entity.js";
import type { HubState } from "../entities/hub-state.entity.js";
import type { CommandArg } from "../hubitat/maker-api.client.js";
import type { HubMode } from "../hubitat/types.js";

export const HSM_COMMANDS = ["armAway", "armHome", "armNight", "disarm", "disarmAll", "armAll", "cancelAlerts"];

/**
 * Arguments a command needs at least; Hubitat drivers take trailing arguments as optional
 * (setLevel's duration, setColorTemperature's level and transition time), so one is the default.
 */
const REQUIRED_ARGS: Record<string, number> = { setCode: 2 };

const COLOR_KEYS = ["hue", "saturation", "level"] as const;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Values an ENUM argument of `command` may take, from the device's attributes; null when unknown. */
export function enumValuesFor(device: Device, command: string): string[] | null {
  const base = command.replace(/^set/, "");
  const attribute = base.charAt(0).toLowerCase() + base.slice(1);
  const supported = device.attributes.find((a) => a.name === `supported${base}s`)?.value;
  if (Array.isArray(supported) && supported.length) return supported.map(String);
  if (typeof supported === "string") {
    try {
      const parsed = JSON.parse(supported) as unknown;
      if (Array.isArray(parsed) && parsed.length) return parsed.map(String);
    } catch {
      // not JSON: fall back to the attribute's values
    }
  }
  const values = device.attributes.find((a) => a.name === attribute)?.values;
  return values?.length ? values : null;
}

function checkArg(device: Device, command: string, type: string, value: unknown, field: string): CommandArg {
  const where = `${command}'s argument ${field.replace(/^args\[(\d+)\]$/, (_, i: string) => String(Number(i) + 1))}`;
  switch (type) {
    case "NUMBER":
    case "DECIMAL":
    case "INTEGER":
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new BadUserInputError(`${where} must be a number (${type}); got ${describe(value)}.`, field);
      }
      if (type === "INTEGER" && !Number.isInteger(value)) {
        throw new BadUserInputError(`${where} must be a whole number; got ${value}.`, field);
      }
      return value;
    case "ENUM": {
      if (typeof value !== "string" || value === "") {
        throw new BadUserInputError(
          `${where} must be one of the device's values (ENUM); got ${describe(value)}.`,
          field,
        );
      }
      const allowed = enumValuesFor(device, command);
      if (allowed && !allowed.includes(value)) {
        throw new BadUserInputError(`${where} must be one of ${allowed.join(", ")}; got "${value}".`, field);
      }
      return value;
    }
    case "COLOR_MAP": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new BadUserInputError(
          `${where} must be a colour map like {"hue": 88, "saturation": 50, "level": 90}; got ${describe(value)}.`,
          field,
        );
      }
      const map = value as Record<string, unknown>;
      const unknown = Object.keys(map).filter((k) => !(COLOR_KEYS as readonly string[]).includes(k));
      if (unknown.length || !Object.keys(map).length) {
        throw new BadUserInputError(`${where} takes hue, saturation and level (0 to 100) only.`, field);
      }
      for (const key of COLOR_KEYS) {
        const v = map[key];
        if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 100)) {
          throw new BadUserInputError(`${where}: ${key} must be a number from 0 to 100.`, field);
        }
      }
      return map;
    }
    case "JSON_OBJECT":
      if (typeof value !== "object" || value === null) {
        throw new BadUserInputError(`${where} must be a JSON object or list; got ${describe(value)}.`, field);
      }
      return value as Record<string, unknown>;
    default:
      // STRING, DATE and types yet unknown: the hub reads the path segment as text.
      if (typeof value === "string") return value;
      if (typeof value === "number" && Number.isFinite(value)) return String(value);
      throw new BadUserInputError(`${where} must be text (${type}); got ${describe(value)}.`, field);
  }
}

/**
 * The command and its arguments as they may go to the hub, or a BAD_USER_INPUT naming `command`
 * or `args[i]`: the command must be one the device lists, the count within what it takes, and
 * each argument of its declared type.
 */
export function validateCommand(device: Device, command: string, args: readonly unknown[]): CommandArg[] {
  const spec = device.commands.find((c) => c.name === command);
  if (!spec) {
    const known = device.commands.map((c) => c.name).join(", ") || "none";
    throw new BadUserInputError(`${device.label} has no command "${command}". Its commands: ${known}.`, "command");
  }
  const max = spec.argTypes.length;
  const min = Math.min(max, REQUIRED_ARGS[command] ?? Math.min(1, max));
  if (args.length < min || args.length > max) {
    const takes =
      max === 0
        ? "no arguments"
        : `${min === max ? max : `${min} to ${max}`} argument${max === 1 ? "" : "s"} (${spec.argTypes.join(", ")})`;
    throw new BadUserInputError(`${command} takes ${takes}; got ${args.length}.`, "args");
  }
  return args.map((value, i) => checkArg(device, command, spec.argTypes[i]!, value, `args[${i}]`));
}

/** A number argument of a typed convenience, checked before the command is looked at. */
export function checkRange(value: number, min: number, max: number, field: string): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new BadUserInputError(`${field} must be from ${min} to ${max}; got ${value}.`, field);
  }
  return value;
}

/** The hub's mode called `name` (any case, surrounding spaces ignored). */
export function findMode(state: HubState, name: string): HubMode {
  const mode = state.modes.find((m) => m.name.toLowerCase() === name.trim().toLowerCase());
  if (!mode) {
    const known = state.modes.map((m) => m.name).join(", ");
    throw new BadUserInputError(
      known ? `There is no mode "${name}": use one of ${known}.` : `The hub's modes are not known yet.`,
      "mode",
    );
  }
  return mode;
}

export function checkHsmCommand(command: string): void {
  if (!HSM_COMMANDS.includes(command)) {
    throw new BadUserInputError(`HSM takes ${HSM_COMMANDS.join(", ")}; got "${command}".`, "value");
  }
}

/** A value for the hub variable `name`, checked against the type the hub gives it. */
export function checkHubVariable(state: HubState, name: string, value: string): void {
  const variable = state.variables.find((v) => v.name === name);
  if (!variable) {
    throw new BadUserInputError(`The hub has no variable "${name}".`, "name");
  }
  const type = variable.type?.toLowerCase();
  const wrong =
    (type === "integer" && !/^-?\d{1,18}$/.test(value)) ||
    (type === "boolean" && value !== "true" && value !== "false") ||
    ((type === "bigdecimal" || type === "decimal") && !/^-?\d+(\.\d+)?$/.test(value)) ||
    value.length > 1024;
  if (wrong) {
    throw new BadUserInputError(
      value.length > 1024 ? "value must be at most 1024 characters." : `${name} holds a ${type}; got "${value}".`,
      "value",
    );
  }
}
