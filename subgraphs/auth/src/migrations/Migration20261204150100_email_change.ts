import { Migration } from "@mikro-orm/migrations";

/** A change of e-mail address waits for the new address to confirm: its one-time token carries that address. */
export class Migration20261204150100_email_change extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "auth"."password_reset_tokens"
      add column "new_email" varchar(255) null,
      drop constraint "password_reset_tokens_purpose_check",
      add constraint "password_reset_tokens_purpose_check"
        check ("purpose" in ('PASSWORD_RESET', 'INVITE', 'SIGN_IN_CHALLENGE', 'SIGN_OUT_EVERYWHERE', 'EMAIL_CHANGE'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "auth"."password_reset_tokens" where "purpose" = 'EMAIL_CHANGE';`);
    this.addSql(`alter table "auth"."password_reset_tokens" drop column "new_email",
      drop constraint "password_reset_tokens_purpose_check",
      add constraint "password_reset_tokens_purpose_check"
        check ("purpose" in ('PASSWORD_RESET', 'INVITE', 'SIGN_IN_CHALLENGE', 'SIGN_OUT_EVERYWHERE'));`);
  }
}
