// What `npm run backup` and `npm run restore` share: the compiled common package (its backup
// module does the work), the configuration (config.mjs, the one place the environment is read),
// and the way a failure ends the command.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { databaseUrlOf, loadStartConfig } from "./config.mjs";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The parts of the common package a backup needs (its config helpers and backup module, not the
 * whole service kernel: a second saved on every run), and the configuration; or a one-line refusal
 * (exit 2).
 */
export function setUp() {
  const require = createRequire(import.meta.url);
  const dist = path.join(root, "packages/common/dist");
  let common;
  let z;
  try {
    common = { ...require(path.join(dist, "config/config.js")), ...require(path.join(dist, "backup/index.js")) };
    z = createRequire(require.resolve(path.join(root, "packages/common/package.json")))("zod");
  } catch {
    fail("packages/common is not built: run `npx tsc -b packages/common` (or npm start once) first.", 2);
  }
  try {
    const cfg = loadStartConfig(common, z, process.env, root);
    return { common, cfg, url: databaseUrlOf(cfg), embedded: !cfg.DATABASE_URL };
  } catch (err) {
    fail(err?.message ?? String(err), 2);
  }
}

export function fail(message, code = 1) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

export function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** Where the database is, without its password. */
export function describeUrl(url) {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/** A connection refused by the embedded database means `npm start` is not running. */
export function explainConnection(err, embedded) {
  const message = err?.message ?? String(err);
  if (embedded && /ECONNREFUSED|could not connect|Connection refused/i.test(message)) {
    return `${message}\nDATABASE_URL is not set, so this uses the embedded PostgreSQL of npm start: start Homegraph first, or set DATABASE_URL.`;
  }
  return message;
}
