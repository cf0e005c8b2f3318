import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import { scratchDatabase } from "../../../../test/support/database";
import type { BackupResult } from "./backup";
import type { BackupConfig } from "./config";
import { scheduleBackups } from "./schedule";
import { readBackupStatus } from "./status";

// BACKUP_INTERVAL_HOURS: a backup on every interval, recorded as scheduled; none without a passphrase.

let db: { url: string; drop: () => Promise<void> };
let dir: string;
const config = (more: Partial<BackupConfig> = {}): BackupConfig => ({
  passphrase: "a long backup passphrase",
  dir,
  keep: 5,
  // 1.8 seconds.
  intervalHours: 0.0005,
  beforeMigration: true,
  ...more,
});

beforeAll(async () => {
  db = await scratchDatabase();
  const client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query(`create schema home; create table home.notes (id serial primary key)`);
  await client.end();
  dir = await mkdtemp(path.join(tmpdir(), "homegraph-schedule-"));
});
afterAll(async () => {
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

it("backs up on every interval, recorded as scheduled", async () => {
  const done: BackupResult[] = [];
  const errors: Error[] = [];
  const schedule = scheduleBackups({
    url: db.url,
    config: config(),
    onDone: (r) => done.push(r),
    onError: (e) => errors.push(e),
  });
  expect(schedule).toBeDefined();
  try {
    for (let i = 0; i < 100 && done.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
  } finally {
    schedule!.stop();
  }
  expect(errors).toEqual([]);
  expect(done.length).toBeGreaterThanOrEqual(2);
  expect((await readdir(dir)).filter((n) => n.endsWith(".hgbackup")).length).toBeGreaterThanOrEqual(2);
  expect((await readBackupStatus(dir)).last).toMatchObject({ ok: true, kind: "scheduled" });
});

it("has no schedule without an interval or without a passphrase", () => {
  const never = { url: db.url, onDone: () => undefined, onError: () => undefined };
  expect(scheduleBackups({ ...never, config: config({ intervalHours: 0 }) })).toBeUndefined();
  expect(scheduleBackups({ ...never, config: config({ passphrase: undefined }) })).toBeUndefined();
});
