import type { EntityManager, QueryBuilder } from "@mikro-orm/postgresql";
import { asEntityRows, columnsAs, executePrepared } from "@homegraph/common";
import DataLoader from "dataloader";
import { Device } from "../entities/device.entity.js";
import { HubState } from "../entities/hub-state.entity.js";

const ORDER = { room: "asc", label: "asc" } as const;

/**
 * Devices shown in lists: those the hub lists, and those it stopped listing less than the grace
 * period ago (shown as removed, so a device that was only briefly gone does not vanish), that is
 * removed after this moment. The ORM's filter and the prepared reads' SQL (SHOWN) both use it.
 */
const shownSince = (removedGraceMs: number) =>
  Number.isFinite(removedGraceMs) ? new Date(Date.now() - removedGraceMs) : new Date(0);

const shownDevices = (removedGraceMs: number) => ({
  $or: [{ removedAt: null }, { removedAt: { $gt: shownSince(removedGraceMs) } }],
});

/** shownDevices in SQL, its one parameter shownSince. */
const SHOWN = `("removed_at" is null or "removed_at" > ?)`;

/**
 * Devices as plain rows for reading (property names; JSON, dates and booleans as the entity holds
 * them), never managed entities: lists and the dashboard read every device of the household per
 * request, and building, snapshotting and registering that many entities was most of the home
 * service's CPU under load. Nothing may change them or hand them to the ORM (persist, flush, assign):
 * load the entity for that.
 */
async function deviceRows(qb: QueryBuilder<Device>): Promise<Device[]> {
  const rows = await qb.execute<Device[]>("all");
  // Of the class, so that type-graphql serves each as it is: it would otherwise build a Device per
  // row, whose constructor and property setters (the ORM's change tracking) cost more than the read.
  // The values stay the row's own properties; the prototype only lends the class.
  for (const row of rows) Object.setPrototypeOf(row, Device.prototype);
  return rows;
}

export function listDevices(
  em: EntityManager,
  filter: { room?: string | null; capability?: string | null; hub?: string | null } = {},
  removedGraceMs = Infinity,
): Promise<Device[]> {
  const qb = em.createQueryBuilder(Device, "d").select("*").orderBy(ORDER);
  if (Number.isFinite(removedGraceMs)) qb.where(shownDevices(removedGraceMs));
  if (filter.room) qb.andWhere({ room: filter.room });
  if (filter.hub) qb.andWhere({ hub: filter.hub });
  // jsonb containment: served by a sequential scan, which a household's few hundred devices make cheap.
  if (filter.capability) qb.andWhere("d.capabilities @> ?", [JSON.stringify([filter.capability])]);
  return deviceRows(qb);
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

export function createDeviceLoader(em: EntityManager): DataLoader<number, Device | null> {
  return new DataLoader(async (ids) => {
    const found = await em.find(Device, { id: { $in: [...ids] } });
    return ids.map((id) => found.find((d) => d.id === id) ?? null);
  });
}

/** Plain device rows (see deviceRows) by a prepared statement: the reads every dashboard makes. */
async function preparedDeviceRows(em: EntityManager, where: string, params: unknown[]): Promise<Device[]> {
  const rows = await executePrepared(em, `select ${columnsAs(em, Device)} from "home"."devices" ${where}`, params);
  return asEntityRows(em, Device, rows);
}

export function createRoomDevicesLoader(em: EntityManager, removedGraceMs: number): DataLoader<string, Device[]> {
  return new DataLoader(async (rooms) => {
    const found = await preparedDeviceRows(em, `where "room" = any(?) and ${SHOWN} order by "label" asc`, [
      [...rooms],
      shownSince(removedGraceMs),
    ]);
    return rooms.map((room) => found.filter((d) => d.room === room));
  });
}

/**
 * Each hub's row, by name, read once per request however many devices ask whether they are stale;
 * plain rows of the class, for reading only, as devices are.
 */
export function createHubStateLoader(em: EntityManager): DataLoader<string, HubState> {
  return new DataLoader(async (hubs) => {
    const rows = await executePrepared(
      em,
      `select ${columnsAs(em, HubState)} from "home"."hub_state" where "hub" = any(?)`,
      [[...hubs]],
    );
    const found = asEntityRows(em, HubState, rows);
    return hubs.map((hub) => found.find((s) => s.hub === hub) ?? em.create(HubState, { hub }, { persist: false }));
  });
}

/** Rooms are the distinct room names of the devices (see the hub migration for why not a table). */
export async function listRooms(
  em: EntityManager,
  removedGraceMs: number,
): Promise<{ name: string; deviceCount: number }[]> {
  const rows = await executePrepared<{ room: string; count: string }>(
    em,
    `select "room", count(*) as "count" from "home"."devices"
     where "room" is not null and ${SHOWN} group by "room" order by "room"`,
    [shownSince(removedGraceMs)],
  );
  return rows.map((r) => ({ name: r.room, deviceCount: Number(r.count) }));
}
