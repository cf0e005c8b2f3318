// Turns what the Maker API sends into Homegraph's types. Every function takes `unknown`: real hubs
// send values typed in one endpoint and strings in another, nulls as null or as the string "null",
// attributes and commands twice, and a few leftovers (see subgraphs/home/test/fixtures/hubitat/README.md).
import type {
  AttributeValue,
  Device,
  DeviceAttribute,
  DeviceCommand,
  DeviceHistoryEvent,
  DeviceSummary,
  HubEvent,
  HubEventKind,
  HubMode,
  HubVariable,
  RawAttribute,
  RawDeviceDetails,
  RawEventContent,
} from "./types.js";

/** Looks up an attribute's dataType (from an earlier `/devices/{id}`), to cast string values. */
export type DataTypeLookup = (deviceId: string, attribute: string) => string | null | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** null, undefined and the eventsocket's "null" are all absent. */
export function absent(value: unknown): value is null | undefined | "null" {
  return value === null || value === undefined || value === "null";
}

/** A string for strings and numbers (ids arrive as both), else null. */
export function text(value: unknown): string | null {
  if (absent(value)) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/**
 * Casts a value by the hub's dataType: NUMBER to a number (null when it is not one), BOOL to a
 * boolean, JSON_OBJECT parsed (kept as the string when it is not JSON), everything else a string.
 * Without a dataType the value is kept as the hub sent it.
 */
export function castValue(value: unknown, dataType: string | null | undefined): AttributeValue {
  if (absent(value)) return null;
  switch (dataType) {
    case "NUMBER": {
      if (typeof value === "number") return Number.isFinite(value) ? value : null;
      if (typeof value !== "string" || value.trim() === "") return null;
      const n = Number(value);
      return Number.isFinite(n) ? n : null;
    }
    case "BOOL":
      if (typeof value === "boolean") return value;
      if (value === "true" || value === "false") return value === "true";
      return null;
    case "JSON_OBJECT":
      if (typeof value === "object") return value as AttributeValue;
      if (typeof value !== "string") return String(value);
      try {
        return JSON.parse(value) as AttributeValue;
      } catch {
        return value;
      }
    case undefined:
    case null:
      return typeof value === "object" ? (value as AttributeValue) : (text(value) ?? null);
    default:
      // ENUM, STRING, DYNAMIC_ENUM, DATE, VECTOR3 and types yet unknown stay strings.
      return typeof value === "object" ? JSON.stringify(value) : text(value);
  }
}

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
      value: castValue(item.currentValue, dataType),
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

/** The hub's dates: `2022-03-03T14:20:00+0000` (no colon in the offset, which Date accepts anyway). */
export function parseHubDate(value: unknown): Date | null {
  const s = text(value);
  if (!s) return null;
  const date = new Date(s.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(date.getTime()) ? null : date;
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
      attributes.push({ name, value: castValue(value, dataType), dataType, values: null });
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

export function normalizeModes(raw: unknown): HubMode[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).flatMap((m) => {
    const id = text(m.id);
    const name = text(m.name);
    return id && name ? [{ id, name, active: m.active === true || m.active === "true" }] : [];
  });
}

/** `/hsm` and `/hsm/{value}` answer `{"hsm": "armedAway"}`. */
export function normalizeHsm(raw: unknown): string | null {
  return isObject(raw) ? text(raw.hsm) : null;
}

/** `/hubvariables` (a list) or `/hubvariables/{name}[/{value}]` (one). */
export function normalizeHubVariables(raw: unknown): HubVariable[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter(isObject).flatMap((v) => {
    const name = text(v.name);
    return name ? [{ name, value: text(v.value), type: text(v.type) }] : [];
  });
}

/** `/devices/{id}/events` rows: strings throughout, `device_id` instead of `deviceId`. */
export function normalizeDeviceHistory(raw: unknown, dataTypeOf?: DataTypeLookup): DeviceHistoryEvent[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).flatMap((row) => {
    const deviceId = text(row.device_id ?? row.deviceId);
    const name = text(row.name);
    if (!deviceId || !name) return [];
    const rawValue = text(row.value);
    return [
      {
        deviceId,
        name,
        value: castValue(rawValue, dataTypeOf?.(deviceId, name)),
        rawValue,
        unit: text(row.unit),
        date: parseHubDate(row.date),
      },
    ];
  });
}

function kindOf(deviceId: string | null, name: string): HubEventKind {
  if (deviceId) return "device";
  if (name === "mode") return "mode";
  if (name === "hsmStatus") return "hsm";
  if (name === "systemStart") return "systemStart";
  return "location";
}

/**
 * An event from either path: a postURL body (`{"content": {...}}`, deviceId a string or null) or
 * an eventsocket frame (deviceId a number, 0 when not a device; nulls as "null"; `type` possibly
 * missing). Null when it is not an event at all.
 */
export function normalizeEvent(
  raw: unknown,
  options: { dataTypeOf?: DataTypeLookup; now?: Date } = {},
): HubEvent | null {
  const content = (isObject(raw) && isObject(raw.content) ? raw.content : raw) as RawEventContent;
  if (!isObject(content)) return null;
  const name = text(content.name);
  if (!name) return null;
  const id = text(content.deviceId);
  const deviceId = id === null || id === "0" || id === "" ? null : id;
  const source = text(content.source) ?? (deviceId ? "DEVICE" : "LOCATION");
  const rawValue = text(content.value);
  const dataType = deviceId ? (options.dataTypeOf?.(deviceId, name) ?? null) : null;
  return {
    kind: kindOf(deviceId, name),
    deviceId,
    source,
    name,
    value: castValue(rawValue, dataType),
    rawValue,
    dataType,
    unit: text(content.unit),
    displayName: text(content.displayName),
    descriptionText: text(content.descriptionText),
    type: text(content.type),
    receivedAt: options.now ?? new Date(),
  };
}

/**
 * Drops an event that repeats the same device, attribute and value within `windowMs`: what a hub
 * posting and streaming the same change, or a driver reporting it twice, produces. A change back
 * and forth (on, off, on) is never dropped.
 */
export class EventDeduper {
  private readonly last = new Map<string, { value: string | null; at: number }>();

  constructor(
    private readonly windowMs = 1500,
    private readonly maxKeys = 10_000,
  ) {}

  /** True when `event` should be dropped; otherwise remembers it. */
  isDuplicate(event: Pick<HubEvent, "deviceId" | "name" | "rawValue" | "receivedAt">): boolean {
    const key = `${event.deviceId ?? "location"}\u0000${event.name}`;
    const at = event.receivedAt.getTime();
    const previous = this.last.get(key);
    if (previous && previous.value === event.rawValue && at - previous.at < this.windowMs) return true;
    this.last.delete(key);
    this.last.set(key, { value: event.rawValue, at });
    // Insertion order is age order: the oldest key goes first when the map is full.
    if (this.last.size > this.maxKeys) this.last.delete(this.last.keys().next().value!);
    return false;
  }
}
