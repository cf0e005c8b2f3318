import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { EmailKind, EmailStatus } from "./enums.js";

/** One mail Homegraph sent or tried to send. `userId` names a user of the auth service (no foreign key across services). */
@ObjectType({ description: "One mail and how its delivery went." })
@Entity({ tableName: "email_logs" })
export class EmailLog {
  [OptionalProps]?: "status" | "kind" | "attempts" | "createdAt" | "updatedAt";

  @Field(() => ID)
  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Field(() => Int, { nullable: true })
  @Index()
  @Property({ type: "integer", nullable: true })
  userId?: number | null;

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 255, nullable: true })
  recipient?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 255, nullable: true })
  subject?: string | null;

  @Field(() => EmailStatus)
  @Enum({ items: () => EmailStatus, type: "string" })
  status: EmailStatus = EmailStatus.QUEUED;

  @Field(() => EmailKind)
  @Enum({ items: () => EmailKind, type: "string" })
  kind: EmailKind = EmailKind.NOTIFICATION;

  @Field(() => Int, { description: "SMTP attempts made so far." })
  @Property({ type: "integer" })
  attempts: number = 0;

  @Field(() => String, { nullable: true, description: "Why the last attempt failed, or why the mail was not sent." })
  @Property({ type: "text", nullable: true })
  lastError?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 255, nullable: true })
  messageId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 64, nullable: true })
  templateKey?: string | null;

  @Field(() => String)
  @Property({ type: "string", length: 255, unique: true })
  idempotencyKey!: string;

  @Field(() => ID, { nullable: true })
  @Property({ type: "integer", nullable: true })
  bulkRunId?: number | null;

  // Bodies stay out of GraphQL: security mail carries one-time links.
  @Property({ type: "text", nullable: true, lazy: true })
  bodyText?: string | null;

  @Property({ type: "text", nullable: true, lazy: true })
  bodyHtml?: string | null;

  @Field(() => Date)
  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();

  @Property({ type: "datetime", defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  // Written explicitly (null) on insert: the column's default (now()) is for hand-written rows.
  @Field(() => Date, { nullable: true })
  @Property({ type: "datetime", nullable: true })
  sentAt?: Date | null = null;
}
