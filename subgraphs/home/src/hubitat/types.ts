// Two kinds of types: Raw* is what the Maker API sends (every field the fixtures show may be
// missing, null, or of another type than documented), the rest is what Homegraph works with.

import type { CodeUse } from "./lock-codes.js";

/** Attribute data types the hub reports; anything else is kept as a string. */
export type HubDataType = "NUMBER" | "ENUM" | "STRING" | "JSON_OBJECT" | "DATE" | "VECTOR3" | "DYNAMIC_ENUM" | "BOOL";

export type AttributeValue = string | number | boolean | Record<string, unknown> | unknown[] | null;

export interface DeviceAttribute {
  name: string;
  /** Cast by `dataType`: NUMBER a number, BOOL a boolean, JSON_OBJECT parsed, the rest strings. */
  value: AttributeValue;
  /** Null when the endpoint did not say (`/devices/all` does not). */
  dataType: string | null;
  /** The allowed values of an ENUM, when the hub listed them. */
  values: string[] | null;
}

export interface DeviceCommand {
  name: string;
  /** Argument types (NUMBER, STRING, ENUM, COLOR_MAP, ...); empty for a command without arguments. */
  argTypes: string[];
}

export interface DeviceSummary {
  hubId: string;
  label: string;
  name: string;
  type: string | null;
  room: string | null;
}

export interface Device extends DeviceSummary {
  capabilities: string[];
  attributes: DeviceAttribute[];
  commands: DeviceCommand[];
  /** `/devices/all` only: when the hub last saw the device active. */
  lastActivityAt?: Date | null;
}

export interface HubMode {
  id: string;
  name: string;
  active: boolean;
}

export interface HubVariable {
  name: string;
  value: string | null;
  type: string | null;
}

/** One row of `/devices/{id}/events`. */
export interface DeviceHistoryEvent {
  deviceId: string;
  name: string;
  value: AttributeValue;
  rawValue: string | null;
  unit: string | null;
  date: Date | null;
}

/** `hsm`: HSM's status (hsmStatus); `hsmAlert`: an alert it raised, or `cancel`. */
export type HubEventKind = "device" | "mode" | "hsm" | "hsmAlert" | "systemStart" | "location";

/** An event from either real-time path (postURL body or eventsocket frame), normalised. */
export interface HubEvent {
  kind: HubEventKind;
  /** The device's hub id as a string; null for location, hub and app events. */
  deviceId: string | null;
  /** DEVICE, LOCATION, APP, HUB...: the eventsocket says; for posts it is inferred. */
  source: string;
  name: string;
  /** Cast by the attribute's dataType when it is known, else the string the hub sent. */
  value: AttributeValue;
  rawValue: string | null;
  dataType: string | null;
  unit: string | null;
  displayName: string | null;
  descriptionText: string | null;
  /** "physical", "digital", LOCATION_MODE_CHANGE...; null when missing or "null". */
  type: string | null;
  receivedAt: Date;
  /** The lock code a lock event is about (from its data, value or description): position and name, never the code. */
  codeUse?: CodeUse;
}

// ---- raw shapes --------------------------------------------------------------------------------

export interface RawAttribute {
  name?: unknown;
  currentValue?: unknown;
  dataType?: unknown;
  values?: unknown;
}

export interface RawDeviceDetails {
  id?: unknown;
  name?: unknown;
  label?: unknown;
  type?: unknown;
  room?: unknown;
  attributes?: unknown;
  capabilities?: unknown;
  commands?: unknown;
  date?: unknown;
}

export interface RawEventContent {
  name?: unknown;
  value?: unknown;
  displayName?: unknown;
  deviceId?: unknown;
  descriptionText?: unknown;
  unit?: unknown;
  type?: unknown;
  data?: unknown;
  source?: unknown;
}
