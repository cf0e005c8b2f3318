import { AppError, ErrorCode, OPEN_DURING_ENROLMENT, UnauthenticatedError } from "@homegraph/common";
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { AuthContext } from "../context.js";
import type { Identity } from "../services/token.service.js";
import { AuthPayload, Session, TokenIdentity } from "./types.js";

/** Resolvers behind @Authorized() run only with an identity; this narrows the type for them. */
export function caller(ctx: AuthContext): Identity {
  if (!ctx.identity) throw new UnauthenticatedError();
  return ctx.identity;
}

/** The payload's user is the caller from now on, though the request came without a token. */
export async function signedIn(ctx: AuthContext, result: Promise<AuthPayload>): Promise<AuthPayload> {
  const payload = await result;
  ctx.signedInUserId = payload.user.id;
  return payload;
}

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, {
    description:
      "Signs in. Unknown email and wrong password get the same answer. When the person has a second factor, " +
      "refuses with SECOND_FACTOR_REQUIRED and `extensions.challenge` for completeSignIn (signIn answers it as data).",
  })
  async login(
    @Arg("email", () => String) email: string,
    @Arg("password", () => String) password: string,
    @Ctx() ctx: AuthContext,
  ): Promise<AuthPayload> {
    const outcome = await ctx.runtime.signIn.signIn(ctx.em, email, password, ctx.meta);
    if ("challenge" in outcome) {
      const { challenge, expiresAt, methods } = outcome.challenge;
      const message = methods.includes("TOTP")
        ? "Enter the code from your authenticator app."
        : "Your household asks for a second factor: sign in with your passkey.";
      throw new AppError(ErrorCode.SECOND_FACTOR_REQUIRED, message, {
        challenge,
        challengeExpiresAt: expiresAt.toISOString(),
        methods,
      });
    }
    return signedIn(ctx, Promise.resolve(outcome.session));
  }

  @Mutation(() => AuthPayload, {
    description: "Exchanges a refresh token for a new pair. A token used twice ends its whole session.",
  })
  refreshToken(@Arg("refreshToken", () => String) refreshToken: string, @Ctx() ctx: AuthContext): Promise<AuthPayload> {
    return signedIn(ctx, ctx.runtime.sessions.refresh(ctx.em, refreshToken, ctx.meta));
  }

  @Mutation(() => Boolean, {
    description: "Emails a reset link if the account exists. Always answers true, in about the same time.",
  })
  requestPasswordReset(@Arg("email", () => String) email: string, @Ctx() ctx: AuthContext): Promise<boolean> {
    return ctx.runtime.passwords.requestPasswordReset(ctx.em, email, ctx.meta);
  }

  @Mutation(() => Boolean, { description: "Sets a new password from a reset link; ends every session." })
  resetPassword(
    @Arg("token", () => String) token: string,
    @Arg("newPassword", () => String) newPassword: string,
    @Ctx() ctx: AuthContext,
  ): Promise<boolean> {
    return ctx.runtime.passwords.resetPassword(ctx.em, token, newPassword, ctx.meta);
  }

  @Mutation(() => Boolean, {
    description:
      "Sets a new password with the 6-digit code of the reset email (for when the link was already spent); " +
      "ends every session. A few wrong codes burn the reset.",
  })
  resetPasswordWithCode(
    @Arg("email", () => String) email: string,
    @Arg("code", () => String) code: string,
    @Arg("newPassword", () => String) newPassword: string,
    @Ctx() ctx: AuthContext,
  ): Promise<boolean> {
    return ctx.runtime.passwords.resetPasswordWithCode(ctx.em, email, code, newPassword, ctx.meta);
  }

  @Mutation(() => AuthPayload, { description: "Chooses a password from an invitation link and signs in." })
  acceptInvite(
    @Arg("token", () => String) token: string,
    @Arg("password", () => String) password: string,
    @Ctx() ctx: AuthContext,
  ): Promise<AuthPayload> {
    return signedIn(ctx, ctx.runtime.accounts.acceptInvite(ctx.em, token, password, ctx.meta));
  }

  @Mutation(() => AuthPayload, { description: "Creates a MEMBER account, when the signUp.enabled setting allows it." })
  signUp(
    @Arg("email", () => String) email: string,
    @Arg("password", () => String) password: string,
    @Arg("displayName", () => String) displayName: string,
    @Ctx() ctx: AuthContext,
  ): Promise<AuthPayload> {
    return signedIn(ctx, ctx.runtime.accounts.signUp(ctx.em, { email, password, displayName }, ctx.meta));
  }

  @Authorized(OPEN_DURING_ENROLMENT, "GUEST")
  @Mutation(() => Boolean, { description: "Ends the session this request was made with." })
  logout(@Ctx() ctx: AuthContext): Promise<boolean> {
    return ctx.runtime.sessions.logout(ctx.em, caller(ctx), ctx.meta);
  }

  @Authorized("GUEST")
  @Mutation(() => Boolean, { description: "Ends every session of the caller, this one included." })
  logoutEverywhere(@Ctx() ctx: AuthContext): Promise<boolean> {
    return ctx.runtime.sessions.logoutEverywhere(ctx.em, caller(ctx), ctx.meta);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description:
      "Changes the password (needs a factor proven in the last 5 minutes: STEP_UP_REQUIRED); ends the other sessions and sends a security notice.",
  })
  async changePassword(
    @Arg("currentPassword", () => String) currentPassword: string,
    @Arg("newPassword", () => String) newPassword: string,
    @Ctx() ctx: AuthContext,
  ): Promise<boolean> {
    await ctx.runtime.signIn.requireRecent(ctx.em, caller(ctx), "changePassword", ctx.meta);
    return ctx.runtime.passwords.changePassword(ctx.em, caller(ctx), currentPassword, newPassword, ctx.meta);
  }

  @Authorized("GUEST")
  @Query(() => [Session], { description: "The caller's signed-in devices." })
  mySessions(@Ctx() ctx: AuthContext): Promise<Session[]> {
    return ctx.runtime.sessions.list(ctx.em, caller(ctx));
  }

  @Authorized("GUEST")
  @Mutation(() => Boolean, { description: "Ends one of the caller's own sessions." })
  revokeSession(@Arg("id", () => ID) id: string, @Ctx() ctx: AuthContext): Promise<boolean> {
    return ctx.runtime.sessions.revokeSession(ctx.em, caller(ctx), id, ctx.meta);
  }

  @Query(() => TokenIdentity, {
    description: "For other services: who an access token speaks for, or UNAUTHENTICATED when it is not valid.",
  })
  async verifyToken(@Arg("token", () => String) token: string, @Ctx() ctx: AuthContext): Promise<TokenIdentity> {
    return (await ctx.runtime.tokens.verify(token)) as TokenIdentity;
  }
}
