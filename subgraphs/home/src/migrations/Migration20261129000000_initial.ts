import { Migration } from "@mikro-orm/migrations";

/** Devices in the `home` schema; last_changed_by_id names a user of the auth service (no foreign key across services). */
export class Migration20261129000000_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "home"."devices" (
      "id" serial primary key,
      "hub_device_id" varchar(64) not null unique,
      "label" varchar(255) not null,
      "name" varchar(255) null,
      "type" varchar(255) null,
      "room" varchar(255) null,
      "last_changed_by_id" integer null,
      "last_changed_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    );`);
    this.addSql(`create index "devices_last_changed_by_id_index" on "home"."devices" ("last_changed_by_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "home"."devices";`);
  }
}
