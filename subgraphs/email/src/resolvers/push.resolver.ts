import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { EmailContext } from "../context.js";
import { PushSubscription } from "../entities/push-subscription.entity.js";
import { requireCaller } from "../identity.js";
import { parseId } from "./email.resolver.js";
import { AddPushSubscriptionInput } from "./notification-types.js";

@Resolver()
export class PushResolver {
  @Authorized()
  @Query(() => String, {
    description:
      "The VAPID application server key (base64url) to pass to pushManager.subscribe as applicationServerKey.",
  })
  webPushPublicKey(@Ctx() ctx: EmailContext): string {
    requireCaller(ctx);
    return ctx.services.push.publicKey;
  }

  @Authorized()
  @Query(() => [PushSubscription], { description: "Your browsers that receive push notifications." })
  myPushSubscriptions(@Ctx() ctx: EmailContext): Promise<PushSubscription[]> {
    return ctx.services.push.subscriptions.list(ctx.em, requireCaller(ctx).userId);
  }

  @Authorized()
  @Mutation(() => PushSubscription, { description: "Registers this browser for push notifications." })
  addPushSubscription(
    @Arg("input", () => AddPushSubscriptionInput) input: AddPushSubscriptionInput,
    @Ctx() ctx: EmailContext,
  ): Promise<PushSubscription> {
    return ctx.services.push.subscriptions.add(ctx.em, requireCaller(ctx).userId, input);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Stops push notifications to one of your browsers." })
  removePushSubscription(@Arg("id", () => ID) id: string, @Ctx() ctx: EmailContext): Promise<boolean> {
    return ctx.services.push.subscriptions.remove(ctx.em, requireCaller(ctx).userId, parseId(id, "id"));
  }
}
