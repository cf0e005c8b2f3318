import { OPEN_DURING_ENROLMENT } from "@homegraph/common";
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { AuthContext } from "../context.js";
import { caller, signedIn } from "./auth.resolver.js";
import { Passkey, PasskeyCeremony, StepUpPayload } from "./second-factor.types.js";
import { AuthPayload } from "./types.js";

/** Passkeys: adding and managing them, signing in with one (no email typed), stepping up with one. */
@Resolver()
export class PasskeyResolver {
  @Authorized(OPEN_DURING_ENROLMENT)
  @Query(() => [Passkey], { description: "The caller's passkeys." })
  myPasskeys(@Ctx() ctx: AuthContext): Promise<Passkey[]> {
    return ctx.runtime.passkeys.list(ctx.em, caller(ctx).userId);
  }

  @Authorized(OPEN_DURING_ENROLMENT)
  @Mutation(() => PasskeyCeremony, {
    description:
      "Starts adding a passkey for the caller (discoverable; their other passkeys excluded). " +
      "Needs a factor proven in the last 5 minutes (STEP_UP_REQUIRED).",
  })
  async beginPasskeyRegistration(@Ctx() ctx: AuthContext): Promise<PasskeyCeremony> {
    // A stolen session must not add its thief's passkey: it would be a way back in for good.
    await ctx.runtime.signIn.requireRecent(ctx.em, caller(ctx), "beginPasskeyRegistration", ctx.meta);
    return ctx.runtime.passkeys.beginRegistration(ctx.em, caller(ctx));
  }

  @Authorized(OPEN_DURING_ENROLMENT)
  @Mutation(() => Passkey, {
    description: 'Finishes adding a passkey with the browser\'s response; `name` defaults to "Passkey <date>".',
  })
  finishPasskeyRegistration(
    @Arg("challengeId", () => String) challengeId: string,
    @Arg("response", () => String) response: string,
    @Ctx() ctx: AuthContext,
    @Arg("name", () => String, { nullable: true }) name?: string | null,
  ): Promise<Passkey> {
    return ctx.runtime.passkeys.finishRegistration(ctx.em, caller(ctx), challengeId, response, name, ctx.meta);
  }

  @Authorized()
  @Mutation(() => Passkey, { description: "Renames one of the caller's passkeys." })
  renamePasskey(
    @Arg("id", () => ID) id: string,
    @Arg("name", () => String) name: string,
    @Ctx() ctx: AuthContext,
  ): Promise<Passkey> {
    return ctx.runtime.passkeys.rename(ctx.em, caller(ctx), id, name, ctx.meta);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Removes one of the caller's passkeys. Needs a fresh step-up." })
  async removePasskey(@Arg("id", () => ID) id: string, @Ctx() ctx: AuthContext): Promise<boolean> {
    await ctx.runtime.signIn.requireRecent(ctx.em, caller(ctx), "removePasskey", ctx.meta);
    return ctx.runtime.passkeys.remove(ctx.em, caller(ctx), id, ctx.meta);
  }

  @Mutation(() => PasskeyCeremony, {
    description:
      "Starts a passkey sign-in (no email: the browser offers the person's passkeys). Rate-limited per address.",
  })
  beginPasskeySignIn(@Ctx() ctx: AuthContext): Promise<PasskeyCeremony> {
    return ctx.runtime.passkeySignIn.beginSignIn(ctx.em, ctx.meta);
  }

  @Mutation(() => AuthPayload, {
    description: "Signs in with the browser's passkey response. The passkey counts as the second factor too.",
  })
  finishPasskeySignIn(
    @Arg("challengeId", () => String) challengeId: string,
    @Arg("response", () => String) response: string,
    @Ctx() ctx: AuthContext,
  ): Promise<AuthPayload> {
    return signedIn(ctx, ctx.runtime.passkeySignIn.finishSignIn(ctx.em, challengeId, response, ctx.meta));
  }

  @Authorized(OPEN_DURING_ENROLMENT)
  @Mutation(() => PasskeyCeremony, { description: "Starts a step-up with one of the caller's passkeys." })
  beginPasskeyStepUp(@Ctx() ctx: AuthContext): Promise<PasskeyCeremony> {
    return ctx.runtime.passkeySignIn.beginStepUp(ctx.em, caller(ctx));
  }

  @Authorized(OPEN_DURING_ENROLMENT)
  @Mutation(() => StepUpPayload, {
    description:
      "Proves one of the caller's passkeys: an access token that passes STEP_UP_REQUIRED checks for 5 minutes.",
  })
  finishPasskeyStepUp(
    @Arg("challengeId", () => String) challengeId: string,
    @Arg("response", () => String) response: string,
    @Ctx() ctx: AuthContext,
  ): Promise<StepUpPayload> {
    return ctx.runtime.passkeySignIn.finishStepUp(ctx.em, caller(ctx), challengeId, response, ctx.meta);
  }
}
