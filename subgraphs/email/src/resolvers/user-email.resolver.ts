import { ForbiddenError } from "@homegraph/common";
import { Arg, Authorized, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { EmailContext } from "../context.js";
import { EmailPreference } from "../entities/email-preference.entity.js";
import { User } from "../entities/user.entity.js";
import { isAdmin, requireCaller } from "../identity.js";
import { preferencesOrDefault } from "../services/email-log.service.js";
import { EmailLogPage, PageInput } from "./types.js";
import { EmailResolver } from "./email.resolver.js";

/** The person themself or an admin; anyone else learns nothing about someone's mail. */
function requireSelfOrAdmin(ctx: EmailContext, userId: number): void {
  const caller = requireCaller(ctx);
  if (caller.userId !== userId && !isAdmin(caller)) {
    throw new ForbiddenError("Only this person or an admin may see their email.");
  }
}

@Resolver(() => User)
export class UserMailResolver {
  private readonly logs = new EmailResolver();

  @Authorized()
  @FieldResolver(() => EmailPreference, {
    nullable: true,
    description: "What mail this person wants (themself or admins; null with an error for anyone else).",
  })
  async emailPreferences(@Root() user: User, @Ctx() ctx: EmailContext): Promise<EmailPreference> {
    const userId = Number(user.id);
    requireSelfOrAdmin(ctx, userId);
    return preferencesOrDefault(userId, await ctx.loaders.preferences.load(userId));
  }

  @Authorized()
  @FieldResolver(() => EmailLogPage, {
    nullable: true,
    description: "Mail sent to this person, newest first (themself or admins; null with an error for anyone else).",
  })
  emailLogs(
    @Root() user: User,
    @Arg("page", () => PageInput, { nullable: true }) page: PageInput | undefined,
    @Ctx() ctx: EmailContext,
  ): Promise<EmailLogPage> {
    const userId = Number(user.id);
    requireSelfOrAdmin(ctx, userId);
    return this.logs.emailLogs({ userId }, page, ctx);
  }
}
