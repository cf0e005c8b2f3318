import { Migration } from "@mikro-orm/migrations";

/**
 * Grants of the household-wide secure capabilities (HSM, the mode) beside those of rooms and
 * devices: one target per row, still one admin grant per person and target, and never a guest
 * pass's (the alarm and the mode are the household's).
 */
export class Migration20261205070000_capability_access extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "home"."access_grants"
      add column "capability" varchar(16) null check ("capability" in ('HSM', 'MODE'));`);
    this.addSql(`alter table "home"."access_grants" drop constraint "access_grants_one_target";`);
    this.addSql(`alter table "home"."access_grants" add constraint "access_grants_one_target" check (
      ("room" is not null)::int + ("device_id" is not null)::int + ("capability" is not null)::int = 1);`);
    this.addSql(`alter table "home"."access_grants" add constraint "access_grants_capability_not_by_pass"
      check ("capability" is null or "pass_id" is null);`);
    this.addSql(`drop index "home"."access_grants_direct_unique";`);
    this.addSql(`create unique index "access_grants_direct_unique" on "home"."access_grants"
      ("user_id", coalesce("room", ''), coalesce("device_id", 0), coalesce("capability", '')) where "pass_id" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "home"."access_grants" where "capability" is not null;`);
    this.addSql(`drop index "home"."access_grants_direct_unique";`);
    this.addSql(`create unique index "access_grants_direct_unique" on "home"."access_grants"
      ("user_id", coalesce("room", ''), coalesce("device_id", 0)) where "pass_id" is null;`);
    this.addSql(`alter table "home"."access_grants" drop constraint "access_grants_capability_not_by_pass";`);
    this.addSql(`alter table "home"."access_grants" drop constraint "access_grants_one_target";`);
    this.addSql(`alter table "home"."access_grants" drop column "capability";`);
    this.addSql(`alter table "home"."access_grants" add constraint "access_grants_one_target"
      check (("room" is null) <> ("device_id" is null));`);
  }
}
