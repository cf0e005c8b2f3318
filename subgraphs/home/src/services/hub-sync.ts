// A resync reads the whole household from the hub and makes the database agree with it. It is
// the safety net under the real-time path: after a start, a reboot, an outage or a long silence,
// any change whose event was lost is found here and stored as a SYNC event.
import type { Logger } from "@homegraph/common";
import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { DeviceEvent, DeviceEventSource } from "../entities/device-event.entity.js";
import type { StoredAttribute } from "../entities/device-parts.js";
import { Device } from "../entities/device.entity.js";
import { HubState } from "../entities/hub-state.entity.js";
import { HubError } from "../hubitat/errors.js";
import type { MakerApiClient } from "../hubitat/maker-api.client.js";
import type { Device as HubDevice, DeviceAttribute } from "../hubitat/types.js";
import type { DeviceChange } from "./device-changes.js";

export interface SyncResult {
  devices: number;
  detailed: number;
  changes: DeviceChange[];
  state: HubState;
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === "object" && typeof b === "object" && JSON.stringify(a) === JSON.stringify(b);
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
function needsDetails(stored: Device | undefined, fresh: HubDevice): boolean {
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

export async function syncHub(client: MakerApiClient, newEm: () => EntityManager, logger: Logger): Promise<SyncResult> {
  const since = new Date();
  const known = await newEm().find(Device, {});
  const byHubId = new Map(known.map((d) => [d.hubDeviceId, d]));
  const dataTypeOf = (hubId: string, name: string) =>
    byHubId.get(hubId)?.attributes.find((a) => a.name === name)?.dataType ?? null;

  const listed = await client.getAllDevices(dataTypeOf);
  // The client lets at most four requests reach the hub at once; the rest wait their turn.
  const fresh = await Promise.all(
    listed.map(async (d) => {
      if (!needsDetails(byHubId.get(d.hubId), d)) return { device: d, detailed: false };
      try {
        const details = await client.getDevice(d.hubId);
        return { device: { ...details, lastActivityAt: d.lastActivityAt }, detailed: true };
      } catch (err) {
        // A device whose details fail is still synced from the list; its types come next time.
        if (err instanceof HubError && err.failure === "HUB_UNREACHABLE") throw err;
        logger.warn({ hubDeviceId: d.hubId, err: (err as Error).message }, "could not read a device's details");
        return { device: d, detailed: false };
      }
    }),
  );

  const now = new Date();
  const changes: DeviceChange[] = [];
  for (const { device: f, detailed } of fresh) {
    const change = await newEm().transactional(async (em) => {
      let device = await em.findOne(Device, { hubDeviceId: f.hubId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const isNew = !device;
      device ??= em.create(Device, { hubDeviceId: f.hubId, label: f.label });
      const { attributes, changed } = mergeAttributes(device.attributes, f.attributes, now, since);
      device.label = f.label;
      device.name = f.name;
      device.type = f.type;
      device.room = f.room;
      device.capabilities = f.capabilities;
      device.attributes = attributes;
      if (detailed || isNew) device.commands = f.commands.map((c) => ({ name: c.name, argTypes: c.argTypes }));
      device.online = true;
      device.syncedAt = now;
      device.lastEventAt ??= f.lastActivityAt ?? null;
      em.persist(device);
      await em.flush();
      // A device new to Homegraph is news to subscribers, though there is no earlier value to record.
      if (isNew) return { device, events: [], stateChanged: true };
      if (!changed.length) return null;
      const events = changed.map((a) =>
        em.create(DeviceEvent, {
          deviceId: device.id,
          hubDeviceId: device.hubDeviceId,
          name: a.name,
          value: rawOf(a.value),
          valueType: a.dataType,
          unit: a.unit,
          description: `${device.label} ${a.name} is ${rawOf(a.value) ?? "null"} (found by a resync)`,
          source: DeviceEventSource.SYNC,
          createdAt: now,
        }),
      );
      await em.flush();
      return { device, events, stateChanged: true };
    });
    if (change) changes.push(change);
  }

  const listedIds = listed.map((d) => d.hubId);
  const em = newEm();
  await em.nativeUpdate(Device, { hubDeviceId: { $nin: listedIds }, online: true }, { online: false });

  const state = (await em.findOne(HubState, { id: 1 })) ?? em.create(HubState, { id: 1 });
  // Modes, HSM and variables are optional on a hub (HSM may not be installed): each on its own.
  const optional = async <T>(what: string, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (err) {
      if (err instanceof HubError && err.failure === "HUB_UNREACHABLE") throw err;
      logger.info({ err: (err as Error).message }, `could not read the hub's ${what}`);
      return undefined;
    }
  };
  const [modes, hsm, variables] = [
    await optional("modes", () => client.getModes()),
    await optional("HSM status", () => client.getHsm()),
    await optional("variables", () => client.getHubVariables()),
  ];
  if (modes) {
    state.modes = modes;
    state.mode = modes.find((m) => m.active)?.name ?? state.mode ?? null;
  }
  if (hsm !== undefined) state.hsmStatus = hsm;
  if (variables) state.variables = variables;
  state.lastSyncAt = now;
  state.connected = true;
  state.lastError = null;
  await em.persist(state).flush();
  return { devices: listed.length, detailed: fresh.filter((f) => f.detailed).length, changes, state };
}
