import { Entity, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, Int, ObjectType } from "type-graphql";

/** A mail the built-in SMTP catcher received; kept in the database so every replica and restart sees it. */
@ObjectType({ description: "A mail caught by the built-in SMTP catcher (development, SMTP_URL unset)." })
@Entity({ tableName: "dev_mailbox" })
export class DevMailboxMessage {
  [OptionalProps]?: "receivedAt" | "envelopeTo" | "headers" | "size";

  @Field(() => ID)
  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Field(() => Date)
  @Property({ type: "datetime", defaultRaw: "now()" })
  receivedAt: Date = new Date();

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 255, nullable: true })
  envelopeFrom?: string | null;

  @Field(() => [String])
  @Property({ type: "json" })
  envelopeTo: string[] = [];

  @Field(() => String, { nullable: true })
  @Property({ type: "text", nullable: true })
  fromHeader?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: "text", nullable: true })
  toHeader?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: "text", nullable: true })
  subject?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 255, nullable: true })
  messageId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: "text", nullable: true })
  text?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: "text", nullable: true })
  html?: string | null;

  @Field(() => GraphQLJSONObject, { description: "Header names (lower case) and their values." })
  @Property({ type: "json" })
  headers: Record<string, string> = {};

  @Field(() => Int)
  @Property({ type: "integer" })
  size: number = 0;
}
