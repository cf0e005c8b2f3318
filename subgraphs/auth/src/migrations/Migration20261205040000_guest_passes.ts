import { Migration } from "@mikro-orm/migrations";

/**
 * Guest passes: a GUEST user per pass, the pass (its link's secret only as a keyed hash, never the
 * lock code), and the calls to the home service that must happen when one ends, retried until
 * they do.
 */
export class Migration20261205040000_guest_passes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "auth"."users" drop constraint if exists "users_role_check",
      add constraint "users_role_check" check ("role" in ('ADMIN', 'MEMBER', 'GUEST'));`);
    this.addSql(`create table "auth"."guest_passes" (
      "id" uuid primary key,
      "guest_user_id" int not null unique references "auth"."users" ("id") on delete cascade,
      "created_by" int null references "auth"."users" ("id") on delete set null,
      "guest_name" varchar(60) not null,
      "valid_from" timestamptz not null,
      "valid_until" timestamptz not null,
      "ended_at" timestamptz null,
      "ended_by" int null references "auth"."users" ("id") on delete set null,
      "closed_at" timestamptz null,
      "access" jsonb not null,
      "token_hash" varchar(64) not null unique,
      "redemptions" int not null default 0,
      "first_redeemed_at" timestamptz null,
      "last_redeemed_at" timestamptz null,
      "home_access_removed_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      constraint "guest_passes_period_check" check ("valid_until" > "valid_from"));`);
    // The sweep's question: which passes are due to close and are not closed yet.
    this.addSql(
      `create index "guest_passes_open_index" on "auth"."guest_passes" ("valid_until") where "closed_at" is null;`,
    );
    this.addSql(`create table "auth"."guest_pass_home_tasks" (
      "pass_id" uuid primary key,
      "attempts" int not null default 0,
      "next_attempt_at" timestamptz not null default now(),
      "last_error" varchar(255) null,
      "done_at" timestamptz null,
      "created_at" timestamptz not null default now());`);
    this.addSql(
      `create index "guest_pass_home_tasks_due_index" on "auth"."guest_pass_home_tasks" ("next_attempt_at") where "done_at" is null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "auth"."guest_pass_home_tasks";`);
    this.addSql(`drop table if exists "auth"."guest_passes";`);
    this.addSql(`delete from "auth"."users" where "role" = 'GUEST';`);
    this.addSql(`alter table "auth"."users" drop constraint if exists "users_role_check",
      add constraint "users_role_check" check ("role" in ('ADMIN', 'MEMBER'));`);
  }
}
