import { Migration } from "@mikro-orm/migrations";

/**
 * The delivery engine: a state machine on email_logs, editable templates, per-user preferences,
 * one-click unsubscribe and the dev mailbox. Still no foreign key to another service's tables.
 */
export class Migration20261129020000_delivery extends Migration {
  override async up(): Promise<void> {
    // In the seed's table a row is the record of a mail that went out (sent_at defaults to now()).
    // The defaults keep that meaning for rows written by hand (imports, fixtures): SENT. The service
    // itself always writes status and sent_at explicitly.
    this.addSql(`alter table "email"."email_logs"
      add column "status" varchar(16) not null default 'SENT',
      add column "kind" varchar(16) not null default 'NOTIFICATION',
      add column "attempts" integer not null default 0,
      add column "last_error" text null,
      add column "message_id" varchar(255) null,
      add column "template_key" varchar(64) null,
      add column "idempotency_key" varchar(255) null,
      add column "bulk_run_id" integer null,
      add column "body_text" text null,
      add column "body_html" text null,
      add column "created_at" timestamptz not null default now(),
      add column "updated_at" timestamptz not null default now();`);
    this.addSql(`update "email"."email_logs" set "idempotency_key" = 'legacy:' || "id", "attempts" = 1;`);
    this.addSql(`alter table "email"."email_logs"
      alter column "idempotency_key" set not null,
      alter column "idempotency_key" set default gen_random_uuid()::text;`);
    this.addSql(
      `alter table "email"."email_logs" add constraint "email_logs_idempotency_key_unique" unique ("idempotency_key");`,
    );
    this.addSql(`create index "email_logs_status_index" on "email"."email_logs" ("status");`);
    this.addSql(`create index "email_logs_bulk_run_id_index" on "email"."email_logs" ("bulk_run_id");`);
    this.addSql(`create index "email_logs_created_at_index" on "email"."email_logs" ("created_at" desc);`);

    this.addSql(`create table "email"."email_templates" (
      "id" serial primary key,
      "key" varchar(64) not null,
      "name" varchar(100) not null,
      "kind" varchar(16) not null default 'NOTIFICATION',
      "subject" varchar(255) not null,
      "html" text not null,
      "text" text not null,
      "built_in" boolean not null default false,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "updated_by" integer null,
      constraint "email_templates_key_unique" unique ("key")
    );`);

    this.addSql(`create table "email"."email_preferences" (
      "id" serial primary key,
      "user_id" integer not null,
      "notifications_enabled" boolean not null default true,
      "digest" varchar(8) not null default 'OFF',
      "updated_at" timestamptz not null default now(),
      constraint "email_preferences_user_id_unique" unique ("user_id")
    );`);

    // Only the SHA-256 of a token is kept: the database alone cannot unsubscribe anyone.
    this.addSql(`create table "email"."email_unsubscribe_tokens" (
      "id" serial primary key,
      "token_hash" varchar(64) not null,
      "user_id" integer null,
      "recipient" varchar(255) not null,
      "kind" varchar(16) not null,
      "created_at" timestamptz not null default now(),
      "used_at" timestamptz null,
      constraint "email_unsubscribe_tokens_token_hash_unique" unique ("token_hash")
    );`);

    // Unsubscribes of addresses that belong to no user (mail sent to a bare address).
    this.addSql(`create table "email"."email_suppressions" (
      "id" serial primary key,
      "address" varchar(255) not null,
      "kind" varchar(16) not null,
      "created_at" timestamptz not null default now(),
      constraint "email_suppressions_address_kind_unique" unique ("address", "kind")
    );`);

    this.addSql(`create table "email"."email_bulk_runs" (
      "id" serial primary key,
      "template_key" varchar(64) null,
      "subject" varchar(255) null,
      "total" integer not null,
      "requested_by" integer null,
      "idempotency_key" varchar(255) null,
      "created_at" timestamptz not null default now(),
      constraint "email_bulk_runs_idempotency_key_unique" unique ("idempotency_key")
    );`);

    this.addSql(`create table "email"."dev_mailbox" (
      "id" serial primary key,
      "received_at" timestamptz not null default now(),
      "envelope_from" varchar(255) null,
      "envelope_to" jsonb not null default '[]',
      "from_header" text null,
      "to_header" text null,
      "subject" text null,
      "message_id" varchar(255) null,
      "text" text null,
      "html" text null,
      "headers" jsonb not null default '{}',
      "size" integer not null default 0
    );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "email"."dev_mailbox";`);
    this.addSql(`drop table if exists "email"."email_bulk_runs";`);
    this.addSql(`drop table if exists "email"."email_suppressions";`);
    this.addSql(`drop table if exists "email"."email_unsubscribe_tokens";`);
    this.addSql(`drop table if exists "email"."email_preferences";`);
    this.addSql(`drop table if exists "email"."email_templates";`);
    this.addSql(`drop index if exists "email"."email_logs_created_at_index";`);
    this.addSql(`drop index if exists "email"."email_logs_bulk_run_id_index";`);
    this.addSql(`drop index if exists "email"."email_logs_status_index";`);
    this.addSql(`alter table "email"."email_logs"
      drop constraint if exists "email_logs_idempotency_key_unique",
      drop column "status", drop column "kind", drop column "attempts", drop column "last_error",
      drop column "message_id", drop column "template_key", drop column "idempotency_key",
      drop column "bulk_run_id", drop column "body_text", drop column "body_html",
      drop column "created_at", drop column "updated_at";`);
  }
}
