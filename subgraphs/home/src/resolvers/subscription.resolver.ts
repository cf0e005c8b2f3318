import { Arg, Authorized, ID, Resolver, Root, Subscription } from "type-graphql";
import { Device } from "../entities/device.entity.js";
import { DEVICE_UPDATED, deviceFromSnapshot, type DeviceUpdatedPayload } from "../services/device-events.pubsub.js";

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
}
