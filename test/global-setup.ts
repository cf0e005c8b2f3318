import { chmodSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../packages/common/src/db/embedded-postgres";
import { freePort } from "../scripts/lib/stack-harness.cjs";

declare global {
  var __HOMEGRAPH_EMBEDDED_PG__: EmbeddedPostgres | undefined;
  var __HOMEGRAPH_TEST_TMP__: string | undefined;
}

/**
 * Tests use TEST_DATABASE_URL when it is set (CI points it at the machine's PostgreSQL); otherwise
 * one embedded PostgreSQL serves the whole run and each test file makes its own database on it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    process.stdout.write(`\ntests use PostgreSQL at TEST_DATABASE_URL\n`);
    return;
  }
  const base = mkdtempSync(path.join(tmpdir(), "homegraph-test-"));
  // mkdtemp makes the folder private; the postgres user must be able to enter it.
  chmodSync(base, 0o755);
  const dataDir = path.join(base, "pg");
  const pg = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    ephemeral: true,
    log: (m) => process.stdout.write(`embedded PostgreSQL: ${m}\n`),
  });
  globalThis.__HOMEGRAPH_EMBEDDED_PG__ = pg;
  globalThis.__HOMEGRAPH_TEST_TMP__ = base;
  process.env.TEST_DATABASE_URL = pg.url;
  process.stdout.write(`\nTEST_DATABASE_URL is unset: tests use an embedded PostgreSQL on port ${pg.port}\n`);
}
