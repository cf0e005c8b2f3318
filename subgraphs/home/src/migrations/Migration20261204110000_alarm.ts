import { Migration } from "@mikro-orm/migrations";

/**
 * The alarm panel: HSM's current alert and when its arming began are kept with the hub's state,
 * and every HSM status and alert is kept as history.
 */
export class Migration20261204110000_alarm extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "home"."hub_state"
      add column "hsm_alert" jsonb null,
      add column "hsm_arming_since" timestamptz null;`);
    this.addSql(`create table "home"."hsm_events" (
      "id" bigserial primary key,
      "kind" varchar(16) not null check ("kind" in ('status', 'alert')),
      "value" varchar(64) not null,
      "description" text null,
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`create index "hsm_events_created_at_index" on "home"."hsm_events" ("created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "home"."hsm_events";`);
    this.addSql(`alter table "home"."hub_state" drop column "hsm_alert", drop column "hsm_arming_since";`);
  }
}
