import { BadUserInputError, NotFoundError } from "@homegraph/common";
import { GraphQLJSON } from "graphql-scalars";
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { HomeContext } from "../context.js";
import { DeviceEvent } from "../entities/device-event.entity.js";
import { Device } from "../entities/device.entity.js";
import { User } from "../entities/user.entity.js";
import type { AttributeValue } from "../hubitat/types.js";
import { forgetDevice } from "../services/device-lifecycle.service.js";
import { findDevice, listDevices, listRooms } from "../services/device.service.js";
import { PendingCommand, Room } from "./types.js";

export const DEFAULT_EVENT_LIMIT = 50;
export const MAX_EVENT_LIMIT = 500;

const userRef = (id: number | null | undefined) => (id ? Object.assign(new User(), { id: String(id) }) : null);

@Resolver(() => Device)
export class DeviceResolver {
  @Authorized()
  @Query(() => [Device], {
    description: "The household's devices by room, from stored state (answers while the hub is away; see `stale`).",
  })
  devices(
    @Ctx() ctx: HomeContext,
    @Arg("room", () => String, { nullable: true, description: "Only this room (exact name)." }) room?: string | null,
    @Arg("capability", () => String, { nullable: true, description: "Only devices with it, like Switch or Lock." })
    capability?: string | null,
    @Arg("hub", () => String, { nullable: true, description: "Only this hub's devices (Hub.name)." })
    hub?: string | null,
  ): Promise<Device[]> {
    return listDevices(ctx.em, { room, capability, hub }, ctx.removedGraceMs);
  }

  @Authorized()
  @Query(() => Device, { nullable: true, description: "One device, or null when there is none with this id." })
  device(@Arg("id", () => ID) id: string, @Ctx() ctx: HomeContext): Promise<Device | null> {
    return findDevice(ctx.em, Number(id));
  }

  @Authorized()
  @Query(() => [Room], { description: "Rooms that have devices, by name." })
  rooms(@Ctx() ctx: HomeContext): Promise<Room[]> {
    return listRooms(ctx.em, ctx.removedGraceMs);
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

  @Authorized()
  @Query(() => [DeviceEvent], { description: `A device's history, newest first (at most ${MAX_EVENT_LIMIT}).` })
  async deviceEvents(
    @Arg("deviceId", () => ID) deviceId: string,
    @Ctx() ctx: HomeContext,
    @Arg("since", () => Date, { nullable: true }) since?: Date | null,
    @Arg("limit", () => Int, { defaultValue: DEFAULT_EVENT_LIMIT }) limit: number = DEFAULT_EVENT_LIMIT,
  ): Promise<DeviceEvent[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new BadUserInputError("limit must be 1 or more.", "limit");
    const device = await findDevice(ctx.em, Number(deviceId));
    if (!device) throw new NotFoundError(`There is no device ${deviceId}.`);
    return ctx.em.find(
      DeviceEvent,
      { deviceId: device.id, ...(since ? { createdAt: { $gte: since } } : {}) },
      { orderBy: { createdAt: "desc", id: "desc" }, limit: Math.min(limit, MAX_EVENT_LIMIT) },
    );
  }

  @FieldResolver(() => User, { nullable: true, description: "Who last changed this device through Homegraph." })
  lastChangedBy(@Root() device: Device): User | null {
    return userRef(device.lastChangedById);
  }

  @FieldResolver(() => Boolean, {
    description: "True when the values may be out of date: the hub is not connected, or no longer lists the device.",
  })
  async stale(@Root() device: Device, @Ctx() ctx: HomeContext): Promise<boolean> {
    return !device.online || !(await ctx.loaders.hubState.load(device.hub)).connected;
  }

  @FieldResolver(() => [PendingCommand], {
    description: "Commands for this device waiting for the hub or being sent, in order; empty most of the time.",
  })
  pendingCommands(@Root() device: Device, @Ctx() ctx: HomeContext): PendingCommand[] {
    return ctx.link.pendingCommands(device).map(({ args, ...rest }) => ({ ...rest, arguments: args }));
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

@Resolver(() => Room)
export class RoomResolver {
  @FieldResolver(() => [Device])
  devices(@Root() room: Room, @Ctx() ctx: HomeContext): Promise<Device[]> {
    return ctx.loaders.roomDevices.load(room.name);
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
  device(@Root() event: DeviceEvent, @Ctx() ctx: HomeContext): Promise<Device | null> {
    return ctx.loaders.device.load(event.deviceId);
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
    description: "Devices whose last change through Homegraph this person made (null with an error when unauthorised).",
  })
  devicesChanged(@Root() user: User, @Ctx() ctx: HomeContext): Promise<Device[]> {
    return ctx.loaders.changedDevices.load(Number(user.id));
  }
}
