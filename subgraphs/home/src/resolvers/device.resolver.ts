import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { HomeContext } from "../context.js";
import { Device } from "../entities/device.entity.js";
import { User } from "../entities/user.entity.js";
import { findDevice, listDevices } from "../services/device.service.js";

@Resolver(() => Device)
export class DeviceResolver {
  @Authorized()
  @Query(() => [Device], { description: "Every device of the household, by room." })
  devices(@Ctx() ctx: HomeContext): Promise<Device[]> {
    return listDevices(ctx.em);
  }

  @Authorized()
  @Query(() => Device, { nullable: true })
  device(@Arg("id", () => ID) id: string, @Ctx() ctx: HomeContext): Promise<Device | null> {
    return findDevice(ctx.em, Number(id));
  }

  @FieldResolver(() => User, { nullable: true, description: "Who last changed this device through Homegraph." })
  lastChangedBy(@Root() device: Device): User | null {
    return device.lastChangedById ? Object.assign(new User(), { id: String(device.lastChangedById) }) : null;
  }
}

@Resolver(() => User)
export class UserDevicesResolver {
  @Authorized()
  @FieldResolver(() => [Device], { description: "Devices whose last change through Homegraph this person made." })
  devicesChanged(@Root() user: User, @Ctx() ctx: HomeContext): Promise<Device[]> {
    return ctx.loaders.changedDevices.load(Number(user.id));
  }
}
