// A device's life after the hub lets it go: the sync marks it removed (hub-sync.ts), lists hide it
// after the grace period (device.service.ts), and an admin may forget it, with its history, once
// the hub no longer lists it.
import { BadUserInputError, NotFoundError } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { Device } from "../entities/device.entity.js";
import { findDevice } from "./device.service.js";

/** Deletes a removed device and (by the foreign key's cascade) its events; the device as it was. */
export async function forgetDevice(em: EntityManager, id: number): Promise<Device> {
  const device = await findDevice(em, id);
  if (!device) throw new NotFoundError(`There is no device ${id}.`);
  if (!device.removedAt) {
    throw new BadUserInputError(
      `${device.label} is still on the hub: remove it there first (Homegraph notices at its next reconcile).`,
      "id",
    );
  }
  // Checked again in the statement: the device may have returned since it was read.
  const deleted = await em.nativeDelete(Device, { id: device.id, removedAt: { $ne: null } });
  if (!deleted) throw new BadUserInputError(`${device.label} is back on the hub: it cannot be forgotten.`, "id");
  return device;
}
