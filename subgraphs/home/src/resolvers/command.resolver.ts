import { BadUserInputError, requireStepUp, UnauthenticatedError } from "@homegraph/common";
import { GraphQLJSON } from "graphql-scalars";
import { Arg, Authorized, Ctx, Float, ID, Int, Mutation, Resolver } from "type-graphql";
import type { HomeContext } from "../context.js";
import { Device } from "../entities/device.entity.js";
import { checkRange } from "../services/command-validation.js";
import { controllableDevice } from "../services/access-guard.js";
import { requireLockCodeAdmin } from "../services/lock-code-privacy.js";

const MAX_ARGS = 10;

/** Commands that open the house: they need a factor proven in the last 5 minutes (STEP_UP_REQUIRED). */
const STEP_UP_COMMANDS = new Set(["unlock"]);

/**
 * Every command passes here: a step-up for what opens the house, then CONTROL of the device
 * (NOT_FOUND when the caller may not even see it, FORBIDDEN naming the grant when they may only see it).
 */
async function send(ctx: HomeContext, deviceId: string, command: string, args: unknown[]): Promise<Device> {
  if (!ctx.identity) throw new UnauthenticatedError();
  // The step-up depends on the command alone, so asking for it first says nothing about the device.
  if (STEP_UP_COMMANDS.has(command.toLowerCase())) requireStepUp(ctx, command);
  // Codes go through the lock-code service (scheduled, sealed, reconciled); raw code commands are the admins'.
  requireLockCodeAdmin(ctx.identity, command);
  const device = await controllableDevice(ctx, deviceId);
  return ctx.link.sendCommand(ctx.em, device.id, command, args, ctx.identity.userId);
}

/**
 * Device control, for whoever holds CONTROL of the device (members by their grants and role
 * defaults, guests by their pass). Each mutation answers the device as stored: its attributes
 * change when the hub's events arrive (moments later), which subscriptions deliver.
 */
@Resolver()
export class CommandResolver {
  @Authorized("GUEST")
  @Mutation(() => Device, {
    description:
      "Sends any command the device lists (see Device.commands), checked against its argument types first. " +
      'args are JSON: numbers for NUMBER, strings for STRING and ENUM, a map like {"hue": 88} for COLOR_MAP.',
  })
  sendDeviceCommand(
    @Arg("deviceId", () => ID) deviceId: string,
    @Arg("command", () => String) command: string,
    @Ctx() ctx: HomeContext,
    @Arg("args", () => [GraphQLJSON], { nullable: true }) args?: unknown[] | null,
  ): Promise<Device> {
    if ((args?.length ?? 0) > MAX_ARGS) throw new BadUserInputError(`At most ${MAX_ARGS} arguments.`, "args");
    return send(ctx, deviceId, command, args ?? []);
  }

  @Authorized("GUEST")
  @Mutation(() => Device, { description: "Turns a switch, light or outlet on or off." })
  setSwitch(
    @Arg("deviceId", () => ID) deviceId: string,
    @Arg("on", () => Boolean) on: boolean,
    @Ctx() ctx: HomeContext,
  ): Promise<Device> {
    return send(ctx, deviceId, on ? "on" : "off", []);
  }

  @Authorized("GUEST")
  @Mutation(() => Device, { description: "Dims to a level from 0 to 100 (0 turns it off on most drivers)." })
  setLevel(
    @Arg("deviceId", () => ID) deviceId: string,
    @Arg("level", () => Int) level: number,
    @Ctx() ctx: HomeContext,
  ): Promise<Device> {
    return send(ctx, deviceId, "setLevel", [checkRange(level, 0, 100, "level")]);
  }

  @Authorized("GUEST")
  @Mutation(() => Device, { description: "Sets a colour bulb's hue, saturation and level (each 0 to 100)." })
  setColor(
    @Arg("deviceId", () => ID) deviceId: string,
    @Arg("hue", () => Int) hue: number,
    @Arg("saturation", () => Int) saturation: number,
    @Ctx() ctx: HomeContext,
    @Arg("level", () => Int, { nullable: true }) level?: number | null,
  ): Promise<Device> {
    const map: Record<string, number> = {
      hue: checkRange(hue, 0, 100, "hue"),
      saturation: checkRange(saturation, 0, 100, "saturation"),
    };
    if (level !== undefined && level !== null) map.level = checkRange(level, 0, 100, "level");
    return send(ctx, deviceId, "setColor", [map]);
  }

  @Authorized("GUEST")
  @Mutation(() => Device, { description: "Locks a lock." })
  lock(@Arg("deviceId", () => ID) deviceId: string, @Ctx() ctx: HomeContext): Promise<Device> {
    return send(ctx, deviceId, "lock", []);
  }

  @Authorized("GUEST")
  @Mutation(() => Device, { description: "Unlocks a lock." })
  unlock(@Arg("deviceId", () => ID) deviceId: string, @Ctx() ctx: HomeContext): Promise<Device> {
    return send(ctx, deviceId, "unlock", []);
  }

  @Authorized("GUEST")
  @Mutation(() => Device, { description: "In the thermostat's own unit (°C or °F, as its attributes show)." })
  setHeatingSetpoint(
    @Arg("deviceId", () => ID) deviceId: string,
    @Arg("temperature", () => Float) temperature: number,
    @Ctx() ctx: HomeContext,
  ): Promise<Device> {
    return send(ctx, deviceId, "setHeatingSetpoint", [checkRange(temperature, -40, 120, "temperature")]);
  }

  @Authorized("GUEST")
  @Mutation(() => Device, { description: "In the thermostat's own unit (°C or °F, as its attributes show)." })
  setCoolingSetpoint(
    @Arg("deviceId", () => ID) deviceId: string,
    @Arg("temperature", () => Float) temperature: number,
    @Ctx() ctx: HomeContext,
  ): Promise<Device> {
    return send(ctx, deviceId, "setCoolingSetpoint", [checkRange(temperature, -40, 120, "temperature")]);
  }

  @Authorized("GUEST")
  @Mutation(() => Device, { description: "One of the thermostat's supported modes (auto, off, heat, cool...)." })
  setThermostatMode(
    @Arg("deviceId", () => ID) deviceId: string,
    @Arg("mode", () => String) mode: string,
    @Ctx() ctx: HomeContext,
  ): Promise<Device> {
    return send(ctx, deviceId, "setThermostatMode", [mode]);
  }

  @Authorized("GUEST")
  @Mutation(() => Device, { description: "A shade's position from 0 (closed) to 100 (open)." })
  setShadePosition(
    @Arg("deviceId", () => ID) deviceId: string,
    @Arg("position", () => Int) position: number,
    @Ctx() ctx: HomeContext,
  ): Promise<Device> {
    return send(ctx, deviceId, "setPosition", [checkRange(position, 0, 100, "position")]);
  }

  @Authorized("GUEST")
  @Mutation(() => Device, { description: "Pushes button `number` (1 to the device's numberOfButtons)." })
  async pushButton(
    @Arg("deviceId", () => ID) deviceId: string,
    @Arg("number", () => Int) number: number,
    @Ctx() ctx: HomeContext,
  ): Promise<Device> {
    const device = await controllableDevice(ctx, deviceId);
    const count = device.attributes.find((a) => a.name === "numberOfButtons")?.value;
    checkRange(number, 1, typeof count === "number" && count >= 1 ? count : 99, "number");
    return send(ctx, deviceId, "push", [number]);
  }
}
