import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "..");
const supergraph = readFileSync(path.join(root, "schema/supergraph.graphql"), "utf8");
let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), "homegraph-schema-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function node(args: string[]) {
  const res = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  return { status: res.status, out: res.stdout + res.stderr };
}

describe("npm run schema:lint", () => {
  it("passes on the checked-in supergraph", () => {
    expect(node(["scripts/schema-lint.mjs"])).toMatchObject({ status: 0 });
  });

  it("fails when a field another subgraph resolves is made non-null, naming it", () => {
    const file = path.join(dir, "nonnull.graphql");
    writeFileSync(
      file,
      supergraph
        .replace("emailsSent: Int @join__field", "emailsSent: Int! @join__field")
        .replace("lastChangedBy: User\n", "lastChangedBy: User!\n"),
    );
    const { status, out } = node(["scripts/schema-lint.mjs", file]);
    expect(status).toBe(1);
    expect(out).toContain("User.emailsSent is resolved by EMAIL, not AUTH that owns User: make it nullable");
    expect(out).toContain("Device.lastChangedBy returns User, owned by AUTH: make it nullable");
  });

  it("fails on an undescribed type or root field and a lower-case enum value", () => {
    const file = path.join(dir, "style.graphql");
    writeFileSync(
      file,
      supergraph
        .replace('"""A person of the household."""\n', "")
        // Whatever the root field's description says, it goes: a block or a one-line description.
        .replace(/ {2}"""(?:[^"]|"(?!""))*"""\n(?= {2}automations: )/, "")
        .replace("  DAILY @join__enumValue", "  daily @join__enumValue"),
    );
    const { status, out } = node(["scripts/schema-lint.mjs", file]);
    expect(status).toBe(1);
    expect(out).toContain("type User has no description");
    expect(out).toContain("root field Query.automations has no description");
    expect(out).toContain("enum value DigestFrequency.daily is not UPPER_CASE");
  });
});

describe("the breaking-change check against schema/released", () => {
  /** Runs checkAgainstReleased with `released` as the last release and the checked-in supergraph as now. */
  function check(released: string, accepted = "") {
    const releasedRoot = mkdtempSync(path.join(dir, "root-"));
    mkdirSync(path.join(releasedRoot, "schema/released"), { recursive: true });
    writeFileSync(path.join(releasedRoot, "schema/released/supergraph.graphql"), released);
    writeFileSync(path.join(releasedRoot, "schema/released/ACCEPTED.md"), accepted);
    const code =
      `import { checkAgainstReleased } from ${JSON.stringify(path.join(root, "scripts/schema-compat.mjs"))};` +
      `import { readFileSync } from "node:fs";` +
      `process.exitCode = checkAgainstReleased(${JSON.stringify(releasedRoot)}, readFileSync("schema/supergraph.graphql", "utf8")) ? 1 : 0;`;
    return node(["--input-type=module", "-e", code]);
  }

  it("passes against the checked-in released schema with its ACCEPTED.md", () => {
    const released = readFileSync(path.join(root, "schema/released/supergraph.graphql"), "utf8");
    const accepted = readFileSync(path.join(root, "schema/released/ACCEPTED.md"), "utf8");
    expect(check(released, accepted).status).toBe(0);
  });

  it("fails when a released field is gone, and passes once ACCEPTED.md gives the reason", () => {
    // A release that had one more field: to today's schema, that field was removed.
    const released = supergraph.replace(
      "  emailsSent: Int @join__field(graph: EMAIL)\n",
      "$&  emailsReceived: Int @join__field(graph: EMAIL)\n",
    );
    const failing = check(released);
    expect(failing.status).toBe(1);
    expect(failing.out).toContain("BREAKING: FIELD_REMOVED: User.emailsReceived was removed.");
    const accepted = check(released, "- `User.emailsReceived was removed.` — no client ever asked for it\n");
    expect(accepted.status).toBe(0);
  });

  it("prints a dangerous change without failing", () => {
    const { status, out } = check(supergraph.replace("  WEEKLY @join__enumValue(graph: EMAIL)\n", ""));
    expect(status).toBe(0);
    expect(out).toContain("dangerous: VALUE_ADDED_TO_ENUM: WEEKLY was added to enum type DigestFrequency.");
  });
});
