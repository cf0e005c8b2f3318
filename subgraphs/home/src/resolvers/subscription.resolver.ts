import { Arg, Authorized, ID, Resolver, Root, Subscription } from "type-graphql";
import { DeviceEvent } from "../entities/device-event.entity.js";
import { Device } from "../entities/device.entity.js";
import {
  DEVICE_EVENT,
  DEVICE_UPDATED,
  HSM_STATUS_CHANGED,
  HUB_MODE_CHANGED,
  deviceEventFromSnapshot,
  deviceFromSnapshot,
  type DeviceEventPayload,
  type DeviceUpdatedPayload,
  type HsmStatusChangedPayload,
  type HubModeChangedPayload,
} from "../services/device-events.pubsub.js";

@Resolver()
export class DeviceSubscriptionResolver {
  @Authorized()
  @Subscription(() => Device, {
    topics: DEVICE_UPDATED,
    // An empty list is taken at its word (nothing); leave the argument out for every device.
    filter: ({ payload, args }: { payload: DeviceUpdatedPayload; args: { deviceIds?: string[] | null } }) =>
      args.deviceIds == null || args.deviceIds.includes(payload.id),
    description: "A device's stored state each time it changes; only the given devices when `deviceIds` is set.",
  })
  deviceUpdated(
    @Root() payload: DeviceUpdatedPayload,
    @Arg("deviceIds", () => [ID], { nullable: true }) _deviceIds?: string[] | null,
  ): Device {
    return deviceFromSnapshot(payload.device);
  }

  @Authorized()
  @Subscription(() => DeviceEvent, {
    topics: DEVICE_EVENT,
    filter: ({ payload, args }: { payload: DeviceEventPayload; args: { deviceId: string } }) =>
      payload.deviceId === String(args.deviceId),
    description:
      "Each event stored for the device, as `deviceEvents` lists it: a value the hub reported (repeated ones too), a command sent through Homegraph, a change a resync found.",
  })
  deviceEvent(@Root() payload: DeviceEventPayload, @Arg("deviceId", () => ID) _deviceId: string): DeviceEvent {
    return deviceEventFromSnapshot(payload.event);
  }

  @Authorized()
  @Subscription(() => String, {
    topics: HUB_MODE_CHANGED,
    description: "The hub's new mode (its name) each time it changes, on the hub or through Homegraph.",
  })
  hubModeChanged(@Root() payload: HubModeChangedPayload): string {
    return payload.mode;
  }

  @Authorized()
  @Subscription(() => String, {
    topics: HSM_STATUS_CHANGED,
    description:
      "Hubitat Safety Monitor's new status (armedAway, armedHome, armedNight, disarmed...) each time it changes.",
  })
  hsmStatusChanged(@Root() payload: HsmStatusChangedPayload): string {
    return payload.status;
  }
}
