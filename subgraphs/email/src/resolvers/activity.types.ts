import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { ActivityKind } from "../entities/activity-entry.entity.js";
import { User } from "../entities/user.entity.js";

@ObjectType("ActivityEntry", {
  description: "One thing someone did in the household, as the service that owns it told.",
})
export class ActivityEntryView {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => ActivityKind)
  kind!: ActivityKind;

  @Field(() => String)
  summary!: string;

  @Field(() => User, { nullable: true, description: "Who did it (auth resolves the person); null: the household." })
  actor?: User | null;

  @Field(() => ID, { nullable: true, description: "The home's device, when it is about one." })
  deviceId?: string | null;

  @Field(() => String, { nullable: true })
  room?: string | null;
}

@ObjectType("ActivityPage", { description: "A page of the activity feed, newest first." })
export class ActivityPage {
  @Field(() => [ActivityEntryView])
  items!: ActivityEntryView[];

  @Field(() => String, { nullable: true, description: "Pass as `after` for the next page; null when empty." })
  endCursor?: string | null;

  @Field(() => Boolean)
  hasMore!: boolean;
}

@InputType({ description: "Narrows the activity feed; every field set must hold." })
export class ActivityFilter {
  @Field(() => Int, { nullable: true, description: "Entries this person did or that were about them." })
  personId?: number | null;

  @Field(() => String, { nullable: true })
  room?: string | null;

  @Field(() => [ActivityKind], { nullable: true })
  kinds?: ActivityKind[] | null;
}
