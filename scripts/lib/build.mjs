// What `npm start` builds before it starts anything: the TypeScript projects that changed (tsc -b
// decides), and the web app when a source of it is newer than web/dist.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { buildWeb, webBuildStale } from "./web-build.mjs";

/** Never settles: once a stop was requested during the build, the shutdown exits the process. */
const stopped = () => new Promise(() => undefined);

/** Builds what is stale; refuses to start (exit 1, the errors printed) when a build fails. Resolves with its time. */
export async function buildStale(root, supervisor) {
  const tsc = path.join(root, "node_modules/typescript/bin/tsc");
  if (!existsSync(tsc)) supervisor.refuse("TypeScript is not installed in this checkout: run `npm ci` first.");
  supervisor.say("building… (tsc -b: only what changed)");
  const began = Date.now();
  const output = [];
  const child = spawn(process.execPath, [tsc, "-b", ...(supervisor.color ? ["--pretty"] : [])], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  supervisor.buildProcess = child;
  child.stdout.on("data", (chunk) => output.push(chunk));
  child.stderr.on("data", (chunk) => output.push(chunk));
  const code = await new Promise((resolve) => {
    child.once("error", () => resolve(-1));
    child.once("close", (c) => resolve(c));
  });
  supervisor.buildProcess = undefined;
  if (supervisor.phase === "stopping") return await stopped();
  if (code !== 0) {
    process.stderr.write(Buffer.concat(output).toString());
    supervisor.refuse(`The build failed (tsc -b, exit code ${code}): fix the errors above, then run npm start again.`);
  }
  if (webBuildStale(root)) {
    supervisor.say("building the web app… (vite build: its sources changed)");
    const web = await buildWeb(root, { onSpawn: (spawned) => (supervisor.buildProcess = spawned) });
    supervisor.buildProcess = undefined;
    if (supervisor.phase === "stopping") return await stopped();
    if (web.code !== 0) {
      process.stderr.write(web.output);
      supervisor.refuse(
        `The web app's build failed (vite build, exit code ${web.code}): fix the errors above, then run npm start again.`,
      );
    }
  }
  return Date.now() - began;
}
