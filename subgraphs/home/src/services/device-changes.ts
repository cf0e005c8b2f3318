// The one place every stored change of a device or of the hub passes through, so that live
// updates (GraphQL subscriptions, automations) have a single source. Ingestion, resync and
// commands call these after their transaction has committed, never before, so a subscriber that
// reads back sees what it was told.
import type { Logger, ServicePubSub } from "@homegraph/common";
import type { DeviceEvent } from "../entities/device-event.entity.js";
import type { Device } from "../entities/device.entity.js";
import type { HubState } from "../entities/hub-state.entity.js";
import { publishDeviceUpdated } from "./device-events.pubsub.js";

export interface ChangeSink {
  logger: Logger;
  /** Absent in tools that only read the hub; the service always has one. */
  pubSub?: ServicePubSub;
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
  if (!change.stateChanged || !sink.pubSub) return;
  try {
    publishDeviceUpdated(sink.pubSub, change.device);
  } catch (err) {
    // The change is stored; a subscriber that missed it catches up on its next read.
    sink.logger.error({ err, deviceId: change.device.id }, "could not publish a device change");
  }
}

export function onHubChanged(state: HubState, what: "mode" | "hsm" | "variables" | "connection", sink: ChangeSink) {
  // Subscriptions: hubModeChanged / hsmStatusChanged are published from here.
  sink.logger.debug({ what, mode: state.mode, hsmStatus: state.hsmStatus, connected: state.connected }, "hub changed");
}
