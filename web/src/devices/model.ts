import type { DeviceFieldsFragment } from "../gql/graphql";

export type Device = DeviceFieldsFragment;
export type Attribute = Device["attributes"][number];

export function attr(device: Device, name: string): unknown {
  return device.attributes.find((a) => a.name === name)?.value ?? null;
}

export function numberAttr(device: Device, name: string): number | undefined {
  const value = attr(device, name);
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function unitOf(device: Device, name: string): string {
  return device.attributes.find((a) => a.name === name)?.unit ?? "";
}

export function has(device: Device, capability: string): boolean {
  return device.capabilities.includes(capability);
}

/** The device with some attributes replaced: an optimistic answer, or a rollback target. */
export function withAttributes(device: Device, changes: Record<string, unknown>, now = new Date()): Device {
  const updatedAt = now.toISOString();
  const attributes = device.attributes.map((a) =>
    a.name in changes ? { ...a, value: changes[a.name], updatedAt } : a,
  );
  for (const [name, value] of Object.entries(changes)) {
    if (!attributes.some((a) => a.name === name)) {
      attributes.push({
        __typename: "DeviceAttribute",
        name,
        value,
        dataType: null,
        values: null,
        unit: null,
        updatedAt,
      });
    }
  }
  return { ...device, attributes };
}

/** Which controls a device gets, from its capabilities (Hubitat's names), in display order. */
export type ControlKind = "switch" | "level" | "color" | "lock" | "thermostat" | "shade" | "button";

export function controlsFor(device: Device): ControlKind[] {
  const kinds: ControlKind[] = [];
  if (has(device, "Switch")) kinds.push("switch");
  if (has(device, "SwitchLevel")) kinds.push("level");
  if (has(device, "ColorControl")) kinds.push("color");
  if (has(device, "Lock")) kinds.push("lock");
  if (has(device, "Thermostat")) kinds.push("thermostat");
  if (has(device, "WindowShade")) kinds.push("shade");
  if (has(device, "PushableButton")) kinds.push("button");
  return kinds;
}

/** The readings worth showing on a card, as "label: value unit". */
const READINGS: [string, string][] = [
  ["temperature", "Temperature"],
  ["humidity", "Humidity"],
  ["contact", "Contact"],
  ["motion", "Motion"],
  ["presence", "Presence"],
  ["power", "Power"],
  ["battery", "Battery"],
];

export function readingsOf(device: Device): { name: string; label: string; text: string }[] {
  const out: { name: string; label: string; text: string }[] = [];
  for (const [name, label] of READINGS) {
    const value = attr(device, name);
    if (value === null || value === undefined) continue;
    const unit = unitOf(device, name) || (name === "battery" || name === "humidity" ? "%" : "");
    out.push({ name, label, text: `${String(value)}${unit ? (unit === "%" ? "%" : ` ${unit}`) : ""}` });
  }
  return out;
}

export const NO_ROOM = "No room";

/** Devices by room, rooms and devices sorted by name, devices without a room last. */
export function groupByRoom(devices: readonly Device[]): { room: string; devices: Device[] }[] {
  const rooms = new Map<string, Device[]>();
  for (const device of devices) {
    const room = device.room?.trim() || NO_ROOM;
    rooms.set(room, [...(rooms.get(room) ?? []), device]);
  }
  return [...rooms.entries()]
    .sort(([a], [b]) => (a === NO_ROOM ? 1 : b === NO_ROOM ? -1 : a.localeCompare(b)))
    .map(([room, list]) => ({ room, devices: list.sort((a, b) => a.label.localeCompare(b.label)) }));
}

/** Hue and saturation (0–100, Hubitat's scale) as a CSS colour. */
export function hsToHex(hue: number, saturation: number, level = 100): string {
  const h = (hue / 100) * 360;
  const s = saturation / 100;
  const l = Math.max(0.2, Math.min(0.8, 0.5 * (level / 100) + 0.25));
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  const hex = (x: number) =>
    Math.round(x * 255)
      .toString(16)
      .padStart(2, "0");
  return `#${hex(f(0))}${hex(f(8))}${hex(f(4))}`;
}

/** A CSS colour (#rrggbb) as Hubitat's hue and saturation (0–100). */
export function hexToHs(hexColor: string): { hue: number; saturation: number } {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hexColor);
  if (!m) return { hue: 0, saturation: 0 };
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => parseInt(x!, 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  let h = 0;
  if (d) {
    if (max === r) h = ((g - b) / d) % 6;
    else if (max === g) h = (b - r) / d + 2;
    else h = (r - g) / d + 4;
  }
  const hue = Math.round((((h * 60 + 360) % 360) / 360) * 100);
  const l = (max + min) / 2;
  const saturation = d === 0 ? 0 : Math.round((d / (1 - Math.abs(2 * l - 1))) * 100);
  return { hue, saturation: Math.min(100, saturation) };
}

interface StampedAttribute {
  name: string;
  updatedAt?: string | null;
}

/**
 * Merges a device's attributes as they arrive, keeping for each the newer reading: a command's
 * answer (the state before the hub confirmed it) may land after the hub's own newer report.
 */
export function mergeAttributes<A extends StampedAttribute>(
  existing: readonly A[] | undefined,
  incoming: readonly A[],
): A[] {
  if (!existing?.length) return [...incoming];
  const time = (a?: A) => (a?.updatedAt ? Date.parse(a.updatedAt) : Number.NEGATIVE_INFINITY);
  const before = new Map(existing.map((a) => [a.name, a]));
  return incoming.map((a) => {
    const old = before.get(a.name);
    return old && time(old) > time(a) ? { ...a, ...old } : a;
  });
}
