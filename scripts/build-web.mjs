#!/usr/bin/env node
// `node scripts/build-web.mjs [--if-stale]`: the web app's production build (web/dist), as
// `npm start` makes it; with --if-stale, only when a source is newer than the build.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildWeb, webBuildStale } from "./lib/web-build.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
if (process.argv.includes("--if-stale") && !webBuildStale(root)) {
  console.log("web app: build is current");
} else {
  const { code, output } = await buildWeb(root);
  process.stdout.write(output);
  console.log(code === 0 ? "web app: built into web/dist" : `web app: vite build failed (exit code ${code})`);
  process.exitCode = code === 0 ? 0 : 1;
}
