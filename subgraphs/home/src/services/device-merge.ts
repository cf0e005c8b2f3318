// How a device as the hub lists it is merged into Homegraph's copy: first compared without a lock
// (most devices match, and a match costs no write), then applied under the device's row lock,
// each difference counted as a correction of its kind.
import type { StoredAttribute } from "../entities/device-parts.js";
import type { Device } from "../entities/device.entity.js";
import type { Device as HubDevice, DeviceAttribute } from "../hubitat/types.js";
import type { DriftLog } from "./drift.js";

/** JSON with object keys sorted: jsonb stores keys in its own order, the hub in another. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === "object" && typeof b === "object" && canonical(a) === canonical(b);
}

/** The raw string form a value is stored under in device_events (the hub's own form). */
export function rawOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && new Set([...a, ...b]).size === new Set(a).size;

/**
 * `/devices/all` has no dataTypes nor argument types: a device needs its details (two more calls)
 * when Homegraph has never seen it, or when its driver, capabilities or commands changed, or when
 * it reports an attribute whose type is unknown.
 */
export function needsDetails(stored: Device | undefined, fresh: HubDevice): boolean {
  if (!stored || stored.type !== fresh.type) return true;
  if (!sameSet(stored.capabilities, fresh.capabilities)) return true;
  if (
    !sameSet(
      stored.commands.map((c) => c.name),
      fresh.commands.map((c) => c.name),
    )
  )
    return true;
  return fresh.attributes.some((a) => !stored.attributes.find((s) => s.name === a.name)?.dataType);
}

/**
 * Merges what the hub reports into what is stored. A value that changed since an event newer
 * than `since` was stored is left alone: that event knows better than a list read before it.
 */
function mergeAttributes(stored: StoredAttribute[], fresh: DeviceAttribute[], now: Date, since: Date) {
  const changed: StoredAttribute[] = [];
  const attributes = fresh.map((f): StoredAttribute => {
    const prev = stored.find((s) => s.name === f.name);
    const base = {
      name: f.name,
      dataType: f.dataType ?? prev?.dataType ?? null,
      values: f.values ?? prev?.values ?? null,
      unit: prev?.unit ?? null,
    };
    if (!prev) return { ...base, value: f.value, updatedAt: now };
    const prevAt = prev.updatedAt ? new Date(prev.updatedAt) : null;
    if (prevAt && prevAt > since) return { ...base, value: prev.value, updatedAt: prev.updatedAt };
    if (sameValue(prev.value, f.value)) return { ...base, value: prev.value, updatedAt: prev.updatedAt ?? now };
    const next = { ...base, value: f.value, updatedAt: now };
    changed.push(next);
    return next;
  });
  return { attributes, changed };
}

export interface MergeInput {
  fresh: HubDevice;
  /** The device was read in detail: its command list (with argument types) is the hub's. */
  detailed: boolean;
  now: Date;
  /** When the sync began reading the hub: values stored by events after it are kept. */
  since: Date;
}

const commandsOf = (fresh: HubDevice) => fresh.commands.map((c) => ({ name: c.name, argTypes: c.argTypes }));
const commandKey = (c: { name: string; argTypes: string[] }) => `${c.name}(${c.argTypes.join(",")})`;
const timeOf = (at: Date | string | null | undefined) => (at ? new Date(at).getTime() : null);
/** The same attributes, whatever their order (the full list and a device's details order them differently). */
function sameAttributes(a: StoredAttribute[], b: StoredAttribute[]): boolean {
  const byName = new Map(b.map((y) => [y.name, y]));
  return (
    a.length === b.length &&
    a.every((x) => {
      const y = byName.get(x.name);
      return (
        y !== undefined &&
        sameValue(x.value, y.value) &&
        (x.dataType ?? null) === (y.dataType ?? null) &&
        sameValue(x.values ?? null, y.values ?? null) &&
        (x.unit ?? null) === (y.unit ?? null) &&
        timeOf(x.updatedAt) === timeOf(y.updatedAt)
      );
    })
  );
}

/** Whether merging would change anything stored: a device that matches the hub is not written. */
export function differs(stored: Device | undefined, { fresh, detailed, now, since }: MergeInput): boolean {
  if (!stored || stored.removedAt || !stored.online) return true;
  if (stored.label !== fresh.label || (stored.name ?? null) !== (fresh.name ?? null)) return true;
  if ((stored.type ?? null) !== (fresh.type ?? null) || (stored.room ?? null) !== (fresh.room ?? null)) return true;
  if (!sameSet(stored.capabilities, fresh.capabilities)) return true;
  if (detailed && !sameSet(stored.commands.map(commandKey), commandsOf(fresh).map(commandKey))) return true;
  if (!stored.lastEventAt && fresh.lastActivityAt) return true;
  return !sameAttributes(
    mergeAttributes(stored.attributes, fresh.attributes, now, since).attributes,
    stored.attributes,
  );
}

/**
 * Applies the hub's view to the (locked) device and counts each correction; the attributes whose
 * value changed, for the SYNC events that record them.
 */
export function applyHubDevice(
  device: Device,
  isNew: boolean,
  { fresh, detailed, now, since }: MergeInput,
  drift: DriftLog,
): StoredAttribute[] {
  const { attributes, changed } = mergeAttributes(device.attributes, fresh.attributes, now, since);
  const hubDeviceId = device.hubDeviceId;
  if (isNew) drift.correct("added", { hubDeviceId, label: fresh.label });
  else {
    if (device.removedAt) drift.correct("returned", { hubDeviceId, label: fresh.label, removedAt: device.removedAt });
    if (device.label !== fresh.label) drift.correct("label", { hubDeviceId, from: device.label, to: fresh.label });
    if ((device.room ?? null) !== (fresh.room ?? null)) {
      drift.correct("room", { hubDeviceId, from: device.room ?? null, to: fresh.room ?? null });
    }
    const before = new Map(device.attributes.map((a) => [a.name, a.value]));
    for (const a of changed) {
      drift.correct("attributeValue", { hubDeviceId, attribute: a.name, from: before.get(a.name), to: a.value });
    }
  }
  device.label = fresh.label;
  device.name = fresh.name;
  device.type = fresh.type;
  device.room = fresh.room;
  device.capabilities = fresh.capabilities;
  device.attributes = attributes;
  if (detailed || isNew) device.commands = commandsOf(fresh);
  device.online = true;
  device.removedAt = null;
  device.syncedAt = now;
  device.lastEventAt ??= fresh.lastActivityAt ?? null;
  return changed;
}
