import type { RunningSimulator } from "../../../../hub-simulator/src/app";
import { withoutLockCodes } from "../hubitat/lock-codes";

// Homegraph's devices (as its GraphQL answers an admin, who sees every attribute) against the hub's
// own list (`/devices/all` through the Maker API, as a person checking by hand would): the
// differences in words, none when equal.

/** What a test reads of every device, removed ones included. */
export const DEVICES_AS_STORED = `{ devices { id hubDeviceId label room removed attributes { name value } } }`;

export interface StoredDevice {
  id: string;
  hubDeviceId: string;
  label: string;
  room: string | null;
  removed: boolean;
  attributes: { name: string; value: unknown }[];
}

interface ListedDevice {
  id: string;
  label: string;
  room?: string | null;
  attributes: Record<string, string | null>;
}

/** `/devices/all`'s attribute map carries the last attribute's `dataType` and `values`, which are not attributes. */
const NOT_ATTRIBUTES = new Set(["dataType", "values"]);

/** JSON with object keys sorted: the same value reads the same whatever the key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** The hub sends every value as a string: a JSON_OBJECT's is its JSON text. */
function sameValue(stored: unknown, listed: string | null): boolean {
  if (stored !== null && typeof stored === "object") {
    try {
      return listed !== null && canonical(stored) === canonical(JSON.parse(listed));
    } catch {
      return false;
    }
  }
  return String(stored ?? null) === String(listed ?? null);
}

export async function hubDevicesAll(sim: RunningSimulator): Promise<ListedDevice[]> {
  const res = await fetch(`${sim.makerApiUrl}/devices/all?access_token=${sim.accessToken}`);
  if (!res.ok) throw new Error(`/devices/all answered ${res.status}`);
  return (await res.json()) as ListedDevice[];
}

export async function differencesFromHub(sim: RunningSimulator, stored: StoredDevice[]): Promise<string[]> {
  const listed = new Map((await hubDevicesAll(sim)).map((d) => [String(d.id), d]));
  const differences: string[] = [];
  for (const device of stored) {
    const onHub = listed.get(device.hubDeviceId);
    if (!onHub) {
      if (!device.removed) differences.push(`${device.hubDeviceId}: not on the hub, not marked removed`);
      continue;
    }
    listed.delete(device.hubDeviceId);
    if (device.removed) differences.push(`${device.hubDeviceId}: on the hub, marked removed`);
    if (device.label !== onHub.label) differences.push(`${device.hubDeviceId}: label ${device.label} ≠ ${onHub.label}`);
    if (device.room !== (onHub.room ?? null)) {
      differences.push(`${device.hubDeviceId}: room ${device.room} ≠ ${onHub.room ?? null}`);
    }
    const hubNames = Object.keys(onHub.attributes).filter((name) => !NOT_ATTRIBUTES.has(name));
    const storedNames = device.attributes.map((a) => a.name);
    if ([...hubNames].sort().join() !== [...storedNames].sort().join()) {
      differences.push(`${device.hubDeviceId}: attributes ${storedNames.sort().join()} ≠ ${hubNames.sort().join()}`);
    }
    for (const { name, value } of device.attributes) {
      // Homegraph keeps a lock's code names, never its codes: the hub's value compares without them.
      const listed = withoutLockCodes(name, onHub.attributes[name] ?? null) as string | null;
      if (name in onHub.attributes && !sameValue(value, listed)) {
        differences.push(`${device.hubDeviceId}.${name}: ${JSON.stringify(value)} ≠ ${onHub.attributes[name]}`);
      }
    }
  }
  for (const id of listed.keys()) differences.push(`${id}: on the hub, not in Homegraph`);
  return differences;
}
