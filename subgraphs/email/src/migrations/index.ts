import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261129000000_initial } from "./Migration20261129000000_initial.js";
import { Migration20261129020000_delivery } from "./Migration20261129020000_delivery.js";
import { Migration20261206010000_notifications } from "./Migration20261206010000_notifications.js";
import { Migration20261206020000_activity } from "./Migration20261206020000_activity.js";

export const migrations: MigrationObject[] = [
  { name: "Migration20261129000000_initial", class: Migration20261129000000_initial },
  { name: "Migration20261129020000_delivery", class: Migration20261129020000_delivery },
  { name: "Migration20261206010000_notifications", class: Migration20261206010000_notifications },
  { name: "Migration20261206020000_activity", class: Migration20261206020000_activity },
];
