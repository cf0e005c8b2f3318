import { Migration } from "@mikro-orm/migrations";

/** The seed's email_logs (Phase 2, step 2.1) in the `email` schema; user_id has no foreign key, users live in `auth`. */
export class Migration20261129000000_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "email"."email_logs" (
      "id" serial primary key,
      "user_id" integer null,
      "recipient" varchar(255) null,
      "subject" varchar(255) null,
      "sent_at" timestamptz null default now()
    );`);
    this.addSql(`create index "email_logs_user_id_index" on "email"."email_logs" ("user_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "email"."email_logs";`);
  }
}
