import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import { scratchDatabase } from "../../../../test/support/database";
import { createBackup } from "./backup";
import type { BackupConfig } from "./config";

// Backups taken at the same moment (three services finding migrations together) each keep a file.

let db: { url: string; drop: () => Promise<void> };
let dir: string;

beforeAll(async () => {
  db = await scratchDatabase();
  const client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query(`create schema email; create table email.email_logs (id serial primary key)`);
  await client.end();
  dir = await mkdtemp(path.join(tmpdir(), "homegraph-backup-"));
});
afterAll(async () => {
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

it("gives backups of the same second names of their own, and leaves no temporary file", async () => {
  const config: BackupConfig = {
    passphrase: "a long backup passphrase",
    dir,
    keep: 5,
    intervalHours: 0,
    beforeMigration: true,
  };
  const results = await Promise.all([1, 2, 3].map(() => createBackup({ url: db.url, config, kind: "pre-migration" })));
  const names = results.map((r) => r.file);
  expect(new Set(names).size).toBe(3);
  expect((await readdir(dir)).filter((n) => n.endsWith(".hgbackup")).sort()).toEqual([...names].sort());
  expect((await readdir(dir)).filter((n) => n.endsWith(".partial"))).toEqual([]);
});
