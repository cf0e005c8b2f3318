#!/usr/bin/env node
// The web app's first-load JavaScript, gzipped: the entry and its static imports, plus the chunks
// of the screen a signed-in person lands on (the dashboard) and of the sign-in screen, each with
// their static imports (from Vite's manifest). Other screens are chunks fetched when opened.
// Fails above the budget. Run after `npm run build` (or `node scripts/build-web.mjs`).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 300 * 1000;
const FIRST_SCREENS = ["src/routes/dashboard/DashboardPage.tsx", "src/routes/signin/SignInPage.tsx"];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "web", "dist");
const manifestFile = path.join(dist, ".vite", "manifest.json");
if (!existsSync(manifestFile)) {
  console.error("web/dist/.vite/manifest.json is missing: run `npm run build` first.");
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
const entries = Object.entries(manifest)
  .filter(([, chunk]) => chunk.isEntry)
  .map(([key]) => key);
if (!entries.length) {
  console.error("the manifest has no entry: is this a Vite build?");
  process.exit(1);
}

const files = new Set();
function take(key) {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const dep of chunk.imports ?? []) take(dep);
}
for (const key of [...entries, ...FIRST_SCREENS]) {
  if (!manifest[key]) {
    console.error(`${key} is not in the build: update FIRST_SCREENS in scripts/web-bundle-size.mjs`);
    process.exit(1);
  }
  take(key);
}

let total = 0;
const rows = [];
for (const file of [...files].filter((f) => f.endsWith(".js"))) {
  const gz = gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
  total += gz;
  rows.push(`  ${file}  ${(gz / 1000).toFixed(1)} kB`);
}
console.log(`web app first load, JavaScript gzipped (shell, dashboard, sign-in):\n${rows.join("\n")}`);
console.log(`total ${(total / 1000).toFixed(1)} kB gzipped (budget ${BUDGET_BYTES / 1000} kB)`);
if (total > BUDGET_BYTES) {
  console.error(`over budget by ${((total - BUDGET_BYTES) / 1000).toFixed(1)} kB: split a route or drop a dependency`);
  process.exit(1);
}
