import path from "node:path";
import { z } from "zod";
import { positiveInt } from "../config/config.js";

const flag = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

/**
 * The backup settings, read by every process that takes or restores one: `npm run backup` /
 * `npm run restore`, the scheduler of `npm start` and each subgraph (its pre-migration backup).
 */
export const backupEnvSchema = z.object({
  /** Encrypts every backup; unset: no scheduled or pre-migration backups, and the scripts refuse. */
  BACKUP_PASSPHRASE: z.string().min(12, "must be at least 12 characters").optional(),
  BACKUP_DIR: z.string().default("backups"),
  BACKUP_KEEP: positiveInt(14),
  BACKUP_INTERVAL_HOURS: z.coerce.number({ error: "must be a number of hours" }).min(0).default(0),
  BACKUP_BEFORE_MIGRATION: flag.default(true),
  /** The folder holding pg_dump and pg_restore, when they are not on PATH. */
  PG_BIN_DIR: z.string().optional(),
});

export interface BackupConfig {
  passphrase?: string;
  /** Absolute: relative values are taken from the current directory. */
  dir: string;
  keep: number;
  /** 0: no schedule. */
  intervalHours: number;
  beforeMigration: boolean;
  pgBinDir?: string;
}

export function backupConfigFrom(env: z.infer<typeof backupEnvSchema>): BackupConfig {
  return {
    passphrase: env.BACKUP_PASSPHRASE,
    dir: path.resolve(env.BACKUP_DIR),
    keep: env.BACKUP_KEEP,
    intervalHours: env.BACKUP_INTERVAL_HOURS,
    beforeMigration: env.BACKUP_BEFORE_MIGRATION,
    pgBinDir: env.PG_BIN_DIR,
  };
}
