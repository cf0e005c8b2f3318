import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { EmailContext } from "../context.js";
import { EmailPreference } from "../entities/email-preference.entity.js";
import { requireCaller } from "../identity.js";
import { preferencesOrDefault } from "../services/email-log.service.js";
import { UpdateEmailPreferencesInput } from "./types.js";

@Resolver()
export class EmailPreferencesResolver {
  @Authorized()
  @Query(() => EmailPreference, {
    nullable: true,
    description:
      "What mail you get. Security mail always goes out. Null with an error when the email service cannot answer, so a page asking for it with your profile still gets the profile.",
  })
  async myEmailPreferences(@Ctx() ctx: EmailContext): Promise<EmailPreference> {
    const caller = requireCaller(ctx);
    return preferencesOrDefault(caller.userId, await ctx.em.findOne(EmailPreference, { userId: caller.userId }));
  }

  @Authorized()
  @Mutation(() => EmailPreference, { description: "Changes what mail you get; security mail always goes out." })
  async updateEmailPreferences(
    @Arg("input", () => UpdateEmailPreferencesInput) input: UpdateEmailPreferencesInput,
    @Ctx() ctx: EmailContext,
  ): Promise<EmailPreference> {
    const caller = requireCaller(ctx);
    const enabled = input.notificationsEnabled ?? null;
    const digest = input.digest ?? null;
    // One statement, so two tabs saving at once cannot both insert.
    await ctx.em.execute(
      `insert into "email"."email_preferences" (user_id, notifications_enabled, digest)
       values (?, coalesce(?, true), coalesce(?, 'OFF'))
       on conflict (user_id) do update set
         notifications_enabled = coalesce(?, email_preferences.notifications_enabled),
         digest = coalesce(?, email_preferences.digest),
         updated_at = now()`,
      [caller.userId, enabled, digest, enabled, digest],
    );
    return ctx.em.findOneOrFail(EmailPreference, { userId: caller.userId }, { refresh: true });
  }
}
