import type { EntityManager } from "@mikro-orm/postgresql";
import DataLoader from "dataloader";
import { Device } from "../entities/device.entity.js";

export function listDevices(em: EntityManager): Promise<Device[]> {
  return em.find(Device, {}, { orderBy: { room: "asc", label: "asc" } });
}

export function findDevice(em: EntityManager, id: number): Promise<Device | null> {
  return Number.isSafeInteger(id) && id > 0 ? em.findOne(Device, { id }) : Promise.resolve(null);
}

/** The devices each user changed last, in one query for all the users of a request. */
export async function devicesLastChangedBy(em: EntityManager, userIds: readonly number[]): Promise<Device[][]> {
  const devices = await em.find(
    Device,
    { lastChangedById: { $in: [...new Set(userIds)] } },
    { orderBy: { lastChangedAt: "desc" } },
  );
  return userIds.map((id) => devices.filter((d) => d.lastChangedById === id));
}

export function createChangedDevicesLoader(em: EntityManager): DataLoader<number, Device[]> {
  return new DataLoader((ids) => devicesLastChangedBy(em, ids));
}
