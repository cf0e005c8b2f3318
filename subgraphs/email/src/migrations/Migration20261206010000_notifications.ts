import { Migration } from "@mikro-orm/migrations";

/**
 * Notifications that reach people: the inbox (one row per person and notification), what each
 * channel did with it, per-person routing and quiet hours, browsers' push subscriptions (sealed),
 * the VAPID key pair (sealed) and the household's retention. user_id names a user of the auth
 * service (no foreign key across services); the foreign keys here stay inside `email`.
 */
export class Migration20261206010000_notifications extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "email"."notifications" (
      "id" serial primary key,
      "user_id" integer not null,
      "kind" varchar(16) not null,
      "severity" varchar(8) not null,
      "title" varchar(200) not null,
      "body" text not null,
      "url" varchar(500) null,
      "dedupe_key" varchar(200) not null,
      "channels" text[] not null,
      "in_app" boolean not null default true,
      "held" boolean not null default false,
      "summarized_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      "read_at" timestamptz null,
      constraint "notifications_user_dedupe_unique" unique ("user_id", "dedupe_key")
    );`);
    // The inbox reads one person's newest first, and their unread ones: both stay index scans at 10,000 rows.
    this.addSql(
      `create index "notifications_inbox_index" on "email"."notifications" ("user_id", "created_at" desc, "id" desc) where "in_app";`,
    );
    this.addSql(
      `create index "notifications_unread_index" on "email"."notifications" ("user_id", "created_at" desc, "id" desc) where "in_app" and "read_at" is null;`,
    );
    this.addSql(
      `create index "notifications_held_index" on "email"."notifications" ("user_id") where "held" and "summarized_at" is null;`,
    );
    this.addSql(`create index "notifications_created_at_index" on "email"."notifications" ("created_at");`);

    this.addSql(`create table "email"."notification_deliveries" (
      "id" serial primary key,
      "notification_id" integer not null references "email"."notifications" ("id") on delete cascade,
      "channel" varchar(8) not null,
      "recipient" varchar(255) null,
      "status" varchar(8) not null default 'QUEUED',
      "attempts" integer not null default 0,
      "last_error" text null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "notification_deliveries_unique" unique ("notification_id", "channel")
    );`);
    this.addSql(
      `create index "notification_deliveries_open_index" on "email"."notification_deliveries" ("status") where "status" in ('QUEUED', 'SENDING');`,
    );

    this.addSql(`create table "email"."push_subscriptions" (
      "id" serial primary key,
      "user_id" integer not null,
      "endpoint_hash" char(64) not null,
      "origin" varchar(255) not null,
      "sealed" text not null,
      "user_agent" varchar(255) null,
      "created_at" timestamptz not null default now(),
      "last_success_at" timestamptz null,
      "last_error" text null,
      constraint "push_subscriptions_endpoint_unique" unique ("endpoint_hash")
    );`);
    this.addSql(`create index "push_subscriptions_user_id_index" on "email"."push_subscriptions" ("user_id");`);

    // A browser that took a notification: a retried push job skips it, so nobody gets one twice.
    this.addSql(`create table "email"."push_receipts" (
      "notification_id" integer not null references "email"."notifications" ("id") on delete cascade,
      "subscription_id" integer not null references "email"."push_subscriptions" ("id") on delete cascade,
      "sent_at" timestamptz not null default now(),
      primary key ("notification_id", "subscription_id")
    );`);

    this.addSql(`create table "email"."notification_routes" (
      "user_id" integer not null,
      "kind" varchar(16) not null,
      "channels" text[] not null,
      "updated_at" timestamptz not null default now(),
      primary key ("user_id", "kind")
    );`);

    this.addSql(`create table "email"."notification_quiet_hours" (
      "user_id" integer primary key,
      "enabled" boolean not null,
      "start" char(5) not null,
      "end" char(5) not null,
      "time_zone" varchar(64) not null,
      "updated_at" timestamptz not null default now()
    );`);

    this.addSql(`create table "email"."notification_household" (
      "id" integer primary key default 1 check ("id" = 1),
      "retention_days" integer not null default 90,
      "updated_at" timestamptz not null default now(),
      "updated_by" integer null
    );`);
    this.addSql(`insert into "email"."notification_household" ("id") values (1);`);

    this.addSql(`create table "email"."vapid_keys" (
      "id" integer primary key default 1 check ("id" = 1),
      "public_key" varchar(100) not null,
      "private_key_sealed" text not null,
      "created_at" timestamptz not null default now()
    );`);
  }

  override async down(): Promise<void> {
    for (const table of [
      "vapid_keys",
      "notification_household",
      "notification_quiet_hours",
      "notification_routes",
      "push_receipts",
      "push_subscriptions",
      "notification_deliveries",
      "notifications",
    ]) {
      this.addSql(`drop table if exists "email"."${table}";`);
    }
  }
}
