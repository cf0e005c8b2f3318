import { Migration } from "@mikro-orm/migrations";

/**
 * API tokens for developers' scripts and Apollo Sandbox. Each is exchanged at the auth service for
 * short-lived access tokens whose `sid` is the token's id, so revoking it uses the same revocation
 * push as ending a session. Only a keyed hash of the secret is kept.
 */
export class Migration20261204150000_api_tokens extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "auth"."api_tokens" (
      "id" uuid primary key,
      "user_id" int not null references "auth"."users" ("id") on delete cascade,
      "name" varchar(100) not null,
      "token_hash" varchar(64) not null unique,
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz null,
      "last_used_at" timestamptz null,
      "revoked_at" timestamptz null,
      "revoked_reason" varchar(64) null);`);
    this.addSql(`create index "api_tokens_user_index" on "auth"."api_tokens" ("user_id") where "revoked_at" is null;`);
    this.addSql(
      `create index "api_tokens_revoked_index" on "auth"."api_tokens" ("revoked_at") where "revoked_at" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "auth"."api_tokens";`);
  }
}
