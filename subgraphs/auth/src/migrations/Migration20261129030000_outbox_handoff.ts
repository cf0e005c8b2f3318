import { Migration } from "@mikro-orm/migrations";

/** The hand-off of outbox emails to the email service (email issue): retries with backoff, failures kept. */
export class Migration20261129030000_outbox_handoff extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "auth"."outbox_emails"
      add column "last_error" varchar(1000) null,
      add column "next_attempt_at" timestamptz not null default now();`);
    // The worker's only question: which PENDING rows are due, oldest first.
    this.addSql(
      `create index "outbox_emails_due_index" on "auth"."outbox_emails" ("next_attempt_at", "id") where "status" = 'PENDING';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "auth"."outbox_emails_due_index";`);
    this.addSql(`alter table "auth"."outbox_emails" drop column "last_error", drop column "next_attempt_at";`);
  }
}
