// The backups `npm start` takes every BACKUP_INTERVAL_HOURS: the start script is the one process of
// an installation that lives as long as it does and knows its database (the embedded one too), and
// there is one of it, where the subgraphs come as three (or more, with replicas).
import { createRequire } from "node:module";
import path from "node:path";

/** Starts the schedule when BACKUP_INTERVAL_HOURS is set; says why not when the passphrase is missing. */
export function startBackupSchedule(root, supervisor, cfg, databaseUrl) {
  const { backup } = cfg;
  if (!backup.intervalHours) return undefined;
  if (!backup.passphrase) {
    supervisor.say("BACKUP_INTERVAL_HOURS is set but BACKUP_PASSPHRASE is not: no scheduled backups", 40);
    return undefined;
  }
  const common = createRequire(import.meta.url)(path.join(root, "packages/common/dist/index.js"));
  supervisor.say(`backing up every ${backup.intervalHours} h into ${backup.dir} (keeping ${backup.keep})`);
  return common.scheduleBackups({
    url: databaseUrl,
    config: backup,
    onDone: (r) =>
      supervisor.say(
        `backup written: ${r.file} (${(r.sizeBytes / 1024).toFixed(1)} KiB, ${(r.durationMs / 1000).toFixed(1)} s)`,
      ),
    onError: (err) => supervisor.say(`scheduled backup failed: ${err.message}`, 50),
  });
}
