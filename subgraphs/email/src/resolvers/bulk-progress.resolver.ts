import { Arg, Authorized, ID, Resolver, Root, Subscription } from "type-graphql";
import { BULK_EMAIL_PROGRESS, type BulkProgressPayload } from "../services/bulk-progress.pubsub.js";
import { BulkEmailRun } from "./types.js";

@Resolver()
export class BulkProgressResolver {
  @Authorized("ADMIN")
  @Subscription(() => BulkEmailRun, {
    topics: BULK_EMAIL_PROGRESS,
    nullable: true,
    // Runs publish on `topic:id`, so a subscriber hears only its own run, also across Redis.
    topicId: ({ args }: { args: { runId: string } }) => String(args.runId),
    description:
      "A bulk run's counts each time one of its mails is sent or fails, ending with done: true. " +
      "Nothing arrives for a run that has already finished: read bulkEmailRun(id) for the current state.",
  })
  bulkEmailProgress(@Root() payload: BulkProgressPayload, @Arg("runId", () => ID) _runId: string): BulkEmailRun {
    return { ...payload, id: Number(payload.id), createdAt: new Date(payload.createdAt) };
  }
}
