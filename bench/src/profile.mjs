// Reads the V8 CPU profiles `--profile` collects (cpu-profiler.cjs) and names what each process
// spent its time on: the top functions by self time, and self time by package.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

function packageOf(url) {
  if (!url) return "(native / V8)";
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith("node:")) return "node core";
  const workspace = /\/(gateway|subgraphs\/\w+|packages\/\w+|hub-simulator|bench)\//.exec(url);
  return workspace ? workspace[1] : path.basename(url);
}

/** The top `limit` functions and packages by self time of one .cpuprofile. */
export function summarizeProfile(file, limit = 12) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  // timeDeltas[i] is the time before sample i: it is charged to that sample's node.
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  let total = 0;
  let idle = 0;
  const functions = new Map();
  const packages = new Map();
  for (const [id, micros] of self) {
    const { callFrame } = byId.get(id);
    total += micros;
    if (callFrame.functionName === "(idle)") {
      idle += micros;
      continue;
    }
    const where = callFrame.url
      ? `${packageOf(callFrame.url)} ${path.basename(callFrame.url)}:${callFrame.lineNumber + 1}`
      : "";
    const key = `${callFrame.functionName || "(anonymous)"} ${where}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + micros);
    const pkg = callFrame.url ? packageOf(callFrame.url) : callFrame.functionName;
    packages.set(pkg, (packages.get(pkg) ?? 0) + micros);
  }
  const busy = total - idle;
  const top = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, micros]) => ({ name, ms: Math.round(micros / 1000), share: +((micros / busy) * 100).toFixed(1) }));
  return {
    file: path.basename(file),
    seconds: +(total / 1e6).toFixed(1),
    busySeconds: +(busy / 1e6).toFixed(1),
    functions: top(functions),
    packages: top(packages),
  };
}

/** Every profile in `dir`, named by the process it came from (`names`: pid → name). */
export function summarizeProfiles(dir, names) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => {
      const pid = Number(path.basename(f, ".cpuprofile"));
      return { process: names.get(pid) ?? `pid ${pid}`, ...summarizeProfile(path.join(dir, f)) };
    })
    .filter((s) => s.busySeconds > 1)
    .sort((a, b) => b.busySeconds - a.busySeconds);
}

export function printProfiles(summaries) {
  const lines = [];
  for (const s of summaries) {
    lines.push(`### ${s.process}: ${s.busySeconds} s busy of ${s.seconds} s (${s.file})`, "");
    lines.push("| self % | package |", "|---|---|", ...s.packages.map((p) => `| ${p.share} | ${p.name} |`), "");
    lines.push("| self % | function |", "|---|---|", ...s.functions.map((f) => `| ${f.share} | \`${f.name}\` |`), "");
  }
  return lines.join("\n");
}
