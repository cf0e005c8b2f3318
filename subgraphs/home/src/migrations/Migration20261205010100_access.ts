import { Migration } from "@mikro-orm/migrations";

/**
 * Per-person access to rooms and devices (docs/access.md): grants (an admin's, or a guest pass's for
 * its window), each role's defaults, and the guest passes applied. Users are the auth service's (no
 * foreign key across services); a device's grants go with it when an admin forgets it.
 */
export class Migration20261205010100_access extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "home"."access_grants" (
      "id" serial primary key,
      "user_id" integer not null,
      "room" varchar(255) null,
      "device_id" integer null references "home"."devices" ("id") on delete cascade,
      "level" varchar(16) not null check ("level" in ('NONE', 'VIEW', 'CONTROL')),
      "pass_id" varchar(64) null,
      "valid_from" timestamptz null,
      "valid_until" timestamptz null,
      "created_at" timestamptz not null default now(),
      constraint "access_grants_one_target" check (("room" is null) <> ("device_id" is null))
    );`);
    this.addSql(`create index "access_grants_user_id_index" on "home"."access_grants" ("user_id");`);
    this.addSql(`create index "access_grants_device_id_index" on "home"."access_grants" ("device_id");`);
    this.addSql(`create index "access_grants_pass_id_index" on "home"."access_grants" ("pass_id");`);
    // One admin grant per person and target: setting it again replaces it.
    this.addSql(`create unique index "access_grants_direct_unique" on "home"."access_grants"
      ("user_id", coalesce("room", ''), coalesce("device_id", 0)) where "pass_id" is null;`);
    this.addSql(`create table "home"."access_role_defaults" (
      "role" varchar(16) primary key check ("role" in ('MEMBER', 'GUEST')),
      "ordinary" varchar(16) not null check ("ordinary" in ('NONE', 'VIEW', 'CONTROL')),
      "secure" varchar(16) not null check ("secure" in ('NONE', 'VIEW')),
      "updated_at" timestamptz not null default now()
    );`);
    this.addSql(`create table "home"."guest_pass_access" (
      "pass_id" varchar(64) primary key,
      "guest_user_id" integer not null,
      "valid_from" timestamptz not null,
      "valid_until" timestamptz not null,
      "lock_code_device_id" integer null,
      "revoked_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "home"."guest_pass_access";`);
    this.addSql(`drop table "home"."access_role_defaults";`);
    this.addSql(`drop table "home"."access_grants";`);
  }
}
