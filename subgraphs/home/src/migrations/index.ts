import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261129000000_initial } from "./Migration20261129000000_initial.js";
import { Migration20261129030000_hub } from "./Migration20261129030000_hub.js";
import { Migration20261204000000_lifecycle } from "./Migration20261204000000_lifecycle.js";
import { Migration20261204100000_favorites } from "./Migration20261204100000_favorites.js";

export const migrations: MigrationObject[] = [
  { name: "Migration20261129000000_initial", class: Migration20261129000000_initial },
  { name: "Migration20261129030000_hub", class: Migration20261129030000_hub },
  { name: "Migration20261204000000_lifecycle", class: Migration20261204000000_lifecycle },
  { name: "Migration20261204100000_favorites", class: Migration20261204100000_favorites },
];
