import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261129000000_initial } from "./Migration20261129000000_initial.js";
import { Migration20261129010000_identity } from "./Migration20261129010000_identity.js";
import { Migration20261129030000_outbox_handoff } from "./Migration20261129030000_outbox_handoff.js";

/** In order; the migrator records each name in auth.mikro_orm_migrations. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261129000000_initial", class: Migration20261129000000_initial },
  { name: "Migration20261129010000_identity", class: Migration20261129010000_identity },
  { name: "Migration20261129030000_outbox_handoff", class: Migration20261129030000_outbox_handoff },
];
