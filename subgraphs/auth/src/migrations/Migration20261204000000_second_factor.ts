import { Migration } from "@mikro-orm/migrations";

/** Second factors (TOTP and its recovery codes), step-up times per session, and reset codes. */
export class Migration20261204000000_second_factor extends Migration {
  override async up(): Promise<void> {
    // When the session last proved a factor; null for sessions from before: they step up first.
    this.addSql(`alter table "auth"."user_sessions" add column "auth_time" timestamptz null;`);
    this.addSql(`create table "auth"."user_totp" (
      "user_id" int primary key references "auth"."users" ("id") on delete cascade,
      "secret_enc" text not null,
      "enabled_at" timestamptz null,
      "last_step" bigint null,
      "created_at" timestamptz not null default now());`);
    this.addSql(`create table "auth"."recovery_codes" (
      "id" serial primary key,
      "user_id" int not null references "auth"."users" ("id") on delete cascade,
      "code_hash" varchar(64) not null,
      "used_at" timestamptz null,
      "created_at" timestamptz not null default now());`);
    this.addSql(`create index "recovery_codes_user_index" on "auth"."recovery_codes" ("user_id");`);
    // Browsers a person signed in from (a hash of the gateway's browser cookie, else of user agent and
    // address), to alert on a sign-in from one not seen before.
    this.addSql(`create table "auth"."known_browsers" (
      "user_id" int not null references "auth"."users" ("id") on delete cascade,
      "browser_hash" varchar(64) not null,
      "first_seen_at" timestamptz not null default now(),
      "last_seen_at" timestamptz not null default now(),
      primary key ("user_id", "browser_hash"));`);
    // The 6-digit code mailed with a reset link (keyed hash), and the wrong tries against it.
    this.addSql(`alter table "auth"."password_reset_tokens"
      add column "code_hash" varchar(64) null,
      add column "attempts" int not null default 0,
      alter column "purpose" type varchar(32),
      drop constraint "password_reset_tokens_purpose_check",
      add constraint "password_reset_tokens_purpose_check"
        check ("purpose" in ('PASSWORD_RESET', 'INVITE', 'SIGN_IN_CHALLENGE', 'SIGN_OUT_EVERYWHERE'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "auth"."password_reset_tokens" where "purpose" not in ('PASSWORD_RESET', 'INVITE');`);
    this.addSql(`alter table "auth"."password_reset_tokens" drop column "code_hash", drop column "attempts",
      drop constraint "password_reset_tokens_purpose_check", alter column "purpose" type varchar(16),
      add constraint "password_reset_tokens_purpose_check" check ("purpose" in ('PASSWORD_RESET', 'INVITE'));`);
    this.addSql(`drop table if exists "auth"."known_browsers";`);
    this.addSql(`drop table if exists "auth"."recovery_codes";`);
    this.addSql(`drop table if exists "auth"."user_totp";`);
    this.addSql(`alter table "auth"."user_sessions" drop column "auth_time";`);
  }
}
