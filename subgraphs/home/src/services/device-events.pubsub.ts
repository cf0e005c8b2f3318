// Topic names and payloads of the home service's live updates: the contract between whatever
// changes a device (hub ingestion, resync, commands) and the GraphQL subscriptions that deliver it.
// Payloads cross Redis as JSON, so they hold only JSON values (dates as ISO strings).
import type { ServicePubSub } from "@homegraph/common";
import { DeviceEvent } from "../entities/device-event.entity.js";
import { Device } from "../entities/device.entity.js";
import type { HsmAlertState, HubState } from "../entities/hub-state.entity.js";
import { armingUntil } from "./hsm.js";

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
  return plainSnapshot(device) as DeviceSnapshot;
}

function plainSnapshot(entity: object): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entity)) {
    if (key.startsWith("__") || typeof value === "function") continue;
    plain[key] = value;
  }
  // The JSON round trip gives in-process delivery exactly what Redis delivery gives.
  return JSON.parse(JSON.stringify(plain)) as Record<string, unknown>;
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

export const DEVICE_EVENT = "home.deviceEvent";
export const HUB_MODE_CHANGED = "home.hubModeChanged";
export const HSM_STATUS_CHANGED = "home.hsmStatusChanged";
export const HSM_CHANGED = "home.hsmChanged";

export interface DeviceEventPayload {
  /** The device's id as GraphQL shows it, so subscribers filter without parsing the snapshot. */
  deviceId: string;
  /** The device's room and capabilities as the event happened, so each subscriber's access is judged without a read. */
  access?: { room: string | null; capabilities: string[] };
  event: Record<string, unknown>;
  publishedAt: number;
}

export interface HubModeChangedPayload {
  mode: string;
  publishedAt: number;
}

export interface HsmStatusChangedPayload {
  status: string;
  publishedAt: number;
}

/** HSM as the alarm panel shows it; dates as ISO strings. */
export interface HsmChangedPayload {
  status: string | null;
  armingSince: string | null;
  armingUntil: string | null;
  alert: HsmAlertState | null;
  publishedAt: number;
}

/** The DeviceEvent a subscription resolves from a payload; its getters and field resolvers work as on a loaded one. */
export function deviceEventFromSnapshot(snapshot: Record<string, unknown>): DeviceEvent {
  const event = Object.assign(Object.create(DeviceEvent.prototype) as DeviceEvent, snapshot);
  // JSON carried the date as text; the Date scalar and anyone comparing times want a Date.
  if (typeof snapshot.createdAt === "string") event.createdAt = new Date(snapshot.createdAt);
  return event;
}

/** Tells every `deviceEvent` subscriber of the event's device about one stored event. */
export function publishDeviceEvent(
  pubSub: ServicePubSub,
  event: DeviceEvent,
  device?: Pick<Device, "room" | "capabilities">,
): DeviceEventPayload {
  const payload: DeviceEventPayload = {
    deviceId: String(event.deviceId),
    ...(device ? { access: { room: device.room ?? null, capabilities: [...device.capabilities] } } : {}),
    event: plainSnapshot(event),
    publishedAt: Date.now(),
  };
  pubSub.publish(DEVICE_EVENT, payload);
  return payload;
}

export function publishHubModeChanged(pubSub: ServicePubSub, mode: string): HubModeChangedPayload {
  const payload: HubModeChangedPayload = { mode, publishedAt: Date.now() };
  pubSub.publish(HUB_MODE_CHANGED, payload);
  return payload;
}

export function publishHsmStatusChanged(pubSub: ServicePubSub, status: string): HsmStatusChangedPayload {
  const payload: HsmStatusChangedPayload = { status, publishedAt: Date.now() };
  pubSub.publish(HSM_STATUS_CHANGED, payload);
  return payload;
}

export function publishHsmChanged(pubSub: ServicePubSub, state: HubState, exitDelayMs?: number): HsmChangedPayload {
  const payload: HsmChangedPayload = {
    status: state.hsmStatus ?? null,
    armingSince: state.hsmArmingSince ? new Date(state.hsmArmingSince).toISOString() : null,
    armingUntil: armingUntil(state, exitDelayMs)?.toISOString() ?? null,
    alert: state.hsmAlert ?? null,
    publishedAt: Date.now(),
  };
  pubSub.publish(HSM_CHANGED, payload);
  return payload;
}
