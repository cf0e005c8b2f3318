import { UnauthenticatedError } from "@homegraph/common";
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { HomeContext } from "../context.js";
import { Device } from "../entities/device.entity.js";
import { visibleDevice } from "../services/access-guard.js";
import { setFavoriteDevice } from "../services/favorite.service.js";

/** Each person's favourite devices: their own, never another member's. */
@Resolver(() => Device)
export class FavoriteResolver {
  @FieldResolver(() => Boolean, { description: "Starred by the signed-in person: their dashboard shows it first." })
  favorite(@Root() device: Device, @Ctx() ctx: HomeContext): Promise<boolean> {
    return ctx.loaders.favorite.load(device.id);
  }

  @Authorized("GUEST")
  @Mutation(() => Device, {
    description: "Stars (or unstars) a device for the signed-in person only; NOT_FOUND unless they may VIEW it.",
  })
  async setFavoriteDevice(
    @Arg("id", () => ID) id: string,
    @Arg("favorite", () => Boolean) favorite: boolean,
    @Ctx() ctx: HomeContext,
  ): Promise<Device> {
    if (!ctx.identity) throw new UnauthenticatedError();
    const device = await visibleDevice(ctx, id);
    return setFavoriteDevice(ctx.em, ctx.identity.userId, device.id, favorite);
  }
}
