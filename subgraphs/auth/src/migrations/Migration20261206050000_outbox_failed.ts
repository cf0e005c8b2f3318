import { Migration } from "@mikro-orm/migrations";

/**
 * The outbox worker marks a row the email service refuses for good as FAILED; the first check
 * allowed only PENDING and HANDED_OFF, so that update failed and the row was retried forever.
 */
export class Migration20261206050000_outbox_failed extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "auth"."outbox_emails" drop constraint if exists "outbox_emails_status_check";`);
    this.addSql(`alter table "auth"."outbox_emails" add constraint "outbox_emails_status_check"
      check ("status" in ('PENDING', 'HANDED_OFF', 'FAILED'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "auth"."outbox_emails" drop constraint if exists "outbox_emails_status_check";`);
    this.addSql(`alter table "auth"."outbox_emails" add constraint "outbox_emails_status_check"
      check ("status" in ('PENDING', 'HANDED_OFF'));`);
  }
}
