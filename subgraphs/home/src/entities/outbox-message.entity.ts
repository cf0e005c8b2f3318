import { Entity, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";

export type OutboxKind = "notification" | "activity";
export type OutboxStatus = "PENDING" | "SENT" | "FAILED";

/**
 * Something the home service has decided to tell the email service (services/outbox.ts): written
 * where it is decided, never waiting for the email service; the outbox worker hands it over, at
 * least once, under its dedupe key, which the email service keeps so a retry changes nothing.
 */
@Entity({ tableName: "outbox" })
export class OutboxMessage {
  [OptionalProps]?: "status" | "attempts" | "nextAttemptAt" | "createdAt";

  @PrimaryKey({ type: "bigint", autoincrement: true })
  id!: string;

  @Property({ type: "string", length: 16 })
  kind!: OutboxKind;

  @Property({ type: "string", length: 255, unique: true })
  dedupeKey!: string;

  @Property({ type: "json" })
  payload!: Record<string, unknown>;

  @Property({ type: "string", length: 16 })
  status: OutboxStatus = "PENDING";

  @Property({ type: "integer" })
  attempts = 0;

  @Property({ type: "datetime" })
  nextAttemptAt: Date = new Date();

  @Property({ type: "text", nullable: true })
  lastError?: string | null;

  @Property({ type: "datetime" })
  createdAt: Date = new Date();

  @Property({ type: "datetime", nullable: true })
  sentAt?: Date | null;
}
