import { OPEN_DURING_ENROLMENT } from "@homegraph/common";
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { AuthContext } from "../context.js";
import { getUser } from "../repositories/user.repository.js";
import { caller, signedIn } from "./auth.resolver.js";
import {
  SecondFactorChallenge,
  SecondFactorStatus,
  SignInResult,
  StepUpPayload,
  TotpConfirmation,
  TotpEnrollment,
} from "./second-factor.types.js";
import { AuthPayload } from "./types.js";

/** Sign-in with a second factor, step-up, authenticator apps and the alerts' sign-out link. */
@Resolver()
export class SecondFactorResolver {
  @Mutation(() => SignInResult, {
    description: "Signs in: a session, or (with a second factor set up) the challenge for completeSignIn.",
  })
  async signIn(
    @Arg("email", () => String) email: string,
    @Arg("password", () => String) password: string,
    @Ctx() ctx: AuthContext,
  ): Promise<AuthPayload | SecondFactorChallenge> {
    const outcome = await ctx.runtime.signIn.signIn(ctx.em, email, password, ctx.meta);
    if ("challenge" in outcome) return Object.assign(new SecondFactorChallenge(), outcome.challenge);
    return signedIn(ctx, Promise.resolve(outcome.session));
  }

  @Mutation(() => AuthPayload, {
    description: "Finishes a sign-in with a code from the authenticator app, or a recovery code (used once).",
  })
  completeSignIn(
    @Arg("challenge", () => String) challenge: string,
    @Ctx() ctx: AuthContext,
    @Arg("code", () => String, { nullable: true }) code?: string | null,
    @Arg("recoveryCode", () => String, { nullable: true }) recoveryCode?: string | null,
  ): Promise<AuthPayload> {
    return signedIn(ctx, ctx.runtime.signIn.completeSignIn(ctx.em, challenge, { code, recoveryCode }, ctx.meta));
  }

  @Authorized(OPEN_DURING_ENROLMENT)
  @Mutation(() => StepUpPayload, {
    description:
      "Proves a factor again (the app's code, else the password) and answers an access token that passes " +
      "STEP_UP_REQUIRED checks for 5 minutes. Refreshing never extends that time.",
  })
  stepUp(
    @Ctx() ctx: AuthContext,
    @Arg("password", () => String, { nullable: true }) password?: string | null,
    @Arg("code", () => String, { nullable: true }) code?: string | null,
    @Arg("recoveryCode", () => String, { nullable: true }) recoveryCode?: string | null,
  ): Promise<StepUpPayload> {
    return ctx.runtime.signIn.stepUp(ctx.em, caller(ctx), { password, code, recoveryCode }, ctx.meta);
  }

  @Authorized(OPEN_DURING_ENROLMENT)
  @Mutation(() => TotpEnrollment, {
    description: "Starts setting up an authenticator app for the caller. Needs a factor proven in the last 5 minutes.",
  })
  async beginTotpEnrollment(@Ctx() ctx: AuthContext): Promise<TotpEnrollment> {
    // A stolen session must not add its thief's app (and lock the person out of their own account).
    await ctx.runtime.signIn.requireRecent(ctx.em, caller(ctx), "beginTotpEnrollment", ctx.meta);
    return ctx.runtime.totp.begin(ctx.em, caller(ctx), ctx.meta);
  }

  @Authorized(OPEN_DURING_ENROLMENT)
  @Mutation(() => TotpConfirmation, {
    description: "Turns the app on with its first code; answers ten recovery codes, shown this once.",
  })
  async confirmTotpEnrollment(
    @Arg("code", () => String) code: string,
    @Ctx() ctx: AuthContext,
  ): Promise<TotpConfirmation> {
    const identity = caller(ctx);
    const recoveryCodes = await ctx.runtime.totp.confirm(ctx.em, identity, code, ctx.meta);
    const user = await getUser(ctx.em, identity.userId);
    const access = await ctx.runtime.sessions.proven(ctx.em, user, identity.sessionId);
    return { enabled: true, recoveryCodes, accessToken: access.token };
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: "Removes the authenticator app and its recovery codes. Needs a fresh stepUp.",
  })
  async disableTotp(@Ctx() ctx: AuthContext): Promise<boolean> {
    await ctx.runtime.signIn.requireRecent(ctx.em, caller(ctx), "disableTotp", ctx.meta);
    return ctx.runtime.totp.disable(ctx.em, caller(ctx), ctx.meta);
  }

  // Open to guests: the app asks it on every start (a guest's answer: nothing required).
  @Authorized(OPEN_DURING_ENROLMENT, "GUEST")
  @Query(() => SecondFactorStatus, { description: "The caller's second factors and what the household asks of them." })
  async mySecondFactor(@Ctx() ctx: AuthContext): Promise<SecondFactorStatus> {
    return ctx.runtime.policy.status(ctx.em, await getUser(ctx.em, caller(ctx).userId));
  }

  @Mutation(() => Boolean, {
    description: 'The "not you?" link of a security alert: ends every session of its person. Works once.',
  })
  signOutEverywhere(@Arg("token", () => String) token: string, @Ctx() ctx: AuthContext): Promise<boolean> {
    return ctx.runtime.sessions.signOutEverywhereByLink(ctx.em, token, ctx.meta);
  }
}
