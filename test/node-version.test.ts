/**
 * Node 22 LTS everywhere: Node 20 is past its end of life and production dependencies already
 * declare node >=22.15. The engines of every package, the images' base and CI agree.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const ENGINES = ">=22.15";

describe("Node 22", () => {
  const rootManifest = JSON.parse(read("package.json")) as { workspaces: string[]; engines?: { node?: string } };

  it.each([".", ...rootManifest.workspaces])("%s/package.json declares node %s", (dir) => {
    const manifest = JSON.parse(read(path.join(dir, "package.json"))) as { engines?: { node?: string } };
    expect(manifest.engines?.node).toBe(ENGINES);
  });

  it("the lockfile records the same engines for the root and every workspace (npm ci compares them)", () => {
    const lock = JSON.parse(read("package-lock.json")) as { packages: Record<string, { engines?: { node?: string } }> };
    const stale = ["", ...rootManifest.workspaces].filter((dir) => lock.packages[dir]?.engines?.node !== ENGINES);
    expect(stale).toEqual([]);
  });

  it("every image starts FROM node:22-trixie-slim", () => {
    const bases = [...read("Dockerfile").matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]).filter((b) => b.includes(":"));
    expect(bases).toEqual(["node:22-trixie-slim"]);
  });

  it("CI puts Node 22 first on PATH before npm ci when the machine's node is older", () => {
    const run = read(".ci/run");
    expect(run.indexOf(". .ci/node22.sh")).toBeGreaterThan(-1);
    expect(run.indexOf(". .ci/node22.sh")).toBeLessThan(run.indexOf("npm ci"));
    expect(read(".ci/node22.sh")).toMatch(/npm pack --silent "node-linux-\$node_arch@\$HOMEGRAPH_NODE22_VERSION"/);
  });
});
