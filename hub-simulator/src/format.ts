// The Maker API's answers, shaped as a real hub shapes them (see subgraphs/home/test/fixtures/hubitat):
// quirks included, because the point of the simulator is that a client which copes with it copes
// with a real hub.
import { CAPABILITIES, type AttributeSpec } from "./capabilities.js";
import type { Hub, HubEvent, VirtualDevice } from "./hub.js";

/** The hub's date format: `2021-06-08T01:08:20+0000`. */
export function hubDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "+0000");
}

/** `/devices/{id}` types `currentValue` (numbers as numbers), unlike `/devices/all` and `/capabilities`. */
function typedValue(spec: AttributeSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (spec.dataType === "NUMBER") return Number(value);
  return String(value);
}

function stringValue(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Capabilities as `/devices/{id}` lists them: each name, then an object naming its attributes (dataType null). */
function capabilityList(device: VirtualDevice) {
  return device.def.capabilities.flatMap((name) => {
    const attributes = device.attributes.filter((a) => capabilityAttributes(name).includes(a.name));
    const unique = attributes.filter((a, i) => attributes.findIndex((b) => b.name === a.name) === i);
    return unique.length ? [name, { attributes: unique.map((a) => ({ name: a.name, dataType: null })) }] : [name];
  });
}

function capabilityAttributes(capability: string): string[] {
  return (CAPABILITIES[capability]?.attributes ?? []).map((a) => a.name);
}

export function deviceSummary(device: VirtualDevice) {
  return {
    id: device.id,
    name: device.def.driver,
    label: device.label,
    type: device.def.driver,
    room: device.room,
  };
}

/**
 * `/devices/{id}`: attributes sorted by name with a shared attribute listed once per capability
 * that declares it (Switch + Light → `switch` twice), commands sorted with the same duplicates.
 */
export function deviceDetails(device: VirtualDevice) {
  return {
    ...deviceSummary(device),
    attributes: [...device.attributes].sort(byName).map((a) => ({
      name: a.name,
      currentValue: typedValue(a, device.get(a.name)),
      dataType: a.dataType,
      ...(a.values ? { values: a.values } : {}),
    })),
    capabilities: capabilityList(device),
    commands: device.commands.map((c) => c.name).sort(),
  };
}

/**
 * `/devices/all` (firmware 2.3+): `attributes` is a flat map of strings, carrying the last
 * attribute's `dataType` and `values` as if they were attributes; commands are `[{command}]`.
 */
export function deviceFull(device: VirtualDevice) {
  const attributes: Record<string, string | null> = {};
  const last = device.attributes[device.attributes.length - 1];
  if (last) Object.assign(attributes, { dataType: last.dataType, values: null });
  for (const a of device.attributes) attributes[a.name] = stringValue(device.get(a.name));
  const commands = [...new Set(device.commands.map((c) => c.name))];
  return {
    name: device.def.driver,
    label: device.label,
    type: device.def.driver,
    id: device.id,
    date: hubDate(device.lastActivity),
    model: null,
    manufacturer: null,
    room: device.room,
    capabilities: device.def.capabilities,
    attributes,
    commands: commands.map((command) => ({ command })),
  };
}

/** `/devices/{id}/commands`: each command once, a command without arguments typed `["n/a"]`. */
export function deviceCommands(device: VirtualDevice) {
  const seen = new Set<string>();
  return [...device.commands]
    .sort(byName)
    .filter((c) => !seen.has(c.name) && seen.add(c.name))
    .map((c) => ({ command: c.name, type: c.argTypes.length ? c.argTypes : ["n/a"] }));
}

/** `/devices/{id}/capabilities`: like the details' list, but with string values and enum values. */
export function deviceCapabilities(device: VirtualDevice) {
  return {
    capabilities: device.def.capabilities.flatMap((name) => {
      const names = [...new Set(capabilityAttributes(name))];
      if (!names.length) return [name];
      return [
        name,
        {
          attributes: names.map((n) => {
            const spec = device.attribute(n)!;
            return {
              name: n,
              currentValue: stringValue(device.get(n)),
              dataType: spec.dataType,
              values: spec.values ?? null,
            };
          }),
        },
      ];
    }),
  };
}

/** `/devices/{id}/events`: newest first, every value a string, `isStateChange` null as captured. */
export function deviceEvents(device: VirtualDevice) {
  return device.history.map((e) => ({
    device_id: device.id,
    label: device.label,
    name: e.name,
    value: e.value,
    date: hubDate(e.date),
    unit: e.unit,
    isStateChange: null,
    source: e.source,
  }));
}

export function modes(hub: Hub) {
  return hub.modes.map((m) => ({ active: m.name === hub.mode, id: m.id, name: m.name }));
}

/**
 * The body POSTed to the registered URL: `deviceId` a string (null for location events), no
 * `type` key on device events that have none (as in the Loft Fan capture).
 */
export function postBody(event: HubEvent) {
  const content: Record<string, unknown> = {
    name: event.name,
    value: event.value,
    displayName: event.displayName,
    deviceId: event.deviceId,
    descriptionText: event.descriptionText,
    unit: event.unit,
  };
  if (event.type !== null || event.source !== "DEVICE") content.type = event.type;
  // Hubitat's event data is a string (a lock code's entry as JSON, or encrypted); null on most events.
  content.data = event.data ?? null;
  return { content };
}

const q = (value: string | null) => JSON.stringify(value ?? "null");

/**
 * One eventsocket frame, spaced as the hub's template spaces it: `deviceId` a number (0 when not a
 * device), nulls as the string "null", and no `type` at all on physical device events.
 */
export function socketFrame(event: HubEvent): string {
  const typePart = event.source === "DEVICE" && event.type === "physical" ? "" : `, "type" : ${q(event.type)}`;
  const numeric = Number(event.deviceId);
  const deviceId = event.deviceId !== null && Number.isSafeInteger(numeric) ? numeric : 0;
  return (
    `{ "source":${q(event.source)},"name":${q(event.name)},"displayName" : ${q(event.displayName)}, ` +
    `"value" : ${q(event.value)}${typePart}, "unit":${q(event.unit)},"deviceId":${deviceId},"hubId":0,` +
    `"installedAppId":0,"descriptionText" : ${q(event.descriptionText)}}`
  );
}
