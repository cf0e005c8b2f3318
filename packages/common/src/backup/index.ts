export * from "./config.js";
export * from "./crypto.js";
export * from "./pg-tools.js";
export * from "./status.js";
export * from "./backup.js";
export * from "./restore.js";
export * from "./schedule.js";
export * from "./pre-migration.js";
