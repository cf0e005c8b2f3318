// The Maker API's device endpoints (`/devices`, `/devices/all`, `/devices/{id}` and its
// capabilities and commands) as Homegraph's devices: each attribute and command once, values cast.
import { withoutLockCodes } from "./lock-codes.js";
import { castValue, isObject, parseHubDate, text, type DataTypeLookup } from "./normalize.js";
import type { Device, DeviceAttribute, DeviceCommand, DeviceSummary, RawAttribute, RawDeviceDetails } from "./types.js";

/** `/devices/{id}` attributes: each name once (the first), value cast by its dataType. */
export function normalizeAttributes(raw: unknown): DeviceAttribute[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const out: DeviceAttribute[] = [];
  for (const item of raw as RawAttribute[]) {
    if (!isObject(item)) continue;
    const name = text(item.name);
    if (!name || seen.has(name)) continue;
    seen.add(name);
    const dataType = text(item.dataType);
    out.push({
      name,
      value: castValue(withoutLockCodes(name, item.currentValue), dataType),
      dataType,
      values: Array.isArray(item.values) ? item.values.map(String) : null,
    });
  }
  return out;
}

/** Capability names from a list that mixes names and `{attributes: [...]}` objects; each once. */
export function normalizeCapabilityNames(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return [...new Set(raw.filter((c): c is string => typeof c === "string" && c !== ""))];
}

/**
 * `/devices/{id}/capabilities`: the capability names, and the attributes it describes (values as
 * strings there, cast here) for a caller that wants their dataTypes.
 */
export function normalizeCapabilitiesResponse(raw: unknown): { capabilities: string[]; attributes: DeviceAttribute[] } {
  const list = isObject(raw) ? raw.capabilities : raw;
  if (!Array.isArray(list)) return { capabilities: [], attributes: [] };
  const attributes = list.filter(isObject).flatMap((c) => (Array.isArray(c.attributes) ? c.attributes : []));
  return { capabilities: normalizeCapabilityNames(list), attributes: normalizeAttributes(attributes) };
}

/**
 * Argument types of Hubitat's standard capability commands, for when only command names are known
 * (`/devices/{id}` and `/devices/all` list no types; `/devices/{id}/commands` does).
 */
export const STANDARD_COMMAND_ARGS: Record<string, string[]> = {
  on: [],
  off: [],
  refresh: [],
  configure: [],
  lock: [],
  unlock: [],
  open: [],
  close: [],
  stopPositionChange: [],
  auto: [],
  cool: [],
  heat: [],
  emergencyHeat: [],
  fanAuto: [],
  fanCirculate: [],
  fanOn: [],
  arrived: [],
  departed: [],
  setLevel: ["NUMBER", "NUMBER"],
  setColor: ["COLOR_MAP"],
  setHue: ["NUMBER"],
  setSaturation: ["NUMBER"],
  setColorTemperature: ["NUMBER", "NUMBER", "NUMBER"],
  setHeatingSetpoint: ["NUMBER"],
  setCoolingSetpoint: ["NUMBER"],
  setThermostatMode: ["ENUM"],
  setThermostatFanMode: ["ENUM"],
  setPosition: ["NUMBER"],
  startPositionChange: ["ENUM"],
  push: ["NUMBER"],
  hold: ["NUMBER"],
  doubleTap: ["NUMBER"],
  release: ["NUMBER"],
  setCode: ["NUMBER", "STRING", "STRING"],
  deleteCode: ["NUMBER"],
  setSpeed: ["ENUM"],
  setVolume: ["NUMBER"],
  speak: ["STRING"],
};

/**
 * Commands from any of the hub's three shapes: `["on", "on"]` (`/devices/{id}`), `[{command}]`
 * (`/devices/all`) or `[{command, type: [...]}]` (`/devices/{id}/commands`, where a command
 * without arguments is typed `["n/a"]`). Each command once.
 */
export function normalizeCommands(raw: unknown): (DeviceCommand & { argTypesKnown: boolean })[] {
  if (!Array.isArray(raw)) return [];
  const byName = new Map<string, DeviceCommand & { argTypesKnown: boolean }>();
  for (const item of raw) {
    const name = typeof item === "string" ? item : isObject(item) ? text(item.command ?? item.name) : null;
    if (!name || byName.has(name)) continue;
    const declared = isObject(item) && Array.isArray(item.type) ? item.type.map(String) : undefined;
    if (declared) {
      byName.set(name, { name, argTypes: declared.filter((t) => t !== "n/a"), argTypesKnown: true });
    } else {
      const standard = STANDARD_COMMAND_ARGS[name];
      byName.set(name, { name, argTypes: standard ?? [], argTypesKnown: standard !== undefined });
    }
  }
  return [...byName.values()];
}

function summaryFrom(raw: RawDeviceDetails): DeviceSummary | null {
  const hubId = text(raw.id);
  if (!hubId) return null;
  const name = text(raw.name) ?? "";
  const label = text(raw.label) || name || `Device ${hubId}`;
  return { hubId, label, name: name || label, type: text(raw.type), room: text(raw.room) };
}

/** One entry of `/devices` (id, name, label, and on newer firmware type and room). */
export function normalizeDeviceSummary(raw: unknown): DeviceSummary | null {
  return isObject(raw) ? summaryFrom(raw) : null;
}

export function normalizeDeviceList(raw: unknown): DeviceSummary[] {
  return Array.isArray(raw) ? raw.map(normalizeDeviceSummary).filter((d): d is DeviceSummary => d !== null) : [];
}

/**
 * `/devices/{id}`. `commandTypes`, from `/devices/{id}/commands`, gives the argument types the
 * details leave out; without it the standard capabilities' types are used.
 */
export function normalizeDevice(raw: unknown, commandTypes?: unknown): Device | null {
  if (!isObject(raw)) return null;
  const summary = summaryFrom(raw);
  if (!summary) return null;
  const typed = commandTypes === undefined ? [] : normalizeCommands(commandTypes);
  const commands = normalizeCommands(raw.commands).map(
    ({ name, argTypes }) => typed.find((t) => t.name === name) ?? { name, argTypes },
  );
  return {
    ...summary,
    capabilities: normalizeCapabilityNames(raw.capabilities),
    attributes: normalizeAttributes(raw.attributes),
    commands: commands.map(({ name, argTypes }) => ({ name, argTypes })),
  };
}

/**
 * One entry of `/devices/all`: `attributes` is a map of strings with no dataTypes, and carries
 * the keys `dataType` and `values` as leftovers of the hub's serialisation (not attributes).
 * `dataTypeOf` casts values whose type an earlier `/devices/{id}` revealed.
 */
export function normalizeFullDevice(raw: unknown, dataTypeOf?: DataTypeLookup): Device | null {
  if (!isObject(raw)) return null;
  const summary = summaryFrom(raw);
  if (!summary) return null;
  const attributes: DeviceAttribute[] = [];
  if (isObject(raw.attributes)) {
    for (const [name, value] of Object.entries(raw.attributes)) {
      if (name === "dataType" || name === "values") continue;
      const dataType = dataTypeOf?.(summary.hubId, name) ?? null;
      attributes.push({ name, value: castValue(withoutLockCodes(name, value), dataType), dataType, values: null });
    }
  } else if (Array.isArray(raw.attributes)) {
    attributes.push(...normalizeAttributes(raw.attributes));
  }
  return {
    ...summary,
    capabilities: normalizeCapabilityNames(raw.capabilities),
    attributes,
    commands: normalizeCommands(raw.commands).map(({ name, argTypes }) => ({ name, argTypes })),
    lastActivityAt: parseHubDate(raw.date),
  };
}

export function normalizeFullDeviceList(raw: unknown, dataTypeOf?: DataTypeLookup): Device[] {
  return Array.isArray(raw)
    ? raw.map((d) => normalizeFullDevice(d, dataTypeOf)).filter((d): d is Device => d !== null)
    : [];
}
