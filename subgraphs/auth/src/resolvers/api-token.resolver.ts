import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { AuthContext } from "../context.js";
import { caller } from "./auth.resolver.js";
import { ApiTokenAccess, ApiTokenView, CreatedApiToken } from "./api-token.types.js";

/** API tokens for scripts and Apollo Sandbox (docs/identity.md, "API tokens"). */
@Resolver()
export class ApiTokenResolver {
  @Authorized()
  @Query(() => [ApiTokenView], { description: "The caller's API tokens that still work, newest first." })
  myApiTokens(@Ctx() ctx: AuthContext): Promise<ApiTokenView[]> {
    return ctx.runtime.apiTokens.list(ctx.em, caller(ctx));
  }

  @Authorized()
  @Mutation(() => CreatedApiToken, {
    description:
      "Creates an API token (at most 20 live ones; needs a factor proven in the last 5 minutes: " +
      "STEP_UP_REQUIRED). The secret is in the answer only.",
  })
  async createApiToken(
    @Arg("name", () => String) name: string,
    @Arg("expiresInDays", () => Int, { nullable: true, description: "Null: never expires." })
    expiresInDays: number | null,
    @Ctx() ctx: AuthContext,
  ): Promise<CreatedApiToken> {
    await ctx.runtime.signIn.requireRecent(ctx.em, caller(ctx), "createApiToken", ctx.meta);
    return ctx.runtime.apiTokens.create(ctx.em, caller(ctx), { name, expiresInDays }, ctx.meta);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Revokes one of the caller's API tokens; its access tokens stop at once." })
  revokeApiToken(@Arg("id", () => ID) id: string, @Ctx() ctx: AuthContext): Promise<boolean> {
    return ctx.runtime.apiTokens.revoke(ctx.em, caller(ctx), id, ctx.meta);
  }

  @Mutation(() => ApiTokenAccess, {
    description:
      "Exchanges an API token for a short-lived access token (the gateway does this for `Authorization: " +
      "Bearer hgp_…`). Wrong tokens are rate limited per address.",
  })
  exchangeApiToken(@Arg("token", () => String) token: string, @Ctx() ctx: AuthContext): Promise<ApiTokenAccess> {
    return ctx.runtime.apiTokens.exchange(ctx.em, token, ctx.meta);
  }
}
