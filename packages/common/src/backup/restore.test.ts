import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import { scratchDatabase } from "../../../../test/support/database";
import { createBackup } from "./backup";
import type { BackupConfig } from "./config";
import { restoreBackup } from "./restore";

// A restore over data (--force) replaces it with the backup's, and when pg_restore fails the data
// that was there is put back as it was.

let db: { url: string; drop: () => Promise<void> };
let dir: string;
let file: string;
const PASSPHRASE = "a long backup passphrase";
const config: () => BackupConfig = () => ({
  passphrase: PASSPHRASE,
  dir,
  keep: 5,
  intervalHours: 0,
  beforeMigration: true,
});

async function sql(text: string): Promise<Record<string, any>[]> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}
const notes = async () => (await sql(`select body from home.notes order by id`)).map((r) => r.body);
const schemas = async () =>
  (await sql(`select nspname from pg_namespace where nspname like 'home%' or nspname like 'auth%' order by 1`)).map(
    (r) => r.nspname,
  );

beforeAll(async () => {
  db = await scratchDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "homegraph-restore-"));
  await sql(`create schema home; create table home.notes (id serial primary key, body text);
             insert into home.notes (body) values ('in the backup')`);
  file = (await createBackup({ url: db.url, config: config(), kind: "manual" })).path;
  await sql(`insert into home.notes (body) values ('after the backup')`);
});
afterAll(async () => {
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

it("refuses a database with data unless forced", async () => {
  await expect(restoreBackup({ file, url: db.url, passphrase: PASSPHRASE })).rejects.toThrow(
    /not empty \(home: 1 tables\).*--force/,
  );
  expect(await notes()).toEqual(["in the backup", "after the backup"]);
});

it("puts the data back as it was when pg_restore fails", async () => {
  const bin = path.join(dir, "broken-bin");
  await mkdir(bin, { recursive: true });
  await writeFile(
    path.join(bin, "pg_restore"),
    "#!/bin/sh\ncat >/dev/null\necho 'pg_restore: error: out of disk' >&2\nexit 1\n",
  );
  await chmod(path.join(bin, "pg_restore"), 0o755);
  await expect(
    restoreBackup({ file, url: db.url, passphrase: PASSPHRASE, force: true, pgBinDir: bin }),
  ).rejects.toThrow(/pg_restore failed: pg_restore: error: out of disk/);
  expect(await notes()).toEqual(["in the backup", "after the backup"]);
  expect(await schemas()).toEqual(["home"]);
});

it("replaces the data with the backup's when forced", async () => {
  const result = await restoreBackup({ file, url: db.url, passphrase: PASSPHRASE, force: true });
  expect(result.schemas.find((s) => s.name === "home")).toEqual({ name: "home", tables: 1, rows: 1 });
  expect(await notes()).toEqual(["in the backup"]);
  expect(await schemas()).toEqual(["home"]);
});
