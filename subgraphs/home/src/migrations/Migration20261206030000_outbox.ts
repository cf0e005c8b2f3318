import { Migration } from "@mikro-orm/migrations";

/**
 * The outbox of what the home service hands to the email service (alerts and automation notices
 * for POST /notifications, household activity for POST /activity), each under a stable dedupe key;
 * and since when each hub has been away, which every replica reads alike.
 */
export class Migration20261206030000_outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "home"."outbox" (
      "id" bigserial primary key,
      "kind" varchar(16) not null,
      "dedupe_key" varchar(255) not null unique,
      "payload" jsonb not null,
      "status" varchar(16) not null default 'PENDING',
      "attempts" integer not null default 0,
      "next_attempt_at" timestamptz not null default now(),
      "last_error" text null,
      "created_at" timestamptz not null default now(),
      "sent_at" timestamptz null
    );`);
    this.addSql(
      `create index "outbox_pending_index" on "home"."outbox" ("next_attempt_at", "id") where "status" = 'PENDING';`,
    );
    this.addSql(`alter table "home"."hub_state" add column "disconnected_since" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "home"."hub_state" drop column "disconnected_since";`);
    this.addSql(`drop table "home"."outbox";`);
  }
}
