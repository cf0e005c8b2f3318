import { Migration } from "@mikro-orm/migrations";

/** A person may be a GUEST: signed in for a while, with only the access the home service grants them. */
export class Migration20261205010000_guest_role extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "auth"."users" drop constraint if exists "users_role_check",
      add constraint "users_role_check" check ("role" in ('ADMIN', 'MEMBER', 'GUEST'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`update "auth"."users" set "role" = 'MEMBER' where "role" = 'GUEST';`);
    this.addSql(`alter table "auth"."users" drop constraint if exists "users_role_check",
      add constraint "users_role_check" check ("role" in ('ADMIN', 'MEMBER'));`);
  }
}
