import type { Logger } from "pino";
import { createBackup } from "./backup.js";
import type { BackupConfig } from "./config.js";

/**
 * The backup a service takes when it finds migrations to run on a schema that already has data
 * (a fresh install has nothing to save): with BACKUP_PASSPHRASE set and BACKUP_BEFORE_MIGRATION
 * not false. A failed one stops the start, so no migration runs without a way back.
 */
export async function backupBeforeMigrating(options: {
  url: string;
  config: BackupConfig | undefined;
  schema: string;
  pending: string[];
  logger: Logger;
}): Promise<void> {
  const { config, logger, schema, pending } = options;
  if (!config?.passphrase || !config.beforeMigration) return;
  logger.info({ pending }, `backing up before migrating ${schema}`);
  try {
    const result = await createBackup({ url: options.url, config, kind: "pre-migration" });
    logger.info({ file: result.path, sizeBytes: result.sizeBytes, ms: result.durationMs }, "backup written");
  } catch (err) {
    throw new Error(
      `The backup before migrating ${schema} failed, so no migration ran: ${err instanceof Error ? err.message : String(err)}. ` +
        `Fix it, or set BACKUP_BEFORE_MIGRATION=false to migrate without a backup.`,
      { cause: err },
    );
  }
}
