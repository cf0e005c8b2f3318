import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

export type BackupKind = "manual" | "scheduled" | "pre-migration";

/** One backup attempt, as `backup-status.json` keeps it. */
export interface BackupRecord {
  /** When it began (ISO). */
  at: string;
  kind: BackupKind;
  ok: boolean;
  /** The file's name in BACKUP_DIR (when it was written). */
  file?: string;
  sizeBytes?: number;
  durationMs: number;
  /** Why it failed. */
  error?: string;
}

/** The newest attempt, and the newest one that worked (the same when the last one worked). */
export interface BackupStatus {
  last?: BackupRecord;
  lastOk?: BackupRecord;
}

export const STATUS_FILE = "backup-status.json";

/**
 * What BACKUP_DIR says about its backups. It lives beside the files it describes, so it survives a
 * restore (a row in the database would be rolled back to the backup's own past) and it records a
 * backup that failed because the database was down.
 */
export async function readBackupStatus(dir: string): Promise<BackupStatus> {
  try {
    return JSON.parse(await readFile(path.join(dir, STATUS_FILE), "utf8")) as BackupStatus;
  } catch {
    return {};
  }
}

export async function recordBackup(dir: string, record: BackupRecord): Promise<void> {
  const status = await readBackupStatus(dir);
  const next: BackupStatus = { last: record, lastOk: record.ok ? record : status.lastOk };
  // Two backups may finish in the same moment (and process): each writes a file of its own, then
  // renames it over the status, so the status is always one of them whole.
  const temp = path.join(dir, `.${STATUS_FILE}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  await writeFile(temp, JSON.stringify(next, null, 2) + "\n", { mode: 0o600 });
  await rename(temp, path.join(dir, STATUS_FILE));
}
