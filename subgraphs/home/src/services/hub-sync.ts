// A resync reads the whole household from the hub and makes the database agree with it: the
// reconcile under the real-time path. After a start, a reboot, an outage, a long silence, and every
// HUB_RECONCILE_INTERVAL_SECONDS, any change whose event was lost is found here and stored as a SYNC
// event; a device the hub no longer lists is marked removed, one that returns is re-attached. Only
// differences are written, each counted as a correction (drift.ts).
import type { Logger } from "@homegraph/common";
import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { DeviceEvent, DeviceEventSource } from "../entities/device-event.entity.js";
import { Device } from "../entities/device.entity.js";
import { HubState } from "../entities/hub-state.entity.js";
import { HubError } from "../hubitat/errors.js";
import type { MakerApiClient } from "../hubitat/maker-api.client.js";
import type { DeviceChange } from "./device-changes.js";
import { applyHubDevice, differs, needsDetails, rawOf, type MergeInput } from "./device-merge.js";
import { DriftLog, noDrift, recordDrift, type DriftCounts, type DriftTotals } from "./drift.js";
import { syncHsmStatus } from "./hsm.js";

export interface SyncResult {
  devices: number;
  detailed: number;
  changes: DeviceChange[];
  state: HubState;
  /** What this sync corrected, by kind. */
  corrections: DriftCounts;
  /** Every correction so far, as stored. */
  drift: DriftTotals;
}

/** Writes one device that differs from the hub, under its row lock; the change to publish, if any. */
async function storeDevice(
  newEm: () => EntityManager,
  hub: string,
  input: MergeInput,
  drift: DriftLog,
): Promise<DeviceChange | null> {
  const f = input.fresh;
  return drift.counted(newEm(), hub, async (em, log) => {
    let device = await em.findOne(Device, { hub, hubDeviceId: f.hubId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const isNew = !device;
    if (!isNew && !differs(device ?? undefined, input)) return null;
    device ??= em.create(Device, { hub, hubDeviceId: f.hubId, label: f.label });
    const changed = applyHubDevice(device, isNew, input, log);
    em.persist(device);
    await em.flush();
    // A device new to Homegraph is news to subscribers, though there is no earlier value to record.
    if (isNew || !changed.length) return { device, events: [], stateChanged: true };
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
        createdAt: input.now,
      }),
    );
    await em.flush();
    return { device, events, stateChanged: true };
  });
}

/**
 * Marks the devices this hub no longer lists as removed (once: the first sync that misses them);
 * another hub's devices are that hub's to judge.
 */
function markRemoved(
  em: EntityManager,
  hub: string,
  listedIds: string[],
  now: Date,
  drift: DriftLog,
): Promise<Device[]> {
  return drift.counted(em, hub, async (tx, log) => {
    const gone = await tx.find(Device, { hub, hubDeviceId: { $nin: listedIds }, removedAt: null });
    for (const device of gone) {
      log.correct("removed", { hubDeviceId: device.hubDeviceId, label: device.label });
      device.removedAt = now;
      device.online = false;
      device.syncedAt = now;
    }
    await tx.flush();
    return gone;
  });
}

/** Makes the stored copy of one hub (`hub`, its name) agree with what its Maker API lists. */
export async function syncHub(
  client: MakerApiClient,
  newEm: () => EntityManager,
  logger: Logger,
  hub: string,
): Promise<SyncResult> {
  const since = new Date();
  const known = await newEm().find(Device, { hub });
  // Homegraph's very first sync finds every device new: that is no drift.
  const drift = new DriftLog(logger, known.length === 0);
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
    const input = { fresh: f, detailed, now, since };
    // Compared first without a lock: a device that matches the hub costs no transaction.
    if (!differs(byHubId.get(f.hubId), input)) continue;
    const change = await storeDevice(newEm, hub, input, drift);
    if (change) changes.push(change);
  }

  const em = newEm();
  for (const device of await markRemoved(
    em,
    hub,
    listed.map((d) => d.hubId),
    now,
    drift,
  )) {
    changes.push({ device, events: [], stateChanged: true });
  }

  const state = (await em.findOne(HubState, { hub })) ?? em.create(HubState, { hub });
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
  if (hsm !== undefined) syncHsmStatus(em, state, hsm, now);
  if (variables) state.variables = variables;
  state.lastSyncAt = now;
  state.connected = true;
  state.disconnectedSince = null;
  state.lastError = null;
  await em.persist(state).flush();
  // Each correction was added to the totals with its own write: only the time is left to store.
  const totals = await recordDrift(em, hub, noDrift(), now);
  return {
    devices: listed.length,
    detailed: fresh.filter((f) => f.detailed).length,
    changes,
    state,
    corrections: drift.counts,
    drift: totals,
  };
}

/**
 * Reads one device again (`/devices/{id}`) and corrects what differs: the targeted refresh of a
 * device that fell silent. A device the hub no longer has is left to the next full reconcile.
 */
export async function refreshDevice(
  client: MakerApiClient,
  newEm: () => EntityManager,
  logger: Logger,
  hub: string,
  hubDeviceId: string,
): Promise<{ change: DeviceChange | null; corrections: DriftCounts; drift: DriftTotals }> {
  const since = new Date();
  const fresh = await client.getDevice(hubDeviceId);
  const drift = new DriftLog(logger);
  const now = new Date();
  const change = await storeDevice(newEm, hub, { fresh, detailed: true, now, since }, drift);
  return { change, corrections: drift.counts, drift: await recordDrift(newEm(), hub, noDrift(), now) };
}
