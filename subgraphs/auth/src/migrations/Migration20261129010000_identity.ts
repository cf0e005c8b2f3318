import { Migration } from "@mikro-orm/migrations";

/** Sign-in: sessions with rotation families, one-time tokens, audit, keys, outbox, rate limits. */
export class Migration20261129010000_identity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "auth"."users"
      add column "email_verified_at" timestamptz null,
      add column "disabled_at" timestamptz null;`);

    // Rows that existed before this migration each become a family of their own.
    this.addSql(`alter table "auth"."user_sessions"
      add column "family_id" uuid not null default gen_random_uuid(),
      add column "replaced_by" integer null references "auth"."user_sessions" ("id") on delete set null,
      add column "user_agent" varchar(512) null,
      add column "ip" varchar(64) null,
      add column "last_used_at" timestamptz not null default now(),
      add column "revoked_at" timestamptz null,
      add column "revoked_reason" varchar(64) null,
      add column "absolute_expires_at" timestamptz not null default now() + interval '30 days';`);
    this.addSql(`alter table "auth"."user_sessions" alter column "family_id" drop default;`);
    this.addSql(`create index "user_sessions_family_id_index" on "auth"."user_sessions" ("family_id");`);
    this.addSql(
      `create index "user_sessions_revoked_at_index" on "auth"."user_sessions" ("revoked_at") where "revoked_at" is not null;`,
    );

    // Password resets and invitations: both are "prove you hold this link once, before it expires".
    this.addSql(`create table "auth"."password_reset_tokens" (
      "id" serial primary key,
      "token_hash" varchar(64) not null unique,
      "user_id" integer not null references "auth"."users" ("id") on delete cascade,
      "purpose" varchar(16) not null default 'PASSWORD_RESET' check ("purpose" in ('PASSWORD_RESET', 'INVITE')),
      "expires_at" timestamptz not null,
      "used_at" timestamptz null,
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`create index "password_reset_tokens_user_id_index" on "auth"."password_reset_tokens" ("user_id");`);

    this.addSql(`create table "auth"."audit_log" (
      "id" bigserial primary key,
      "event_type" varchar(64) not null,
      "user_id" integer null,
      "actor_id" integer null,
      "ip" varchar(64) null,
      "user_agent" varchar(512) null,
      "details" jsonb not null default '{}',
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`create index "audit_log_created_at_index" on "auth"."audit_log" ("created_at" desc);`);
    this.addSql(`create index "audit_log_user_id_index" on "auth"."audit_log" ("user_id", "created_at" desc);`);
    this.addSql(`create index "audit_log_event_type_index" on "auth"."audit_log" ("event_type", "created_at" desc);`);

    this.addSql(`create table "auth"."signing_keys" (
      "kid" varchar(64) primary key,
      "alg" varchar(8) not null check ("alg" in ('ES256', 'RS256')),
      "public_jwk" jsonb not null,
      "private_key_enc" text not null,
      "created_at" timestamptz not null default now(),
      "retired_at" timestamptz null
    );`);

    this.addSql(`create table "auth"."outbox_emails" (
      "id" serial primary key,
      "idempotency_key" varchar(255) not null unique,
      "template" varchar(64) not null,
      "to_address" varchar(255) not null,
      "user_id" integer null,
      "variables" jsonb not null default '{}',
      "secret_variables_enc" text null,
      "status" varchar(16) not null default 'PENDING' check ("status" in ('PENDING', 'HANDED_OFF')),
      "attempts" integer not null default 0,
      "created_at" timestamptz not null default now(),
      "handed_off_at" timestamptz null
    );`);
    this.addSql(
      `create index "outbox_emails_pending_index" on "auth"."outbox_emails" ("created_at") where "status" = 'PENDING';`,
    );

    this.addSql(`create table "auth"."rate_limit_buckets" (
      "key" varchar(320) not null,
      "window_start" timestamptz not null,
      "count" integer not null default 0,
      "last_at" timestamptz not null default now(),
      primary key ("key", "window_start")
    );`);
    this.addSql(
      `create index "rate_limit_buckets_window_start_index" on "auth"."rate_limit_buckets" ("window_start");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "auth"."rate_limit_buckets";`);
    this.addSql(`drop table if exists "auth"."outbox_emails";`);
    this.addSql(`drop table if exists "auth"."signing_keys";`);
    this.addSql(`drop table if exists "auth"."audit_log";`);
    this.addSql(`drop table if exists "auth"."password_reset_tokens";`);
    this.addSql(`alter table "auth"."user_sessions"
      drop column "family_id", drop column "replaced_by", drop column "user_agent", drop column "ip",
      drop column "last_used_at", drop column "revoked_at", drop column "revoked_reason",
      drop column "absolute_expires_at";`);
    this.addSql(`alter table "auth"."users" drop column "email_verified_at", drop column "disabled_at";`);
  }
}
