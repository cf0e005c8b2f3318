#!/usr/bin/env node
// `npm run restore -- <file> [--force]`: a backup of `npm run backup` into the database (an empty
// one unless --force). The auth service must then run with the same AUTH_SECRET as when the backup
// was taken: it decrypts the JWT signing keys. See README.md, "Backups".
import { existsSync } from "node:fs";
import path from "node:path";
import { describeUrl, explainConnection, fail, setUp } from "./lib/backup-cli.mjs";

const args = process.argv.slice(2);
const force = args.includes("--force");
const files = args.filter((a) => a !== "--force");
if (files.length !== 1 || files[0].startsWith("-")) fail("usage: npm run restore -- <file.hgbackup> [--force]", 2);

const { common, cfg, url, embedded } = setUp();
if (!cfg.backup.passphrase)
  fail("BACKUP_PASSPHRASE is not set: it is the passphrase the backup was encrypted with.", 2);

const file = path.resolve(files[0]);
if (!existsSync(file)) fail(`restore failed: ${file} does not exist`, 2);
process.stdout.write(`restoring ${file} into ${describeUrl(url)}\n`);
try {
  const result = await common.restoreBackup({
    file,
    url,
    passphrase: cfg.backup.passphrase,
    force,
    pgBinDir: cfg.backup.pgBinDir,
    onStep: (step) => process.stdout.write(`  ${step}\n`),
  });
  for (const s of result.schemas) process.stdout.write(`  ${s.name}: ${s.tables} tables, ${s.rows} rows\n`);
  process.stdout.write(
    `restored in ${(result.durationMs / 1000).toFixed(1)} s. Start Homegraph with the same AUTH_SECRET as when this backup was taken.\n`,
  );
} catch (err) {
  const code = err?.name === "WrongPassphraseError" || err?.name === "RestoreRefusedError" ? 3 : 1;
  fail(`restore failed: ${explainConnection(err, embedded)}`, code);
}
