import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

// A user's clone has nothing beside it: no code, test, script or build may read a folder outside
// the checkout (the captured hub payloads live in subgraphs/home/test/fixtures). CI also runs the
// suites that read those payloads in a clone alone in an empty folder.
const ROOT = path.resolve(__dirname, "..");
const OUTSIDE = [/\.\.\/shared\b/, /\/work\/shared\b/, /\/work\/\.library\b/];
const CODE = /\.(ts|tsx|js|mjs|cjs|json|sh|ya?ml)$|(^|\/)(Dockerfile|run)$/;

describe("the repository stands alone", () => {
  it("names no path outside the checkout in its code, scripts or builds", () => {
    const files = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" })
      .split("\n")
      .filter((f) => CODE.test(f) && !f.startsWith("schema/") && !f.endsWith("package-lock.json"));
    const offenders = files.flatMap((file) => {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      return OUTSIDE.filter((re) => re.test(text)).map((re) => `${file}: ${re}`);
    });
    expect(files.length).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });
});
