import { createWriteStream, existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { link, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { BackupConfig } from "./config.js";
import { encryptStream } from "./crypto.js";
import { findPgTool, runPgTool } from "./pg-tools.js";
import { recordBackup, type BackupKind, type BackupRecord } from "./status.js";

/** Every schema a restore needs: each holds its own mikro_orm_migrations table too. */
export const BACKUP_SCHEMAS = ["auth", "email", "home"] as const;

const FILE_PATTERN = /^homegraph-\d{8}T\d{6}Z(-[a-z0-9-]+)?\.hgbackup$/;

export interface BackupOptions {
  /** The database holding the auth, email and home schemas. */
  url: string;
  config: BackupConfig;
  kind: BackupKind;
  /** Bytes written so far, now and then. */
  onProgress?: (bytes: number) => void;
}

export interface BackupResult extends BackupRecord {
  file: string;
  path: string;
  sizeBytes: number;
  /** Older backups removed to keep BACKUP_KEEP. */
  removed: string[];
}

export class BackupConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupConfigError";
  }
}

/** `20261204T131811Z`: sorts as it happened. */
export function backupTimestamp(date = new Date()): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

/**
 * pg_dump (custom format) of every Homegraph schema, encrypted as it streams into
 * `homegraph-<UTC timestamp>[-pre-migration].hgbackup` in BACKUP_DIR under a temporary name, given
 * its name once complete; then the oldest beyond BACKUP_KEEP are removed. Every attempt, failed or not, is
 * recorded in backup-status.json.
 */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const { config, kind } = options;
  const passphrase = config.passphrase;
  if (!passphrase) throw new BackupConfigError("BACKUP_PASSPHRASE is not set: backups are always encrypted with it.");
  const began = new Date();
  await mkdir(config.dir, { recursive: true, mode: 0o700 });
  let partial: string | undefined;
  try {
    const base = `homegraph-${backupTimestamp(began)}${kind === "pre-migration" ? "-pre-migration" : ""}`;
    // Its own temporary name: services migrating at the same moment each write their own file.
    partial = path.join(config.dir, `.${base}.${process.pid}-${randomBytes(4).toString("hex")}.partial`);
    // Keyed before pg_dump starts: its output then has somewhere to go from the first byte.
    const encrypt = await encryptStream(passphrase);
    const dump = runPgTool(
      findPgTool("pg_dump", config.pgBinDir),
      ["--format=custom", "--no-owner", "--no-privileges", ...BACKUP_SCHEMAS.map((s) => `--schema=${s}`)],
      options.url,
    );
    dump.child.stdin!.end();
    let bytes = 0;
    let reported = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (options.onProgress && bytes - reported >= 4 * 1024 * 1024) options.onProgress((reported = bytes));
        done(null, chunk);
      },
    });
    const written = pipeline(dump.child.stdout!, counter, encrypt, createWriteStream(partial, { mode: 0o600 }));
    // pg_dump's failure says more than the broken pipe it leaves behind.
    await Promise.all([dump.done, written.catch((err: unknown) => dump.done.then(() => Promise.reject(err)))]);
    // A custom-format archive is never empty: nothing read means the dump went missing on the way.
    if (bytes === 0) throw new Error("pg_dump wrote nothing: the backup was not written");
    const { file, target } = await publish(partial, config.dir, base);
    await rm(partial, { force: true });
    partial = undefined;
    const sizeBytes = (await stat(target)).size;
    const record: BackupRecord = {
      at: began.toISOString(),
      kind,
      ok: true,
      file,
      sizeBytes,
      durationMs: Date.now() - began.getTime(),
    };
    await recordBackup(config.dir, record);
    const removed = await applyRetention(config.dir, config.keep);
    return { ...record, file, sizeBytes, path: target, removed };
  } catch (err) {
    if (partial) await rm(partial, { force: true });
    const error = err instanceof Error ? err.message : String(err);
    await recordBackup(config.dir, {
      at: began.toISOString(),
      kind,
      ok: false,
      durationMs: Date.now() - began.getTime(),
      error,
    }).catch(() => undefined);
    throw err;
  }
}

/**
 * Gives the complete file its final name, `<base>.hgbackup` or `<base>-<n>.hgbackup` when another
 * backup of the same second has it: a hard link never replaces a file that exists.
 */
async function publish(partial: string, dir: string, base: string): Promise<{ file: string; target: string }> {
  for (let n = 0; ; n++) {
    const file = `${base}${n ? `-${n}` : ""}.hgbackup`;
    const target = path.join(dir, file);
    try {
      await link(partial, target);
      return { file, target };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A filesystem without hard links: a rename, after looking.
      if ((code === "EPERM" || code === "ENOTSUP") && !existsSync(target)) {
        await rename(partial, target);
        return { file, target };
      }
      if (code !== "EEXIST") throw err;
    }
  }
}

/** The backups in `dir`, oldest first. */
export async function listBackups(dir: string): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => FILE_PATTERN.test(n));
  return names.sort();
}

/** Removes the oldest backups beyond `keep`; the names removed. */
export async function applyRetention(dir: string, keep: number): Promise<string[]> {
  const all = await listBackups(dir);
  const removed = all.slice(0, Math.max(0, all.length - keep));
  for (const name of removed) await rm(path.join(dir, name), { force: true });
  return removed;
}
