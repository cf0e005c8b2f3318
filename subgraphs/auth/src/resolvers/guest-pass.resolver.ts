import { OPEN_DURING_ENROLMENT } from "@homegraph/common";
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { AuthContext } from "../context.js";
import type { GuestPass } from "../entities/guest-pass.entity.js";
import { User } from "../entities/user.entity.js";
import { statusOf } from "../services/guest-pass.service.js";
import { caller, signedIn } from "./auth.resolver.js";
import {
  CreatedGuestPass,
  CreateGuestPassInput,
  GuestAccessLevel,
  GuestPassStatus,
  GuestPassView,
} from "./guest-pass.types.js";
import { AuthPayload } from "./types.js";

export function passView(pass: GuestPass, now = new Date()): GuestPassView {
  return {
    id: pass.id,
    guest: pass.guest,
    guestName: pass.guestName,
    validFrom: pass.validFrom,
    validUntil: pass.validUntil,
    status: statusOf(pass, now) as GuestPassStatus,
    endedAt: pass.endedAt ?? null,
    endedById: pass.endedBy ?? null,
    createdById: pass.createdBy ?? null,
    createdAt: pass.createdAt,
    rooms: pass.access.rooms.map((r) => ({ room: r.room, level: r.level as GuestAccessLevel })),
    devices: pass.access.devices.map((d) => ({ deviceId: d.deviceId, level: d.level as GuestAccessLevel })),
    lockCode: pass.access.lockCode,
    redemptions: pass.redemptions,
    firstRedeemedAt: pass.firstRedeemedAt ?? null,
    lastRedeemedAt: pass.lastRedeemedAt ?? null,
    homeAccessRemoved: Boolean(pass.homeAccessRemovedAt),
  };
}

/** Guest passes (docs/identity.md, "Guest passes"): admins create, list and end them; the link is redeemed anonymously. */
@Resolver(() => GuestPassView)
export class GuestPassResolver {
  @FieldResolver(() => User, { nullable: true, description: "The admin who created it." })
  createdBy(@Root() pass: GuestPassView, @Ctx() ctx: AuthContext): Promise<User | null> | null {
    return pass.createdById ? ctx.loaders.user.load(pass.createdById) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: "The admin who ended it early." })
  endedBy(@Root() pass: GuestPassView, @Ctx() ctx: AuthContext): Promise<User | null> | null {
    return pass.endedById ? ctx.loaders.user.load(pass.endedById) : null;
  }

  @Authorized("ADMIN")
  @Mutation(() => CreatedGuestPass, {
    description:
      "Creates a guest pass (admins, after confirming it's you: STEP_UP_REQUIRED) and has the home service " +
      "apply its grants and lock code; HOME_UNAVAILABLE (nothing saved) when it cannot. The link is in this answer only.",
  })
  async createGuestPass(
    @Arg("input", () => CreateGuestPassInput) input: CreateGuestPassInput,
    @Ctx() ctx: AuthContext,
  ): Promise<CreatedGuestPass> {
    await ctx.runtime.signIn.requireRecent(ctx.em, caller(ctx), "createGuestPass", ctx.meta);
    const { pass, link } = await ctx.runtime.guestPasses.create(ctx.em, caller(ctx), input, ctx.meta);
    return { pass: passView(pass), link };
  }

  @Authorized("ADMIN")
  @Query(() => [GuestPassView], {
    description: "Guest passes, newest first: those not over yet, or with `includeEnded` every one (the history).",
  })
  async guestPasses(
    @Arg("includeEnded", () => Boolean, { defaultValue: false }) includeEnded: boolean,
    @Ctx() ctx: AuthContext,
  ): Promise<GuestPassView[]> {
    const now = new Date();
    return (await ctx.runtime.guestPasses.list(ctx.em, includeEnded)).map((p) => passView(p, now));
  }

  @Authorized("ADMIN")
  @Mutation(() => GuestPassView, {
    description: "Ends a pass now: the guest's sessions end within a second, the home service removes its access.",
  })
  async endGuestPass(@Arg("id", () => ID) id: string, @Ctx() ctx: AuthContext): Promise<GuestPassView> {
    return passView(await ctx.runtime.guestPasses.end(ctx.em, caller(ctx), id, ctx.meta));
  }

  @Authorized(OPEN_DURING_ENROLMENT, "GUEST")
  @Query(() => GuestPassView, { nullable: true, description: "The caller's own pass when signed in as a guest." })
  async myGuestPass(@Ctx() ctx: AuthContext): Promise<GuestPassView | null> {
    const pass = await ctx.runtime.guestPasses.mine(ctx.em, caller(ctx));
    return pass ? passView(pass) : null;
  }

  @Mutation(() => AuthPayload, {
    description:
      "Signs in as a pass's guest with the secret of its link (the gateway's POST /auth/pass/redeem sets the " +
      "cookie). PASS_NOT_YET (`extensions.validFrom`) before its start, PASS_ENDED (`extensions.endedAt`) after " +
      "its end; unknown links are UNAUTHENTICATED and rate limited per address.",
  })
  redeemGuestPass(@Arg("token", () => String) token: string, @Ctx() ctx: AuthContext): Promise<AuthPayload> {
    return signedIn(ctx, ctx.runtime.guestPasses.redeem(ctx.em, token, ctx.meta));
  }
}
