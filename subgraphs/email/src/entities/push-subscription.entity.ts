import { Entity, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import { Field, ID, ObjectType } from "type-graphql";

/**
 * One browser's Web Push subscription. Its endpoint is a capability (whoever knows it can push to
 * that browser), so the endpoint and its keys are kept sealed; the hash keeps it unique and the
 * origin is what logs may show.
 */
@ObjectType("WebPushSubscription", { description: "A browser of yours that receives push notifications." })
@Entity({ tableName: "push_subscriptions" })
export class PushSubscription {
  [OptionalProps]?: "createdAt" | "lastSuccessAt" | "lastError" | "userAgent";

  @Field(() => ID)
  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Property({ type: "integer" })
  userId!: number;

  @Property({ type: "string", length: 64 })
  endpointHash!: string;

  @Property({ type: "string", length: 255 })
  origin!: string;

  @Property({ type: "text" })
  sealed!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 255, nullable: true })
  userAgent?: string | null;

  @Field(() => Date)
  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true, description: "When a push service last took a notification for it." })
  @Property({ type: "datetime", nullable: true })
  lastSuccessAt?: Date | null;

  @Property({ type: "text", nullable: true })
  lastError?: string | null;
}
