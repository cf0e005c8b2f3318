import { Migration } from "@mikro-orm/migrations";

/**
 * A device the hub no longer lists is marked removed (kept with its history until an admin
 * forgets it), and the hub's row counts what reconciling with the hub had to correct.
 */
export class Migration20261204000000_lifecycle extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "home"."devices" add column "removed_at" timestamptz null;`);
    // Devices already unlisted were removed from the hub before this column existed.
    this.addSql(`update "home"."devices" set "removed_at" = coalesce("synced_at", now()) where not "online";`);
    this.addSql(`alter table "home"."hub_state"
      add column "drift" jsonb not null default '{}',
      add column "last_reconciled_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "home"."hub_state" drop column "drift", drop column "last_reconciled_at";`);
    this.addSql(`alter table "home"."devices" drop column "removed_at";`);
  }
}
