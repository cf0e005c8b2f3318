import { Entity, PrimaryKey, Property } from "@mikro-orm/core";

/**
 * An email this service has decided to send, written in the same transaction as the change that
 * causes it; the outbox worker hands it to the email service (services/outbox-worker.ts). Links
 * carrying a token sit in `secretVariablesEnc` (AES-256-GCM), never in the clear, and are dropped
 * once the email service has the mail.
 */
@Entity({ tableName: "outbox_emails" })
export class OutboxEmail {
  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Property({ type: "string", length: 255, unique: true })
  idempotencyKey!: string;

  @Property({ type: "string", length: 64 })
  template!: string;

  @Property({ type: "string", length: 255, fieldName: "to_address" })
  to!: string;

  @Property({ type: "integer", nullable: true })
  userId?: number | null;

  @Property({ type: "json" })
  variables: Record<string, unknown> = {};

  @Property({ type: "text", nullable: true, hidden: true })
  secretVariablesEnc?: string | null;

  @Property({ type: "string", length: 16 })
  status: "PENDING" | "HANDED_OFF" | "FAILED" = "PENDING";

  @Property({ type: "integer" })
  attempts = 0;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();

  @Property({ type: "datetime", nullable: true })
  handedOffAt?: Date | null;

  @Property({ type: "string", length: 1000, nullable: true })
  lastError?: string | null;

  @Property({ type: "datetime", defaultRaw: "now()" })
  nextAttemptAt: Date = new Date();

  /** W3C `traceparent` of the request that queued the mail: the hand-off continues its trace. */
  @Property({ type: "string", length: 55, nullable: true })
  traceparent?: string | null;

  @Property({ type: "string", length: 512, nullable: true })
  tracestate?: string | null;
}
