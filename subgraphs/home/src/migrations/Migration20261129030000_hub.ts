import { Migration } from "@mikro-orm/migrations";

/**
 * What the hub tells Homegraph: each device's capabilities, attributes and commands (jsonb, since
 * their shape is the hub's and differs per driver), the event history, the hub's own state in one
 * row, and the automations table the rule engine will use. Rooms are not a table: the Maker API
 * knows a room only as a name on each device, so a copy could only disagree with the devices.
 */
export class Migration20261129030000_hub extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "home"."devices"
      add column "capabilities" jsonb not null default '[]',
      add column "attributes" jsonb not null default '[]',
      add column "commands" jsonb not null default '[]',
      add column "last_event_at" timestamptz null,
      add column "online" boolean not null default true,
      add column "synced_at" timestamptz null;`);
    this.addSql(`create index "devices_room_index" on "home"."devices" ("room");`);

    this.addSql(`create table "home"."device_events" (
      "id" bigserial primary key,
      "device_id" integer not null references "home"."devices" ("id") on delete cascade,
      "hub_device_id" varchar(64) not null,
      "name" varchar(255) not null,
      "value" text null,
      "value_type" varchar(32) null,
      "unit" varchar(32) null,
      "description" text null,
      "source" varchar(16) not null check ("source" in ('POST', 'SOCKET', 'COMMAND', 'SYNC')),
      "changed_by_user_id" integer null,
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(
      `create index "device_events_device_id_created_at_index" on "home"."device_events" ("device_id", "created_at");`,
    );
    this.addSql(`create index "device_events_created_at_index" on "home"."device_events" ("created_at");`);

    this.addSql(`create table "home"."hub_state" (
      "id" smallint primary key check ("id" = 1),
      "mode" varchar(255) null,
      "modes" jsonb not null default '[]',
      "hsm_status" varchar(64) null,
      "variables" jsonb not null default '[]',
      "connected" boolean not null default false,
      "last_error" text null,
      "last_event_at" timestamptz null,
      "last_sync_at" timestamptz null,
      "updated_at" timestamptz not null default now()
    );`);
    this.addSql(`insert into "home"."hub_state" ("id") values (1);`);

    this.addSql(`create table "home"."automations" (
      "id" serial primary key,
      "name" varchar(255) not null,
      "enabled" boolean not null default true,
      "trigger" jsonb not null,
      "conditions" jsonb not null default '[]',
      "actions" jsonb not null default '[]',
      "created_by_user_id" integer null,
      "last_fired_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "home"."automations";`);
    this.addSql(`drop table if exists "home"."hub_state";`);
    this.addSql(`drop table if exists "home"."device_events";`);
    this.addSql(`drop index if exists "home"."devices_room_index";`);
    this.addSql(`alter table "home"."devices"
      drop column "capabilities", drop column "attributes", drop column "commands",
      drop column "last_event_at", drop column "online", drop column "synced_at";`);
  }
}
