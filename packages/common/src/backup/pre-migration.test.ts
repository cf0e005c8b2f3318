import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Entity, PrimaryKey } from "@mikro-orm/core";
import { Migration } from "@mikro-orm/migrations";
import { Client } from "pg";
import { scratchDatabase } from "../../../../test/support/database";
import { createOrm } from "../db/orm";
import { createLogger } from "../logging/logger";
import type { BackupConfig } from "./config";
import { readBackupStatus } from "./status";

// A service that finds migrations to run on a schema holding data takes a backup first, and does
// not migrate when that backup fails.

@Entity({ tableName: "notes", schema: "home" })
class Note {
  @PrimaryKey()
  id!: number;
}

class CreateNotes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "home"."notes" ("id" serial primary key, "body" text)`);
  }
}
class AddWrittenAt extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "home"."notes" add column "written_at" timestamptz`);
  }
}
const FIRST = { name: "Migration1_notes", class: CreateNotes };
const SECOND = { name: "Migration2_written_at", class: AddWrittenAt };

let db: { url: string; drop: () => Promise<void> };
let dir: string;
const logger = createLogger("backup-test", "silent");
const config = (more: Partial<BackupConfig> = {}): BackupConfig => ({
  passphrase: "a long backup passphrase",
  dir,
  keep: 5,
  intervalHours: 0,
  beforeMigration: true,
  ...more,
});
const migrate = async (migrations: (typeof FIRST)[], backup: BackupConfig) => {
  const orm = await createOrm({ db: dbConfig(), schema: "home", entities: [Note], migrations, logger, backup });
  await orm.close(true);
};
const dbConfig = () => ({ url: db.url, poolMin: 0, poolMax: 2, connectTimeoutMs: 5000, statementTimeoutMs: 10000 });
const backups = async () => (await readdir(dir)).filter((n) => n.endsWith(".hgbackup"));

async function hasWrittenAt(): Promise<boolean> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      `select 1 from information_schema.columns where table_schema = 'home' and table_name = 'notes' and column_name = 'written_at'`,
    );
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  db = await scratchDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "homegraph-premigration-"));
});
afterAll(async () => {
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

it("takes no backup on a fresh install, where there is nothing to save", async () => {
  await migrate([FIRST], config());
  expect(await backups()).toEqual([]);
});

it("does not migrate when the backup before it fails, and says how to go on", async () => {
  const bin = path.join(dir, "broken-bin");
  await rm(bin, { recursive: true, force: true });
  await mkdir(bin);
  await writeFile(path.join(bin, "pg_dump"), "#!/bin/sh\necho 'pg_dump: error: disk full' >&2\nexit 1\n");
  await chmod(path.join(bin, "pg_dump"), 0o755);
  await expect(migrate([FIRST, SECOND], config({ pgBinDir: bin }))).rejects.toThrow(
    /backup before migrating home failed, so no migration ran: pg_dump failed: pg_dump: error: disk full.*BACKUP_BEFORE_MIGRATION=false/,
  );
  expect(await hasWrittenAt()).toBe(false);
  expect(await backups()).toEqual([]);
  expect((await readBackupStatus(dir)).last).toMatchObject({ ok: false, kind: "pre-migration" });
});

it("backs up every schema, then migrates", async () => {
  await migrate([FIRST, SECOND], config());
  expect(await hasWrittenAt()).toBe(true);
  const files = await backups();
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/^homegraph-\d{8}T\d{6}Z-pre-migration\.hgbackup$/);
  expect((await readBackupStatus(dir)).last).toMatchObject({ ok: true, kind: "pre-migration", file: files[0] });
});
