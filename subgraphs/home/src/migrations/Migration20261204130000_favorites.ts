import { Migration } from "@mikro-orm/migrations";

/**
 * Each person's favourite devices, shown first on their dashboard. The user is the auth service's
 * (no foreign key across services); the device's key cascades, so forgetting a device unstars it.
 */
export class Migration20261204130000_favorites extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "home"."favorite_devices" (
      "user_id" integer not null,
      "device_id" integer not null references "home"."devices" ("id") on delete cascade,
      "created_at" timestamptz not null default now(),
      primary key ("user_id", "device_id")
    );`);
    this.addSql(`create index "favorite_devices_device_id_index" on "home"."favorite_devices" ("device_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "home"."favorite_devices";`);
  }
}
