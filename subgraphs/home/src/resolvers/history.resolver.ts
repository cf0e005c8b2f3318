import { BadUserInputError, NotFoundError } from "@homegraph/common";
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { HomeContext } from "../context.js";
import { Device } from "../entities/device.entity.js";
import { visibleDevice } from "../services/access-guard.js";
import { findDevice } from "../services/device.service.js";
import { checkRange, readHistory, unitOf } from "../services/history.service.js";
import { isLockCodeDetail, seesLockCodes } from "../services/lock-code-privacy.js";
import { DeviceHistory, HistoryResolutionInput, HistoryRetention } from "./history.types.js";

/** Longest retention an admin may set: ten years. */
export const MAX_RETENTION_DAYS = 3650;

function checkDays(days: number | null | undefined, field: string): number | null {
  if (days === null || days === undefined) return null;
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    throw new BadUserInputError(`${field} must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}.`, field);
  }
  return days;
}

@Resolver(() => Device)
export class HistoryResolver {
  @Authorized("GUEST")
  @Query(() => DeviceHistory, {
    description:
      "A device attribute's numeric readings over [from, to) (to: now when omitted), as readings or hourly or " +
      "daily buckets (min, max, mean; `increase` for counters such as energy). Buckets come from rollups kept " +
      "long after the events themselves. NOT_FOUND unless the caller may VIEW the device.",
  })
  async deviceHistory(
    @Arg("deviceId", () => ID) deviceId: string,
    @Arg("attribute", () => String, { description: "Like temperature, humidity, power or energy." }) attribute: string,
    @Arg("from", () => Date) from: Date,
    @Ctx() ctx: HomeContext,
    @Arg("to", () => Date, { nullable: true }) to?: Date | null,
    @Arg("resolution", () => HistoryResolutionInput, { defaultValue: HistoryResolutionInput.AUTO })
    resolution: HistoryResolutionInput = HistoryResolutionInput.AUTO,
  ): Promise<DeviceHistory> {
    const until = to ?? new Date();
    const chosen = checkRange(from, until, resolution);
    if (!attribute.trim()) throw new BadUserInputError("Name the attribute to chart.", "attribute");
    const device = await visibleDevice(ctx, deviceId);
    // A lock's code names are the admins': anyone else gets the empty chart of an attribute never reported.
    const hidden = isLockCodeDetail(attribute) && !seesLockCodes(ctx.identity);
    const points = hidden ? [] : await readHistory(ctx.em, device.id, attribute, from, until, chosen);
    return {
      deviceId: String(device.id),
      attribute,
      unit: await unitOf(ctx.em, device.id, attribute, device.attributes.find((a) => a.name === attribute)?.unit),
      resolution: chosen as HistoryResolutionInput,
      from,
      to: until,
      points,
    };
  }

  @Authorized("GUEST")
  @FieldResolver(() => HistoryRetention, { description: "How long this device's history is kept." })
  historyRetention(@Root() device: Device, @Ctx() ctx: HomeContext): HistoryRetention {
    return {
      eventDays: device.eventRetentionDays ?? ctx.retention.eventDays,
      rollupDays: device.rollupRetentionDays ?? ctx.retention.rollupDays,
      custom: device.eventRetentionDays != null || device.rollupRetentionDays != null,
    };
  }

  @Authorized("ADMIN")
  @Mutation(() => Device, {
    description:
      "Sets how long this device's events and rollups are kept (1 to 3650 days each); null: the default. " +
      "The next hourly prune applies it.",
  })
  async setDeviceHistoryRetention(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: HomeContext,
    @Arg("eventDays", () => Int, { nullable: true }) eventDays?: number | null,
    @Arg("rollupDays", () => Int, { nullable: true }) rollupDays?: number | null,
  ): Promise<Device> {
    const events = checkDays(eventDays, "eventDays");
    const rollups = checkDays(rollupDays, "rollupDays");
    const device = await findDevice(ctx.em, Number(id));
    if (!device) throw new NotFoundError(`There is no device ${id}.`);
    device.eventRetentionDays = events;
    device.rollupRetentionDays = rollups;
    await ctx.em.flush();
    return device;
  }
}
