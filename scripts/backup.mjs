#!/usr/bin/env node
// `npm run backup`: an encrypted backup of every Homegraph schema into BACKUP_DIR, keeping the
// newest BACKUP_KEEP. See README.md, "Backups".
import { describeUrl, explainConnection, fail, setUp, size } from "./lib/backup-cli.mjs";

const { common, cfg, url, embedded } = setUp();
if (!cfg.backup.passphrase)
  fail("BACKUP_PASSPHRASE is not set: every backup is encrypted with it (keep it safe, apart from the backups).", 2);

process.stdout.write(
  `backing up ${common.BACKUP_SCHEMAS.join(", ")} from ${describeUrl(url)} into ${cfg.backup.dir}\n`,
);
try {
  const result = await common.createBackup({
    url,
    config: cfg.backup,
    kind: "manual",
    onProgress: (bytes) => process.stdout.write(`  ${size(bytes)} written…\n`),
  });
  for (const name of result.removed) process.stdout.write(`  removed ${name} (BACKUP_KEEP=${cfg.backup.keep})\n`);
  process.stdout.write(
    `backup written: ${result.path} (${size(result.sizeBytes)}, ${(result.durationMs / 1000).toFixed(1)} s)\n`,
  );
} catch (err) {
  fail(`backup failed: ${explainConnection(err, embedded)}`);
}
