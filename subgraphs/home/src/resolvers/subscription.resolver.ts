import { Arg, Authorized, Ctx, ID, Resolver, Root, Subscription } from "type-graphql";
import type { HomeContext } from "../context.js";
import { DeviceEvent } from "../entities/device-event.entity.js";
import { Device } from "../entities/device.entity.js";
import { SecureCapability, type AccessDevice } from "../services/access-model.js";
import { mayViewCapability } from "./hsm.resolver.js";
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
import { findDevice } from "../services/device.service.js";
import { isLockCodeDetail, seesLockCodes } from "../services/lock-code-privacy.js";

/**
 * Whether this subscriber may see the device now. Judged per event against the subscriber's access
 * as last changed (AccessControl drops it when a grant changes on any replica), so a grant given or
 * taken applies to an open stream at once, without a reconnect.
 */
async function mayView(ctx: HomeContext, device: AccessDevice): Promise<boolean> {
  return (await ctx.accessControl.viewFor(ctx.identity)).canView(device);
}

@Resolver()
export class DeviceSubscriptionResolver {
  @Authorized("GUEST")
  @Subscription(() => Device, {
    topics: DEVICE_UPDATED,
    // An empty list is taken at its word (nothing); leave the argument out for every device.
    filter: async ({
      payload,
      args,
      context,
    }: {
      payload: DeviceUpdatedPayload;
      args: { deviceIds?: string[] | null };
      context: HomeContext;
    }) => {
      if (args.deviceIds != null && !args.deviceIds.includes(payload.id)) return false;
      const { id, room, capabilities } = payload.device as {
        id: number;
        room?: string | null;
        capabilities?: string[];
      };
      return mayView(context, { id, room: room ?? null, capabilities: capabilities ?? [] });
    },
    description:
      "A device's stored state each time it changes, for the devices the caller may VIEW (as granted now); only the given devices when `deviceIds` is set.",
  })
  deviceUpdated(
    @Root() payload: DeviceUpdatedPayload,
    @Ctx() ctx: HomeContext,
    @Arg("deviceIds", () => [ID], { nullable: true }) _deviceIds?: string[] | null,
  ): Device {
    // The context lives as long as the subscription: each event reads the hub's state afresh for `stale`.
    ctx.loaders.hubState.clearAll();
    ctx.loaders.knownHubStates.clear();
    return deviceFromSnapshot(payload.device);
  }

  @Authorized("GUEST")
  @Subscription(() => DeviceEvent, {
    topics: DEVICE_EVENT,
    filter: async ({
      payload,
      args,
      context,
    }: {
      payload: DeviceEventPayload;
      args: { deviceId: string };
      context: HomeContext;
    }) => {
      if (payload.deviceId !== String(args.deviceId)) return false;
      if (isLockCodeDetail(String(payload.event.name)) && !seesLockCodes(context.identity)) return false;
      const id = Number(payload.deviceId);
      // A replica still running the previous release publishes no room: read the device instead.
      const device = payload.access ?? (await findDevice(context.accessControl.em(), id));
      return !!device && mayView(context, { id, room: device.room ?? null, capabilities: device.capabilities });
    },
    description:
      "Each event stored for the device, as `deviceEvents` lists it, while the caller may VIEW the device: a value the hub reported (repeated ones too), a command sent through Homegraph, a change a resync found.",
  })
  deviceEvent(@Root() payload: DeviceEventPayload, @Arg("deviceId", () => ID) _deviceId: string): DeviceEvent {
    return deviceEventFromSnapshot(payload.event);
  }

  @Authorized()
  @Subscription(() => String, {
    topics: HUB_MODE_CHANGED,
    filter: ({ context }: { context: HomeContext }) => mayViewCapability(context, SecureCapability.MODE),
    description:
      "The hub's new mode (its name) each time it changes, on the hub or through Homegraph, while the caller may VIEW MODE.",
  })
  hubModeChanged(@Root() payload: HubModeChangedPayload): string {
    return payload.mode;
  }

  @Authorized()
  @Subscription(() => String, {
    topics: HSM_STATUS_CHANGED,
    filter: ({ context }: { context: HomeContext }) => mayViewCapability(context, SecureCapability.HSM),
    description:
      "Hubitat Safety Monitor's new status (armedAway, armedHome, armedNight, disarmed...) each time it changes, while the caller may VIEW HSM.",
  })
  hsmStatusChanged(@Root() payload: HsmStatusChangedPayload): string {
    return payload.status;
  }
}
