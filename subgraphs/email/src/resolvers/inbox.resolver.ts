import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import type { EmailContext } from "../context.js";
import { Notification } from "../entities/notification.entity.js";
import { requireCaller } from "../identity.js";
import { inboxPage, markAllRead, markRead, unreadCount, type InboxItem } from "../services/inbox.js";
import { NOTIFICATION_RECEIVED, type NotificationPayload } from "../services/notification.pubsub.js";
import { parseId } from "./email.resolver.js";
import { checkPage } from "./page.js";
import { PageInput } from "./types.js";
import { NotificationPage } from "./notification-types.js";

@Resolver()
export class InboxResolver {
  @Authorized()
  @Query(() => NotificationPage, { description: "Your notifications, newest first." })
  async notifications(
    @Arg("page", () => PageInput, { nullable: true }) page: PageInput | undefined,
    @Arg("unreadOnly", () => Boolean, { nullable: true }) unreadOnly: boolean | undefined,
    @Ctx() ctx: EmailContext,
  ): Promise<NotificationPage> {
    const caller = requireCaller(ctx);
    const { page: pageNo, pageSize, offset } = checkPage(page);
    const { items, total } = await inboxPage(ctx.em, caller.userId, {
      offset,
      limit: pageSize,
      unreadOnly: unreadOnly ?? false,
    });
    return { items: items as unknown as Notification[], total, page: pageNo, pageSize };
  }

  @Authorized()
  @Query(() => Int, { description: "How many of your notifications you have not read." })
  unreadNotificationCount(@Ctx() ctx: EmailContext): Promise<number> {
    return unreadCount(ctx.em, requireCaller(ctx).userId);
  }

  @Authorized()
  @Mutation(() => Notification, { description: "Marks one of your notifications read." })
  async markNotificationRead(@Arg("id", () => ID) id: string, @Ctx() ctx: EmailContext): Promise<InboxItem> {
    return markRead(ctx.em, requireCaller(ctx).userId, parseId(id, "id"));
  }

  @Authorized()
  @Mutation(() => Int, { description: "Marks all your notifications read; returns how many changed." })
  markAllNotificationsRead(@Ctx() ctx: EmailContext): Promise<number> {
    return markAllRead(ctx.em, requireCaller(ctx).userId);
  }

  @Authorized()
  @Subscription(() => Notification, {
    topics: NOTIFICATION_RECEIVED,
    // Published on `topic:userId`: each person hears only their own, on every replica through Redis.
    topicId: ({ context }: { context: EmailContext }) => String(requireCaller(context).userId),
    description: "Each of your new notifications as it arrives (read notifications for the ones before).",
  })
  notificationReceived(@Root() payload: NotificationPayload): InboxItem {
    return {
      id: Number(payload.id),
      kind: payload.kind,
      severity: payload.severity,
      title: payload.title,
      body: payload.body,
      url: payload.url,
      createdAt: new Date(payload.createdAt),
      readAt: null,
    };
  }
}
