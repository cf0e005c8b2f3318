import { Migration } from "@mikro-orm/migrations";

/**
 * The W3C trace context of the request that queued each outbox email, so its hand-off (and the
 * email service's queue and SMTP send after it) continues that request's trace. Null for rows
 * queued with tracing off, and for rows older than this migration.
 */
export class Migration20261205030000_outbox_trace extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "auth"."outbox_emails"
      add column "traceparent" varchar(55) null,
      add column "tracestate" varchar(512) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "auth"."outbox_emails" drop column "traceparent", drop column "tracestate";`);
  }
}
