import { Arg, Authorized, Ctx, Int, Query, Resolver, Root, Subscription } from "type-graphql";
import type { EmailContext } from "../context.js";
import { callerOf, requireCaller } from "../identity.js";
import { ACTIVITY_ADDED, listActivity, matchesFilter, visibleTo, type ActivityRow } from "../services/activity.js";
import { ActivityEntryView, ActivityFilter, ActivityPage } from "./activity.types.js";

const view = (row: ActivityRow): ActivityEntryView => ({
  id: row.id,
  at: new Date(row.at),
  kind: row.kind,
  summary: row.summary,
  actor: row.actorUserId != null ? { id: String(row.actorUserId) } : null,
  deviceId: row.deviceId != null ? String(row.deviceId) : null,
  room: row.room,
});

@Resolver()
export class ActivityResolver {
  @Authorized()
  @Query(() => ActivityPage, {
    description:
      "The household's activity, newest first: everything for admins; for a member their own entries and those " +
      "of the devices and rooms they may VIEW; FORBIDDEN for a guest.",
  })
  async activity(
    @Ctx() ctx: EmailContext,
    @Arg("first", () => Int, { defaultValue: 30 }) first: number,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
    @Arg("filter", () => ActivityFilter, { nullable: true }) filter?: ActivityFilter | null,
  ): Promise<ActivityPage> {
    const visibility = await ctx.services.activityAccess.visibility(requireCaller(ctx));
    if (!visibility) return { items: [], endCursor: null, hasMore: false };
    const page = await listActivity(ctx.em, { first, after, filter, visibility });
    return { ...page, items: page.items.map(view) };
  }

  @Authorized()
  @Subscription(() => ActivityEntryView, {
    topics: ACTIVITY_ADDED,
    // Judged per entry with the reader's access as home last said (kept at most seconds).
    filter: async ({
      payload,
      args,
      context,
    }: {
      payload: ActivityRow;
      args: { filter?: ActivityFilter | null };
      context: EmailContext;
    }) => {
      if (!matchesFilter(payload, args.filter)) return false;
      const caller = callerOf(context);
      const visibility = caller ? await context.services.activityAccess.visibility(caller) : null;
      return visibility !== null && visibleTo(payload, visibility);
    },
    description: "Each new activity entry the caller may read (as `activity` judges), matching `filter` when set.",
  })
  activityAdded(
    @Root() payload: ActivityRow,
    @Arg("filter", () => ActivityFilter, { nullable: true }) _filter?: ActivityFilter | null,
  ): ActivityEntryView {
    return view(payload);
  }
}
