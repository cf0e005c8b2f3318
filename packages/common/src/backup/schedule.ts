import { createBackup, type BackupResult } from "./backup.js";
import type { BackupConfig } from "./config.js";

export interface BackupSchedule {
  stop(): void;
}

/**
 * A backup every BACKUP_INTERVAL_HOURS (the first one interval after the start), never two at once.
 * Returns undefined when there is no schedule (interval 0 or no passphrase).
 */
export function scheduleBackups(options: {
  url: string;
  config: BackupConfig;
  onDone: (result: BackupResult) => void;
  onError: (err: Error) => void;
}): BackupSchedule | undefined {
  const { config } = options;
  if (!config.intervalHours || !config.passphrase) return undefined;
  let running = false;
  const timer = setInterval(
    () => {
      if (running) return;
      running = true;
      createBackup({ url: options.url, config, kind: "scheduled" })
        .then(options.onDone, (err: unknown) => options.onError(err instanceof Error ? err : new Error(String(err))))
        .finally(() => (running = false));
    },
    Math.max(1_000, config.intervalHours * 3_600_000),
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
