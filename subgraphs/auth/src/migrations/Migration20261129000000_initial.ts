import { Migration } from "@mikro-orm/migrations";

/** The seed's tables (Phase 2, step 2.1), in the `auth` schema, plus what the User entity needs. */
export class Migration20261129000000_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "auth"."users" (
      "id" serial primary key,
      "email" varchar(255) not null,
      "password_hash" varchar(255) null,
      "display_name" varchar(100) not null,
      "role" varchar(16) not null default 'MEMBER' check ("role" in ('ADMIN', 'MEMBER')),
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    );`);
    // Unique regardless of case: Ann@Example.com and ann@example.com are one person.
    this.addSql(`create unique index "users_email_lower_unique" on "auth"."users" (lower("email"));`);
    this.addSql(`create table "auth"."user_sessions" (
      "id" serial primary key,
      "user_id" integer not null references "auth"."users" ("id") on delete cascade,
      "token" varchar(255) not null unique,
      "expires_at" timestamptz not null,
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`create index "user_sessions_user_id_index" on "auth"."user_sessions" ("user_id");`);
    this.addSql(`create table "auth"."system_settings" (
      "id" serial primary key,
      "key" varchar(255) not null unique,
      "value" text null,
      "updated_at" timestamptz not null default now()
    );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "auth"."system_settings";`);
    this.addSql(`drop table if exists "auth"."user_sessions";`);
    this.addSql(`drop table if exists "auth"."users";`);
  }
}
