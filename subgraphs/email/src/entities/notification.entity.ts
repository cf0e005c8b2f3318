import { Entity, Enum, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import { Field, ID, ObjectType } from "type-graphql";
import { NotificationKind, NotificationSeverity } from "./notification-enums.js";

/** One notification for one person: their inbox row, and the record every channel delivers from. */
@ObjectType({ description: "Something that happened, for you: shown in the app's inbox and sent on your channels." })
@Entity({ tableName: "notifications" })
export class Notification {
  [OptionalProps]?: "inApp" | "held" | "createdAt" | "readAt" | "summarizedAt";

  @Field(() => ID)
  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Property({ type: "integer" })
  userId!: number;

  @Field(() => NotificationKind)
  @Enum({ items: () => NotificationKind, type: "string" })
  kind!: NotificationKind;

  @Field(() => NotificationSeverity)
  @Enum({ items: () => NotificationSeverity, type: "string" })
  severity!: NotificationSeverity;

  @Field(() => String)
  @Property({ type: "string", length: 200 })
  title!: string;

  @Field(() => String)
  @Property({ type: "text" })
  body!: string;

  @Field(() => String, { nullable: true, description: "A path in the app, such as /devices/71." })
  @Property({ type: "string", length: 500, nullable: true })
  url?: string | null;

  @Property({ type: "string", length: 200 })
  dedupeKey!: string;

  /** The channels it was meant for (the person's routing, or the sender's choice). */
  @Property({ type: "text[]" })
  channels!: string[];

  /** Shown in the inbox: IN_APP was among its channels, or quiet hours held it there. */
  @Property({ type: "boolean" })
  inApp: boolean = true;

  /** Kept from push and mail by quiet hours; summed up once they end. */
  @Property({ type: "boolean" })
  held: boolean = false;

  @Property({ type: "datetime", nullable: true })
  summarizedAt?: Date | null;

  @Field(() => Date)
  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: "datetime", nullable: true })
  readAt?: Date | null;
}
