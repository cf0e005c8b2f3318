// The one place every stored change of a device or of the hub passes through, so that live
// updates (GraphQL subscriptions, automations) have a single source. Ingestion, resync and
// commands call these after their transaction has committed, never before, so a subscriber that
// reads back sees what it was told.
import type { Logger, ServicePubSub } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { DeviceEvent } from "../entities/device-event.entity.js";
import type { Device } from "../entities/device.entity.js";
import { HubState } from "../entities/hub-state.entity.js";
import {
  publishDeviceEvent,
  publishDeviceUpdated,
  publishHsmChanged,
  publishHsmStatusChanged,
  publishHubModeChanged,
} from "./device-events.pubsub.js";

/** What the automation engine listens with; kept to an interface so this module does not import the engine. */
export interface ChangeListener {
  deviceChanged(change: DeviceChange): void;
  hubChanged(state: HubState, what: HubChange): void;
}

/** What changed of the hub: its mode, HSM's status, an HSM alert, variables, or whether it answers. */
export type HubChange = "mode" | "hsm" | "hsmAlert" | "variables" | "connection";

export interface ChangeSink {
  logger: Logger;
  /** Absent in tools that only read the hub; the service always has one. */
  pubSub?: ServicePubSub;
  /** HSM's exit delay as the household set it on the hub (the hub does not report it); unset: unknown. */
  hsmExitDelayMs?: number;
  /** Set once the automation engine runs; tools without one skip it. */
  automations?: ChangeListener;
  /** The built-in alerts (alerts.ts), told of the same changes. */
  alerts?: ChangeListener;
  /** Told of each hub event received and each one stored and published (the service's metrics). */
  events?: HubEventObserver;
  /** The lock code worker: told when a lock reports a code added, changed, deleted or refused. */
  lockCodes?: LockCodeObserver;
}

export interface LockCodeObserver {
  /** A stored `codeChanged` event: its position and what happened ("added", "deleted", "failed"...). */
  codeChanged(deviceId: number, position: number | null, change: string): void;
}

export interface HubEventObserver {
  /** An event came in from the hub (posted or streamed), before deduplication. */
  received(hub: string): void;
  /** An event is stored and its change published, `receivedAt` being when it came in. */
  stored(hub: string, receivedAt: Date): void;
}

export interface DeviceChange {
  device: Device;
  /** The events stored with this change (one for a hub event; one per changed attribute for a resync). */
  events: DeviceEvent[];
  /**
   * Whether anything a subscriber sees changed: false when the hub repeated a value Homegraph
   * already had (a button pushed again still counts; a command changes lastChangedBy).
   */
  stateChanged: boolean;
}

export function onDeviceChanged(change: DeviceChange, sink: ChangeSink): void {
  sink.logger.debug(
    { deviceId: change.device.id, events: change.events.map((e) => e.name), stateChanged: change.stateChanged },
    "device changed",
  );
  sink.automations?.deviceChanged(change);
  sink.alerts?.deviceChanged(change);
  if (!sink.pubSub) return;
  try {
    // Every stored event is history a subscriber may want, even when it repeated a known value.
    for (const event of change.events) publishDeviceEvent(sink.pubSub, event, change.device);
    if (change.stateChanged) publishDeviceUpdated(sink.pubSub, change.device);
  } catch (err) {
    // The change is stored; a subscriber that missed it catches up on its next read.
    sink.logger.error({ err, deviceId: change.device.id }, "could not publish a device change");
  }
}

export function onHubChanged(state: HubState, what: HubChange, sink: ChangeSink) {
  sink.logger.debug({ what, mode: state.mode, hsmStatus: state.hsmStatus, connected: state.connected }, "hub changed");
  sink.automations?.hubChanged(state, what);
  sink.alerts?.hubChanged(state, what);
  if (!sink.pubSub) return;
  try {
    if (what === "mode" && state.mode) publishHubModeChanged(sink.pubSub, state.mode);
    if (what === "hsm" && state.hsmStatus) publishHsmStatusChanged(sink.pubSub, state.hsmStatus);
    if (what === "hsm" || what === "hsmAlert") publishHsmChanged(sink.pubSub, state, sink.hsmExitDelayMs);
  } catch (err) {
    sink.logger.error({ err, what }, "could not publish a hub change");
  }
}

/**
 * Stores the hub's new mode or HSM status unless it already holds it, and says whether it did.
 * A mode set through Homegraph is also reported back by the hub, possibly to another replica and
 * before the setter has stored it: the conditional write lets exactly one of the two publish it.
 */
export async function storeHubValue(
  em: EntityManager,
  hub: string,
  field: "mode" | "hsmStatus",
  value: string,
  extra: Partial<Pick<HubState, "modes">> = {},
): Promise<boolean> {
  const changed = await em.nativeUpdate(
    HubState,
    { hub, $or: [{ [field]: { $ne: value } }, { [field]: null }] },
    { [field]: value, ...extra },
  );
  return changed > 0;
}
