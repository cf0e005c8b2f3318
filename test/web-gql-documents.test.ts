import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { documentSource, transformGraphqlCalls } from "../web/build/gql-documents";

// The web build's plugin that gives each screen's chunk only its own GraphQL documents: every
// graphql(`...`) call in the app must name a document the code generator wrote, or the build fails.

const WEB = path.join(__dirname, "..", "web");
const generated = readFileSync(path.join(WEB, "src/gql/graphql.ts"), "utf8");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "gql" ? [] : sources(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe("web build: one GraphQL document per graphql() call", () => {
  it("turns a call into an import of its own document, and that document is the generated one", () => {
    const code = [
      'import { graphql } from "../../gql";',
      "const A = graphql(`\n  query Dashboard {\n    devices { id }\n  }\n`);",
      "const B = graphql(`\n  fragment DeviceFields on Device { id }\n`);",
    ].join("\n");
    const out = transformGraphqlCalls(code)!;
    expect(out).toContain('import __gql_DashboardDocument from "virtual:gql-document/DashboardDocument";');
    expect(out).toContain("const A = __gql_DashboardDocument;");
    expect(out).toContain("const B = __gql_DeviceFieldsFragmentDoc;");
    expect(out).not.toContain("graphql(");
    const module = documentSource(generated, "DashboardDocument");
    const doc = JSON.parse(module.replace(/^export default /, "").replace(/;\n$/, ""));
    expect(doc.definitions[0]).toMatchObject({ kind: "OperationDefinition", name: { value: "Dashboard" } });
    expect(() => documentSource(generated, "NoSuchDocument")).toThrow(/run `npm run codegen`/);
  });

  it("finds the generated document of every graphql() call in the app", () => {
    const names: string[] = [];
    for (const file of sources(path.join(WEB, "src"))) {
      const out = transformGraphqlCalls(readFileSync(file, "utf8"));
      if (!out) continue;
      expect({ file, left: /\bgraphql\(\s*`/.test(out) }).toEqual({ file, left: false });
      for (const m of out.matchAll(/virtual:gql-document\/(\w+)/g)) names.push(m[1]!);
    }
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) expect(() => documentSource(generated, name)).not.toThrow();
  });
});
