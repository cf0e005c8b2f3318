import { Migration } from "@mikro-orm/migrations";

/**
 * The household's activity feed, one ordered table every service contributes to (POST /activity):
 * the bigserial id is the order, the dedupe key makes a contribution retried by an outbox count once.
 */
export class Migration20261206020000_activity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "email"."activity_entries" (
      "id" bigserial primary key,
      "at" timestamptz not null,
      "kind" varchar(32) not null check ("kind" in
        ('DEVICE_COMMAND', 'AUTOMATION_FIRED', 'SIGN_IN_NEW_BROWSER', 'PASSWORD_CHANGED', 'MAIL_SENT', 'INVITATION')),
      "actor_user_id" integer null,
      "subject_user_id" integer null,
      "device_id" integer null,
      "room" varchar(255) null,
      "summary" varchar(500) not null,
      "source" varchar(32) not null,
      "dedupe_key" varchar(255) not null unique,
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`create index "activity_entries_actor_index" on "email"."activity_entries" ("actor_user_id", "id");`);
    this.addSql(
      `create index "activity_entries_subject_index" on "email"."activity_entries" ("subject_user_id", "id");`,
    );
    this.addSql(`create index "activity_entries_device_index" on "email"."activity_entries" ("device_id", "id");`);
    this.addSql(`create index "activity_entries_room_index" on "email"."activity_entries" ("room", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "email"."activity_entries";`);
  }
}
