import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Client } from "pg";
import { BACKUP_SCHEMAS } from "./backup.js";
import { HEADER_BYTES, decryptStream, openHeader } from "./crypto.js";
import { findPgTool, runPgTool } from "./pg-tools.js";

export interface RestoreOptions {
  file: string;
  /** The database to restore into. */
  url: string;
  passphrase: string;
  /** Replace schemas that hold tables (their data is lost). */
  force?: boolean;
  pgBinDir?: string;
  /** What the restore is doing now, for the person running it. */
  onStep?: (step: string) => void;
}

export interface RestoreResult {
  /** Tables and rows per schema, as restored. */
  schemas: { name: string; tables: number; rows: number }[];
  durationMs: number;
}

/** The target still holds data and --force was not given. */
export class RestoreRefusedError extends Error {
  constructor(readonly occupied: { name: string; tables: number }[]) {
    super(
      `The target database is not empty (${occupied.map((s) => `${s.name}: ${s.tables} tables`).join(", ")}): ` +
        `restore into an empty database, or pass --force to replace these schemas and lose what they hold.`,
    );
    this.name = "RestoreRefusedError";
  }
}

/**
 * Restores a backup into `url`: checks the passphrase (from the header), then proves the whole
 * file with its GCM tag before touching the database, refuses a target whose schemas hold tables
 * unless `force`, and runs pg_restore in a single transaction (all or nothing): the schemas it
 * replaces are set aside first and put back when pg_restore fails.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const began = Date.now();
  const step = options.onStep ?? (() => undefined);
  const { key, iv } = await openHeader(await readHeader(options.file), options.passphrase);
  step("passphrase accepted; checking the whole file");
  await pipeline(
    createReadStream(options.file, { start: HEADER_BYTES }),
    decryptStream(key, iv),
    new Writable({ write: (_chunk, _enc, done) => done() }),
  );
  const restoreTool = findPgTool("pg_restore", options.pgBinDir);

  const client = new Client({ connectionString: options.url });
  await client.connect();
  try {
    const occupied = (await countTables(client)).filter((s) => s.tables > 0);
    if (occupied.length && !options.force) throw new RestoreRefusedError(occupied);
    step(occupied.length ? `replacing ${occupied.map((s) => s.name).join(", ")} (--force)` : "the target is empty");
    // The schemas there (empty, or full with --force) step aside so the archive's CREATE SCHEMA
    // can run; they come back if pg_restore fails, and go once it succeeded.
    const aside = await setAside(client);
    try {
      await runRestore(restoreTool, options.url, options.file, key, iv, step);
    } catch (err) {
      await putBack(client, aside).catch(() => undefined);
      throw err;
    }
    for (const { moved } of aside) await client.query(`drop schema "${moved}" cascade`);
  } finally {
    await client.end().catch(() => undefined);
  }

  const after = new Client({ connectionString: options.url });
  await after.connect();
  try {
    return { schemas: await countTables(after, true), durationMs: Date.now() - began };
  } finally {
    await after.end().catch(() => undefined);
  }
}

/** Renames the Homegraph schemas present to `<name>_before_restore_<stamp>`, in one transaction. */
async function setAside(client: Client): Promise<{ name: string; moved: string }[]> {
  const { rows } = await client.query<{ nspname: string }>(
    "select nspname from pg_namespace where nspname = any($1::text[])",
    [[...BACKUP_SCHEMAS]],
  );
  const stamp = Date.now().toString(36);
  const aside = rows.map(({ nspname }) => ({ name: nspname, moved: `${nspname}_before_restore_${stamp}` }));
  await client.query("begin");
  for (const { name, moved } of aside) await client.query(`alter schema "${name}" rename to "${moved}"`);
  await client.query("commit");
  return aside;
}

async function putBack(client: Client, aside: { name: string; moved: string }[]): Promise<void> {
  await client.query("begin");
  for (const { name, moved } of aside) {
    await client.query(`drop schema if exists "${name}" cascade`);
    await client.query(`alter schema "${moved}" rename to "${name}"`);
  }
  await client.query("commit");
}

/** pg_restore in one transaction, fed the decrypted archive. */
async function runRestore(
  tool: string,
  url: string,
  file: string,
  key: Buffer,
  iv: Buffer,
  step: (s: string) => void,
): Promise<void> {
  step("restoring with pg_restore");
  const database = decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "postgres";
  const restore = runPgTool(
    tool,
    ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", `--dbname=${database}`],
    url,
  );
  const fed = pipeline(createReadStream(file, { start: HEADER_BYTES }), decryptStream(key, iv), restore.child.stdin!);
  await Promise.all([restore.done, fed.catch((err: unknown) => restore.done.then(() => Promise.reject(err)))]);
}

async function readHeader(file: string): Promise<Buffer> {
  const size = (await stat(file)).size;
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(Math.min(size, HEADER_BYTES));
    await handle.read(buffer, 0, buffer.length, 0);
    return buffer;
  } finally {
    await handle.close();
  }
}

/** Tables (and, when asked, exact rows) per Homegraph schema. */
async function countTables(
  client: Client,
  withRows = false,
): Promise<{ name: string; tables: number; rows: number }[]> {
  const out = [];
  for (const name of BACKUP_SCHEMAS) {
    const { rows } = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE'",
      [name],
    );
    let total = 0;
    if (withRows) {
      for (const { table_name } of rows) {
        const counted = await client.query<{ n: string }>(
          `select count(*) as n from "${name}"."${table_name.replace(/"/g, '""')}"`,
        );
        total += Number(counted.rows[0]!.n);
      }
    }
    out.push({ name, tables: rows.length, rows: total });
  }
  return out;
}
