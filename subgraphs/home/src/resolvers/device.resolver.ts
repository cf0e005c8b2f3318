import { BadUserInputError } from "@homegraph/common";
import { GraphQLJSON } from "graphql-scalars";
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { HomeContext } from "../context.js";
import { DeviceEvent } from "../entities/device-event.entity.js";
import type { HubState } from "../entities/hub-state.entity.js";
import { Device } from "../entities/device.entity.js";
import { User } from "../entities/user.entity.js";
import type { AttributeValue } from "../hubitat/types.js";
import { forgetDevice } from "../services/device-lifecycle.service.js";
import { roomsVisibleTo, visibleDevice, visibleOnly } from "../services/access-guard.js";
import { AccessLevel } from "../services/access-model.js";
import { listDevices, listRooms } from "../services/device.service.js";
import { LOCK_CODE_EVENT_NAMES, seesLockCodes, withoutCodeDetails } from "../services/lock-code-privacy.js";
import { PendingCommand, Room } from "./types.js";
import { StoredAttribute } from "../entities/device-parts.js";

export const DEFAULT_EVENT_LIMIT = 50;
export const MAX_EVENT_LIMIT = 500;

const userRef = (id: number | null | undefined) => (id ? Object.assign(new User(), { id: String(id) }) : null);

@Resolver(() => Device)
export class DeviceResolver {
  @Authorized("GUEST")
  @Query(() => [Device], {
    description:
      "The devices the caller may at least VIEW, by room, from stored state (answers while the hub is away; see `stale`).",
  })
  async devices(
    @Ctx() ctx: HomeContext,
    @Arg("room", () => String, { nullable: true, description: "Only this room (exact name)." }) room?: string | null,
    @Arg("capability", () => String, { nullable: true, description: "Only devices with it, like Switch or Lock." })
    capability?: string | null,
    @Arg("hub", () => String, { nullable: true, description: "Only this hub's devices (Hub.name)." })
    hub?: string | null,
  ): Promise<Device[]> {
    const [all] = await Promise.all([listDevices(ctx.em, { room, capability, hub }, ctx.removedGraceMs), ctx.access()]);
    return visibleOnly(ctx, all);
  }

  @Authorized("GUEST")
  @Query(() => Device, {
    nullable: true,
    description:
      "One device; null with NOT_FOUND when there is none with this id or the caller may not see it (the same answer).",
  })
  device(@Arg("id", () => ID) id: string, @Ctx() ctx: HomeContext): Promise<Device | null> {
    return visibleDevice(ctx, id);
  }

  @Authorized("GUEST")
  @Query(() => [Room], { description: "Rooms with devices the caller may at least VIEW, by name." })
  async rooms(@Ctx() ctx: HomeContext): Promise<Room[]> {
    const [view, all] = await Promise.all([ctx.access(), listRooms(ctx.em, ctx.removedGraceMs)]);
    return view.isAdmin ? all : roomsVisibleTo(ctx, all, ctx.loaders.roomDevices);
  }

  @Authorized("ADMIN")
  @Mutation(() => Boolean, {
    description: "Deletes a device the hub no longer lists, with its history; BAD_USER_INPUT while the hub lists it.",
  })
  async forgetDevice(@Arg("id", () => ID) id: string, @Ctx() ctx: HomeContext): Promise<boolean> {
    const device = await forgetDevice(ctx.em, Number(id));
    ctx.link.forgotten(device);
    return true;
  }

  @Authorized("GUEST")
  @Query(() => [DeviceEvent], {
    description: `A device's history, newest first (at most ${MAX_EVENT_LIMIT}); NOT_FOUND unless the caller may VIEW it.`,
  })
  async deviceEvents(
    @Arg("deviceId", () => ID) deviceId: string,
    @Ctx() ctx: HomeContext,
    @Arg("since", () => Date, { nullable: true }) since?: Date | null,
    @Arg("limit", () => Int, { defaultValue: DEFAULT_EVENT_LIMIT }) limit: number = DEFAULT_EVENT_LIMIT,
  ): Promise<DeviceEvent[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new BadUserInputError("limit must be 1 or more.", "limit");
    const device = await visibleDevice(ctx, deviceId);
    return ctx.em.find(
      DeviceEvent,
      {
        deviceId: device.id,
        ...(since ? { createdAt: { $gte: since } } : {}),
        ...(seesLockCodes(ctx.identity) ? {} : { name: { $nin: LOCK_CODE_EVENT_NAMES } }),
      },
      { orderBy: { createdAt: "desc", id: "desc" }, limit: Math.min(limit, MAX_EVENT_LIMIT) },
    );
  }

  @FieldResolver(() => [StoredAttribute], {
    description:
      "The device's attributes as last reported; a lock's code names (lockCodes, lastCodeName) for admins only.",
  })
  attributes(@Root() device: Device, @Ctx() ctx: HomeContext): StoredAttribute[] {
    return withoutCodeDetails(ctx.identity, device.attributes);
  }

  @FieldResolver(() => User, { nullable: true, description: "Who last changed this device through Homegraph." })
  lastChangedBy(@Root() device: Device): User | null {
    return userRef(device.lastChangedById);
  }

  @FieldResolver(() => Boolean, {
    description: "True when the values may be out of date: the hub is not connected, or no longer lists the device.",
  })
  stale(@Root() device: Device, @Ctx() ctx: HomeContext): boolean | Promise<boolean> {
    if (!device.online) return true;
    const known = ctx.loaders.knownHubStates.get(device.hub);
    if (known) return !known.connected;
    return hubStateOf(ctx, device.hub).then((state) => !state.connected);
  }

  @FieldResolver(() => [PendingCommand], {
    description: "Commands for this device waiting for the hub or being sent, in order; empty most of the time.",
  })
  pendingCommands(@Root() device: Device, @Ctx() ctx: HomeContext): PendingCommand[] {
    return ctx.link.pendingCommands(device).map(({ args, ...rest }) => ({ ...rest, arguments: args }));
  }

  @FieldResolver(() => AccessLevel, {
    description:
      "What the caller may do with it: VIEW (commands are FORBIDDEN) or CONTROL; the app greys out what it cannot send.",
  })
  async myAccess(@Root() device: Device, @Ctx() ctx: HomeContext): Promise<AccessLevel> {
    // The request's view is read once; a device listed to the caller is at least VIEW.
    return (await ctx.access()).levelOf(device);
  }

  @FieldResolver(() => Boolean, {
    description: "The hub no longer lists the device: kept with its history, hidden from lists after a grace period.",
  })
  removed(@Root() device: Device): boolean {
    return Boolean(device.removedAt);
  }

  @FieldResolver(() => Boolean, {
    description: "The hub lists the device, and its driver does not report it offline (healthStatus).",
  })
  online(@Root() device: Device): boolean {
    return device.online && device.attributes.find((a) => a.name === "healthStatus")?.value !== "offline";
  }
}

/** The hub's state for this request, remembered where `stale` looks for it first. */
async function hubStateOf(ctx: HomeContext, hub: string): Promise<HubState> {
  const state = await ctx.loaders.hubState.load(hub);
  ctx.loaders.knownHubStates.set(hub, state);
  return state;
}

@Resolver(() => Room)
export class RoomResolver {
  @FieldResolver(() => [Device])
  async devices(@Root() room: Room, @Ctx() ctx: HomeContext): Promise<Device[]> {
    const devices = await visibleOnly(ctx, await ctx.loaders.roomDevices.load(room.name));
    // Read with the devices (one query for every room's hubs), so that each device's `stale` has it.
    await Promise.all([...new Set(devices.map((d) => d.hub))].map((hub) => hubStateOf(ctx, hub)));
    return devices;
  }
}

@Resolver(() => DeviceEvent)
export class DeviceEventResolver {
  @FieldResolver(() => GraphQLJSON, {
    nullable: true,
    description: "Cast like Device.attributes' values; for a COMMAND, the list of arguments sent.",
  })
  value(@Root() event: DeviceEvent): AttributeValue {
    return event.typedValue;
  }

  @FieldResolver(() => Device, { nullable: true })
  async device(@Root() event: DeviceEvent, @Ctx() ctx: HomeContext): Promise<Device | null> {
    const device = await ctx.loaders.device.load(event.deviceId);
    return device && (await ctx.access()).canView(device) ? device : null;
  }

  @FieldResolver(() => User, { nullable: true, description: "Who caused it through Homegraph, if anyone did." })
  changedBy(@Root() event: DeviceEvent): User | null {
    return userRef(event.changedByUserId);
  }
}

@Resolver(() => User)
export class UserDevicesResolver {
  @Authorized()
  @FieldResolver(() => [Device], {
    nullable: true,
    description:
      "Devices whose last change through Homegraph this person made, of those the caller may see (null with an error when unauthorised).",
  })
  async devicesChanged(@Root() user: User, @Ctx() ctx: HomeContext): Promise<Device[]> {
    return visibleOnly(ctx, await ctx.loaders.changedDevices.load(Number(user.id)));
  }
}
