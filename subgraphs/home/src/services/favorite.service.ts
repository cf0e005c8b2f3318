import { NotFoundError } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import DataLoader from "dataloader";
import type { Device } from "../entities/device.entity.js";
import { FavoriteDevice } from "../entities/favorite-device.entity.js";
import { findDevice } from "./device.service.js";

/** Stars or unstars a device for one person; the device as stored. Idempotent either way. */
export async function setFavoriteDevice(
  em: EntityManager,
  userId: number,
  deviceId: number,
  favorite: boolean,
): Promise<Device> {
  const device = await findDevice(em, deviceId);
  if (!device) throw new NotFoundError(`There is no device ${deviceId}.`);
  if (favorite) {
    // Two taps racing must not fail on the primary key: the second one changes nothing.
    await em
      .getConnection()
      .execute(`insert into home.favorite_devices (user_id, device_id) values (?, ?) on conflict do nothing`, [
        userId,
        device.id,
      ]);
  } else {
    await em.nativeDelete(FavoriteDevice, { userId, deviceId: device.id });
  }
  return device;
}

/**
 * Whether each device is a favourite of the person asking: one query for all the devices of a
 * request, however many ask. Not cached: a subscription keeps its context for hours, and each
 * event must say what the person starred by then. Nobody (a service, an anonymous caller) has
 * favourites.
 */
export function createFavoriteLoader(em: EntityManager, userId: number | undefined): DataLoader<number, boolean> {
  return new DataLoader(
    async (deviceIds) => {
      if (!userId) return deviceIds.map(() => false);
      const rows = await em.find(FavoriteDevice, { userId, deviceId: { $in: [...deviceIds] } });
      const starred = new Set(rows.map((r) => r.deviceId));
      return deviceIds.map((id) => starred.has(id));
    },
    { cache: false },
  );
}
