import { ForbiddenError, NotFoundError } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type DataLoader from "dataloader";
import type { Device } from "../entities/device.entity.js";
import { AccessLevel, atLeast, SecureCapability, type AccessView } from "./access-model.js";
import { findDevice } from "./device.service.js";

/** What a resolver needs to judge a device: the request's database and the caller's access. */
export interface AccessScope {
  em: EntityManager;
  access: () => Promise<AccessView>;
}

/** The same answer as for a device that does not exist: NONE must give no hint that it does. */
const noSuchDevice = (id: string | number) => new NotFoundError(`There is no device ${id}.`);

/** Refusal of a command on a device the caller may only VIEW, naming the grant missing. */
export function controlRefused(device: Pick<Device, "id" | "label">, secure: boolean): ForbiddenError {
  const message = secure
    ? `${device.label} is a secure device: controlling it needs a CONTROL grant for this very device from an admin.`
    : `You may only view ${device.label}: controlling it needs CONTROL, which an admin grants per room or device.`;
  return new ForbiddenError(message, { requiredAccess: AccessLevel.CONTROL, deviceId: String(device.id) });
}

/** The device if the caller may at least VIEW it; NOT_FOUND otherwise, exactly as for no device. */
export async function visibleDevice(scope: AccessScope, id: string | number): Promise<Device> {
  const [device, view] = await Promise.all([findDevice(scope.em, Number(id)), scope.access()]);
  if (!device || !view.canView(device)) throw noSuchDevice(id);
  return device;
}

/** The device if the caller may CONTROL it; NOT_FOUND when they may not see it, FORBIDDEN when they may only see it. */
export async function controllableDevice(scope: AccessScope, id: string | number): Promise<Device> {
  const [device, view] = await Promise.all([findDevice(scope.em, Number(id)), scope.access()]);
  if (!device) throw noSuchDevice(id);
  const { level, secure } = view.resolve(device);
  if (!atLeast(level, AccessLevel.VIEW)) throw noSuchDevice(id);
  if (level !== AccessLevel.CONTROL) throw controlRefused(device, secure);
  return device;
}

/** Only the devices the caller may at least VIEW, in their order. */
export async function visibleOnly<D extends Pick<Device, "id" | "room" | "capabilities">>(
  scope: Pick<AccessScope, "access">,
  devices: D[],
): Promise<D[]> {
  const view = await scope.access();
  return view.isAdmin ? devices : devices.filter((d) => view.canView(d));
}

/**
 * The rooms with a device this person may see, each counting those. A room's devices come from
 * `roomDevices`, the loader each room's `devices` field reads next (every room in one prepared
 * query), so a member's dashboard reads what an admin's does, plus their access.
 */
export async function roomsVisibleTo(
  scope: Pick<AccessScope, "access">,
  rooms: { name: string; deviceCount: number }[],
  roomDevices: Pick<DataLoader<string, Device[]>, "loadMany">,
): Promise<{ name: string; deviceCount: number }[]> {
  const byRoom = await roomDevices.loadMany(rooms.map((r) => r.name));
  const seen: { name: string; deviceCount: number }[] = [];
  for (const [i, { name }] of rooms.entries()) {
    const devices = byRoom[i];
    if (devices instanceof Error) throw devices;
    const deviceCount = (await visibleOnly(scope, devices!)).length;
    if (deviceCount) seen.push({ name, deviceCount });
  }
  return seen.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const CAPABILITY_NAMES: Record<SecureCapability, string> = {
  [SecureCapability.HSM]: "the alarm (Hubitat Safety Monitor)",
  [SecureCapability.MODE]: "the hub's mode",
};

/**
 * The alarm or the mode, at the level asked, or FORBIDDEN naming the grant missing (the hub's
 * existence is no secret, so VIEW missing is FORBIDDEN too, not NOT_FOUND).
 */
export async function requireCapability(
  scope: Pick<AccessScope, "access">,
  capability: SecureCapability,
  wanted: AccessLevel,
): Promise<void> {
  const view = await scope.access();
  if (atLeast(view.capabilityLevel(capability), wanted)) return;
  const what = CAPABILITY_NAMES[capability];
  const message =
    wanted === AccessLevel.CONTROL
      ? `Controlling ${what} needs a CONTROL grant for it from an admin.`
      : `Seeing ${what} needs a VIEW grant for it from an admin.`;
  throw new ForbiddenError(message, { requiredAccess: wanted, capability });
}
