import { AccessGrant } from "./access-grant.entity.js";
import { Automation } from "./automation.entity.js";
import { DeviceEvent, DeviceEventSource } from "./device-event.entity.js";
import { Device } from "./device.entity.js";
import { FavoriteDevice } from "./favorite-device.entity.js";
import { GuestPassAccess } from "./guest-pass-access.entity.js";
import { HsmEvent } from "./hsm-event.entity.js";
import { HubState } from "./hub-state.entity.js";
import { LockCode, LockCodeState } from "./lock-code.entity.js";
import { OutboxMessage } from "./outbox-message.entity.js";
import { RoleAccessDefault } from "./role-access-default.entity.js";

export {
  AccessGrant,
  Automation,
  Device,
  DeviceEvent,
  DeviceEventSource,
  FavoriteDevice,
  GuestPassAccess,
  HsmEvent,
  HubState,
  LockCode,
  LockCodeState,
  OutboxMessage,
  RoleAccessDefault,
};
export const entities = [
  Device,
  DeviceEvent,
  HubState,
  HsmEvent,
  Automation,
  FavoriteDevice,
  AccessGrant,
  RoleAccessDefault,
  GuestPassAccess,
  LockCode,
  OutboxMessage,
];
