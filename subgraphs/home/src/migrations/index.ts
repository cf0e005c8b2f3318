import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261129000000_initial } from "./Migration20261129000000_initial.js";
import { Migration20261129030000_hub } from "./Migration20261129030000_hub.js";
import { Migration20261204000000_lifecycle } from "./Migration20261204000000_lifecycle.js";
import { Migration20261204100000_hubs } from "./Migration20261204100000_hubs.js";
import { Migration20261204110000_alarm } from "./Migration20261204110000_alarm.js";
import { Migration20261204120000_history } from "./Migration20261204120000_history.js";
import { Migration20261204130000_favorites } from "./Migration20261204130000_favorites.js";
import { Migration20261205010100_access } from "./Migration20261205010100_access.js";
import { Migration20261205020000_lock_codes } from "./Migration20261205020000_lock_codes.js";
import { Migration20261205070000_capability_access } from "./Migration20261205070000_capability_access.js";
import { Migration20261206030000_outbox } from "./Migration20261206030000_outbox.js";

export const migrations: MigrationObject[] = [
  { name: "Migration20261129000000_initial", class: Migration20261129000000_initial },
  { name: "Migration20261129030000_hub", class: Migration20261129030000_hub },
  { name: "Migration20261204000000_lifecycle", class: Migration20261204000000_lifecycle },
  { name: "Migration20261204100000_hubs", class: Migration20261204100000_hubs },
  { name: "Migration20261204110000_alarm", class: Migration20261204110000_alarm },
  { name: "Migration20261204120000_history", class: Migration20261204120000_history },
  { name: "Migration20261204130000_favorites", class: Migration20261204130000_favorites },
  { name: "Migration20261205010100_access", class: Migration20261205010100_access },
  { name: "Migration20261205020000_lock_codes", class: Migration20261205020000_lock_codes },
  { name: "Migration20261205070000_capability_access", class: Migration20261205070000_capability_access },
  { name: "Migration20261206030000_outbox", class: Migration20261206030000_outbox },
];
