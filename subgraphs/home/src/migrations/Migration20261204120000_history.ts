import { Migration } from "@mikro-orm/migrations";

/**
 * History that lasts: hourly and daily rollups of every numeric attribute (kept far longer than
 * the raw events), the watermark up to which they are built, and per-device retention overrides.
 */
export class Migration20261204120000_history extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "home"."device_rollups" (
      "device_id" integer not null references "home"."devices" ("id") on delete cascade,
      "name" varchar(255) not null,
      "resolution" varchar(4) not null check ("resolution" in ('HOUR', 'DAY')),
      "bucket" timestamptz not null,
      "count" integer not null,
      "sum" double precision not null,
      "min" double precision not null,
      "max" double precision not null,
      "first" double precision not null,
      "first_at" timestamptz not null,
      "last" double precision not null,
      "last_at" timestamptz not null,
      "increase" double precision not null default 0,
      primary key ("device_id", "name", "resolution", "bucket")
    );`);
    // Retention deletes by age across every device.
    this.addSql(
      `create index "device_rollups_resolution_bucket_index" on "home"."device_rollups" ("resolution", "bucket");`,
    );
    this.addSql(`create table "home"."history_rollup_state" (
      "id" integer primary key check ("id" = 1),
      "hour_mark" timestamptz null,
      "day_mark" timestamptz null,
      "rolled_up_at" timestamptz null
    );`);
    this.addSql(`insert into "home"."history_rollup_state" ("id") values (1);`);
    this.addSql(`alter table "home"."devices"
      add column "event_retention_days" integer null,
      add column "rollup_retention_days" integer null;`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "home"."devices" drop column "event_retention_days", drop column "rollup_retention_days";`,
    );
    this.addSql(`drop table if exists "home"."history_rollup_state";`);
    this.addSql(`drop table if exists "home"."device_rollups";`);
  }
}
