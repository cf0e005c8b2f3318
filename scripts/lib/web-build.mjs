// The web app's build for `npm start`: rebuilt only when a source file is newer than web/dist.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";

const SOURCES = ["src", "index.html", "vite.config.ts", "package.json", "public"];

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** True when web/dist is missing or older than any of the app's sources. */
export function webBuildStale(root) {
  const web = path.join(root, "web");
  const built = path.join(web, "dist", "index.html");
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(web, s)) > builtAt);
}

/**
 * Runs `vite build` into a fresh folder and swaps it in, so a gateway serving the old build never
 * sees half a new one. Resolves with { code, output }; `onSpawn` receives the child (to stop it).
 */
export async function buildWeb(root, { onSpawn } = {}) {
  const web = path.join(root, "web");
  const vite = path.join(root, "node_modules/vite/bin/vite.js");
  const staging = `dist-build-${process.pid}`;
  const child = spawn(process.execPath, [vite, "build", "--outDir", staging, "--emptyOutDir", "--logLevel", "warn"], {
    cwd: web,
    // Always the production build: `npm start` runs with NODE_ENV=development, which would
    // otherwise give React's development build (several times larger and slower).
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  onSpawn?.(child);
  const output = [];
  child.stdout.on("data", (chunk) => output.push(chunk));
  child.stderr.on("data", (chunk) => output.push(chunk));
  const code = await new Promise((resolve) => {
    child.once("error", () => resolve(-1));
    child.once("close", (c) => resolve(c));
  });
  if (code === 0) {
    rmSync(path.join(web, "dist"), { recursive: true, force: true });
    renameSync(path.join(web, staging), path.join(web, "dist"));
  } else {
    rmSync(path.join(web, staging), { recursive: true, force: true });
  }
  return { code, output: Buffer.concat(output).toString() };
}
