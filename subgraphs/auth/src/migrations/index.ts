import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261129000000_initial } from "./Migration20261129000000_initial.js";
import { Migration20261129010000_identity } from "./Migration20261129010000_identity.js";
import { Migration20261129030000_outbox_handoff } from "./Migration20261129030000_outbox_handoff.js";
import { Migration20261204000000_second_factor } from "./Migration20261204000000_second_factor.js";
import { Migration20261204140000_passkeys } from "./Migration20261204140000_passkeys.js";
import { Migration20261204150000_api_tokens } from "./Migration20261204150000_api_tokens.js";
import { Migration20261204150100_email_change } from "./Migration20261204150100_email_change.js";
import { Migration20261205010000_guest_role } from "./Migration20261205010000_guest_role.js";
import { Migration20261205030000_outbox_trace } from "./Migration20261205030000_outbox_trace.js";
import { Migration20261205040000_guest_passes } from "./Migration20261205040000_guest_passes.js";
import { Migration20261206050000_outbox_failed } from "./Migration20261206050000_outbox_failed.js";

/** In order; the migrator records each name in auth.mikro_orm_migrations. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261129000000_initial", class: Migration20261129000000_initial },
  { name: "Migration20261129010000_identity", class: Migration20261129010000_identity },
  { name: "Migration20261129030000_outbox_handoff", class: Migration20261129030000_outbox_handoff },
  { name: "Migration20261204000000_second_factor", class: Migration20261204000000_second_factor },
  { name: "Migration20261204140000_passkeys", class: Migration20261204140000_passkeys },
  { name: "Migration20261204150000_api_tokens", class: Migration20261204150000_api_tokens },
  { name: "Migration20261204150100_email_change", class: Migration20261204150100_email_change },
  { name: "Migration20261205010000_guest_role", class: Migration20261205010000_guest_role },
  { name: "Migration20261205030000_outbox_trace", class: Migration20261205030000_outbox_trace },
  { name: "Migration20261205040000_guest_passes", class: Migration20261205040000_guest_passes },
  { name: "Migration20261206050000_outbox_failed", class: Migration20261206050000_outbox_failed },
];
