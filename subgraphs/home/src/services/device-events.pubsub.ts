// Topic names and payloads of the home service's live updates: the contract between whatever
// changes a device (hub ingestion, resync, commands) and the GraphQL subscriptions that deliver it.
// Payloads cross Redis as JSON, so they hold only JSON values (dates as ISO strings).
import type { ServicePubSub } from "@homegraph/common";
import { Device } from "../entities/device.entity.js";

export const DEVICE_UPDATED = "home.deviceUpdated";

/** A device's stored fields as JSON: whatever the entity holds, minus the ORM's own bookkeeping. */
export type DeviceSnapshot = Record<string, unknown> & { id: number };

export interface DeviceUpdatedPayload {
  /** The device id as GraphQL shows it, so subscribers filter without parsing the snapshot. */
  id: string;
  device: DeviceSnapshot;
  /** Epoch milliseconds at publish time, for delivery-latency measurements. */
  publishedAt: number;
}

export function deviceSnapshot(device: Device): DeviceSnapshot {
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(device)) {
    if (key.startsWith("__") || typeof value === "function") continue;
    plain[key] = value;
  }
  // The JSON round trip gives in-process delivery exactly what Redis delivery gives.
  return JSON.parse(JSON.stringify(plain)) as DeviceSnapshot;
}

/** The Device a subscription resolves from a payload; its field resolvers work as on a loaded one. */
export function deviceFromSnapshot(snapshot: DeviceSnapshot): Device {
  return Object.assign(Object.create(Device.prototype) as Device, snapshot);
}

/**
 * Tells every `deviceUpdated` subscriber, on every replica, that `device` changed. Call it after
 * the change has committed, so a subscriber that reads back sees what it was told.
 */
export function publishDeviceUpdated(pubSub: ServicePubSub, device: Device): DeviceUpdatedPayload {
  const payload: DeviceUpdatedPayload = {
    id: String(device.id),
    device: deviceSnapshot(device),
    publishedAt: Date.now(),
  };
  pubSub.publish(DEVICE_UPDATED, payload);
  return payload;
}
