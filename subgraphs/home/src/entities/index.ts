import { Automation } from "./automation.entity.js";
import { DeviceEvent, DeviceEventSource } from "./device-event.entity.js";
import { Device } from "./device.entity.js";
import { FavoriteDevice } from "./favorite-device.entity.js";
import { HsmEvent } from "./hsm-event.entity.js";
import { HubState } from "./hub-state.entity.js";
import { LockCode, LockCodeState } from "./lock-code.entity.js";

export {
  Automation,
  Device,
  DeviceEvent,
  DeviceEventSource,
  FavoriteDevice,
  HsmEvent,
  HubState,
  LockCode,
  LockCodeState,
};
export const entities = [Device, DeviceEvent, HubState, HsmEvent, Automation, FavoriteDevice, LockCode];
