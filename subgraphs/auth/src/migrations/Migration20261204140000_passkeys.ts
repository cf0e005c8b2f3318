import { Migration } from "@mikro-orm/migrations";

/** Passkeys (WebAuthn credentials) and the single-use challenges of their ceremonies. */
export class Migration20261204140000_passkeys extends Migration {
  override async up(): Promise<void> {
    // Only public material: the credential's id and public key (COSE), never anything secret.
    this.addSql(`create table "auth"."passkeys" (
      "id" serial primary key,
      "user_id" int not null references "auth"."users" ("id") on delete cascade,
      "credential_id" varchar(1400) not null,
      "user_handle" varchar(128) not null,
      "public_key" bytea not null,
      "counter" bigint not null default 0,
      "transports" varchar(255) not null default '',
      "aaguid" varchar(36) null,
      "backed_up" boolean not null default false,
      "device_type" varchar(16) not null,
      "name" varchar(100) not null,
      "created_at" timestamptz not null default now(),
      "last_used_at" timestamptz null,
      constraint "passkeys_credential_id_unique" unique ("credential_id"));`);
    this.addSql(`create index "passkeys_user_index" on "auth"."passkeys" ("user_id");`);
    // A ceremony's challenge: the id handed out and the challenge signed are both kept as SHA-256
    // hashes; the row is deleted when used, so a challenge works once.
    this.addSql(`create table "auth"."passkey_challenges" (
      "id_hash" varchar(64) primary key,
      "purpose" varchar(16) not null check ("purpose" in ('REGISTRATION', 'SIGN_IN', 'STEP_UP')),
      "user_id" int null references "auth"."users" ("id") on delete cascade,
      "challenge_hash" varchar(64) not null,
      "user_handle" varchar(128) null,
      "expires_at" timestamptz not null,
      "created_at" timestamptz not null default now());`);
    this.addSql(`create index "passkey_challenges_expires_index" on "auth"."passkey_challenges" ("expires_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "auth"."passkey_challenges";`);
    this.addSql(`drop table if exists "auth"."passkeys";`);
  }
}
