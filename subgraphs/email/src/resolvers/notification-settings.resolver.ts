import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import type { EmailContext } from "../context.js";
import { NotificationChannel, NotificationKind } from "../entities/notification-enums.js";
import { requireCaller } from "../identity.js";
import {
  retentionDays,
  setQuietHours,
  setRetentionDays,
  setRoute,
  settingsOf,
  type NotificationSettings as Settings,
} from "../services/notification-settings.js";
import { NotificationSettings, QuietHoursInput } from "./notification-types.js";

@Resolver()
export class NotificationSettingsResolver {
  @Authorized()
  @Query(() => NotificationSettings, {
    description: "Where each kind of notification reaches you, and your quiet hours.",
  })
  myNotificationSettings(@Ctx() ctx: EmailContext): Promise<Settings> {
    return settingsOf(ctx.em, requireCaller(ctx).userId);
  }

  @Authorized()
  @Mutation(() => NotificationSettings, {
    description: "Chooses the channels of one kind of notification (an empty list: none).",
  })
  async setNotificationRoute(
    @Arg("kind", () => NotificationKind) kind: NotificationKind,
    @Arg("channels", () => [NotificationChannel]) channels: NotificationChannel[],
    @Ctx() ctx: EmailContext,
  ): Promise<Settings> {
    const caller = requireCaller(ctx);
    await setRoute(ctx.em, caller.userId, kind, channels);
    return settingsOf(ctx.em, caller.userId);
  }

  @Authorized()
  @Mutation(() => NotificationSettings, { description: "Sets your quiet hours." })
  async setQuietHours(
    @Arg("input", () => QuietHoursInput) input: QuietHoursInput,
    @Ctx() ctx: EmailContext,
  ): Promise<Settings> {
    const caller = requireCaller(ctx);
    await setQuietHours(ctx.em, caller.userId, input);
    return settingsOf(ctx.em, caller.userId);
  }

  @Authorized("ADMIN")
  @Query(() => Int, { description: "How many days the household keeps notifications (90 unless changed)." })
  notificationRetentionDays(@Ctx() ctx: EmailContext): Promise<number> {
    requireCaller(ctx, "ADMIN");
    return retentionDays(ctx.em);
  }

  @Authorized("ADMIN")
  @Mutation(() => Int, {
    description: "Sets how many days notifications are kept (1 to 3650); older ones are deleted daily.",
  })
  setNotificationRetentionDays(@Arg("days", () => Int) days: number, @Ctx() ctx: EmailContext): Promise<number> {
    const caller = requireCaller(ctx, "ADMIN");
    return setRetentionDays(ctx.em, days, caller.userId);
  }
}
