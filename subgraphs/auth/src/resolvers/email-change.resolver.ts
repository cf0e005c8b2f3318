import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { AuthContext } from "../context.js";
import { caller } from "./auth.resolver.js";

/** Changing one's e-mail address (docs/identity.md, "Changing the e-mail address"). */
@Resolver()
export class EmailChangeResolver {
  @Authorized()
  @Mutation(() => Boolean, {
    description:
      "Mails a confirmation link and code to the new address and a heads-up to the current one; the address " +
      "changes once confirmed (24 h). Needs a factor proven in the last 5 minutes (STEP_UP_REQUIRED); an address " +
      "in use is refused with CONFLICT and `reason: EMAIL_TAKEN`.",
  })
  async requestEmailChange(@Arg("newEmail", () => String) newEmail: string, @Ctx() ctx: AuthContext): Promise<boolean> {
    await ctx.runtime.signIn.requireRecent(ctx.em, caller(ctx), "requestEmailChange", ctx.meta);
    return ctx.runtime.emailChanges.request(ctx.em, caller(ctx), newEmail, ctx.meta);
  }

  @Mutation(() => Boolean, {
    description: "The confirmation link's token: switches the address (works once). Sessions are kept.",
  })
  confirmEmailChange(@Arg("token", () => String) token: string, @Ctx() ctx: AuthContext): Promise<boolean> {
    return ctx.runtime.emailChanges.confirm(ctx.em, token, ctx.meta);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: "The 6-digit code of the confirmation mail, for the signed-in person; a few wrong codes burn it.",
  })
  confirmEmailChangeWithCode(@Arg("code", () => String) code: string, @Ctx() ctx: AuthContext): Promise<boolean> {
    return ctx.runtime.emailChanges.confirmWithCode(ctx.em, caller(ctx), code, ctx.meta);
  }
}
