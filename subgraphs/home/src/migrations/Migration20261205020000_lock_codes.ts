import { Migration } from "@mikro-orm/migrations";

/**
 * Lock codes Homegraph schedules on locks (a guest pass's, a household code), their code
 * encrypted; and the name of the code that unlocked a lock, on the unlock's event.
 */
export class Migration20261205020000_lock_codes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "home"."lock_codes" (
      "id" serial primary key,
      "ref" varchar(200) not null unique,
      "device_id" integer not null references "home"."devices" ("id") on delete cascade,
      "position" integer null,
      "name" varchar(32) not null,
      "code_cipher" text not null,
      "starts_at" timestamptz not null,
      "ends_at" timestamptz null,
      "state" varchar(16) not null default 'pending',
      "attempts" integer not null default 0,
      "next_attempt_at" timestamptz null,
      "last_error" text null,
      "written_at" timestamptz null,
      "cancelled_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    );`);
    this.addSql(
      `create index "lock_codes_state_next_attempt_at_index" on "home"."lock_codes" ("state", "next_attempt_at");`,
    );
    this.addSql(`create index "lock_codes_device_id_index" on "home"."lock_codes" ("device_id");`);
    this.addSql(`alter table "home"."device_events" add column "actor_name" varchar(64) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "home"."device_events" drop column "actor_name";`);
    this.addSql(`drop table "home"."lock_codes";`);
  }
}
