import { Automation } from "./automation.entity.js";
import { DeviceEvent, DeviceEventSource } from "./device-event.entity.js";
import { Device } from "./device.entity.js";
import { FavoriteDevice } from "./favorite-device.entity.js";
import { HubState } from "./hub-state.entity.js";

export { Automation, Device, DeviceEvent, DeviceEventSource, FavoriteDevice, HubState };
export const entities = [Device, DeviceEvent, HubState, Automation, FavoriteDevice];
