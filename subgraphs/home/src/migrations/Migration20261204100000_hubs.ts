import { Migration } from "@mikro-orm/migrations";

/**
 * Several hubs (HUBITAT_HUBS): each device belongs to a hub, and a hub's device ids are its own
 * (device 1 of one hub and device 1 of another are two devices); the hub's state is one row per
 * hub, named. What was stored before belongs to the single hub, `main`.
 */
export class Migration20261204100000_hubs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "home"."devices" add column "hub" varchar(64) not null default 'main';`);
    this.addSql(`alter table "home"."devices" drop constraint if exists "devices_hub_device_id_key";`);
    this.addSql(`alter table "home"."devices"
      add constraint "devices_hub_hub_device_id_unique" unique ("hub", "hub_device_id");`);
    this.addSql(`alter table "home"."hub_state" add column "hub" varchar(64) not null default 'main';`);
    this.addSql(`alter table "home"."hub_state" drop constraint if exists "hub_state_pkey";`);
    this.addSql(`alter table "home"."hub_state" drop column "id";`);
    this.addSql(`alter table "home"."hub_state" add constraint "hub_state_pkey" primary key ("hub");`);
  }

  override async down(): Promise<void> {
    // Only the single hub's rows fit the older tables.
    this.addSql(`delete from "home"."devices" where "hub" <> 'main';`);
    this.addSql(`delete from "home"."hub_state" where "hub" <> 'main';`);
    this.addSql(`alter table "home"."hub_state" drop constraint "hub_state_pkey";`);
    this.addSql(`alter table "home"."hub_state" drop column "hub";`);
    this.addSql(`alter table "home"."hub_state" add column "id" smallint not null default 1 check ("id" = 1);`);
    this.addSql(`alter table "home"."hub_state" add constraint "hub_state_pkey" primary key ("id");`);
    this.addSql(`alter table "home"."devices" drop constraint "devices_hub_hub_device_id_unique";`);
    this.addSql(`alter table "home"."devices" drop column "hub";`);
    this.addSql(`alter table "home"."devices" add constraint "devices_hub_device_id_key" unique ("hub_device_id");`);
  }
}
