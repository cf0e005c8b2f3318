import { readFileSync } from "node:fs";
import path from "node:path";
import type { Plugin } from "vite";

// GraphQL Code Generator's client preset resolves `graphql(\`...\`)` at run time through one map of
// every document in the app (src/gql/gql.ts), and a bundler keeps a module whole in one chunk: the
// first load would carry every screen's documents. In the build this plugin replaces each call
// with a module holding only the document it names (`query Dashboard` → DashboardDocument,
// `fragment DeviceFields` → DeviceFieldsFragmentDoc), copied from src/gql/graphql.ts, so each
// screen's chunk carries its own. Types are unchanged (they come from the generated files); a
// name missing from graphql.ts (codegen not run) fails the build.
const CALL = /\bgraphql\(\s*`([^`]*)`\s*\)/g;
const IMPORT = /import\s*\{\s*graphql\s*\}\s*from\s*(["'])(?:\.\.?\/)+gql\1;?/;
const NAME = /^\s*(?:#[^\n]*\n\s*)*(query|mutation|subscription|fragment)\s+([A-Za-z_][A-Za-z0-9_]*)/;
const PREFIX = "virtual:gql-document/";
const RESOLVED = "\0gql-document:";

/** The module's code with each graphql(`...`) call replaced by an import of its document; null if none. */
export function transformGraphqlCalls(code: string): string | null {
  if (!IMPORT.test(code)) return null;
  const names = new Set<string>();
  const body = code.replace(CALL, (_call, source: string) => {
    const found = NAME.exec(source);
    if (!found) throw new Error(`graphql(): no operation or fragment name in ${source.slice(0, 60)}`);
    const exported = found[1] === "fragment" ? `${found[2]}FragmentDoc` : `${found[2]}Document`;
    names.add(exported);
    return `__gql_${exported}`;
  });
  const imports = [...names].map((n) => `import __gql_${n} from "${PREFIX}${n}";`).join("\n");
  return body.replace(IMPORT, imports);
}

/** `export const <name> = {...} as unknown as DocumentNode<...>;` in the generated graphql.ts. */
export function documentSource(generated: string, name: string): string {
  const line = generated.split("\n").find((l) => l.startsWith(`export const ${name} = {`));
  const json = line?.slice(`export const ${name} = `.length).replace(/ as unknown as DocumentNode<.*>;$/, "");
  if (!json) throw new Error(`${name} is not in src/gql/graphql.ts: run \`npm run codegen\``);
  return `export default ${json};\n`;
}

export function gqlDocuments(): Plugin {
  let generatedFile = "";
  return {
    name: "homegraph-gql-documents",
    apply: "build",
    enforce: "pre",
    configResolved(config) {
      generatedFile = path.join(config.root, "src/gql/graphql.ts");
    },
    resolveId(id) {
      return id.startsWith(PREFIX) ? RESOLVED + id.slice(PREFIX.length) : null;
    },
    load(id) {
      if (!id.startsWith(RESOLVED)) return null;
      this.addWatchFile(generatedFile);
      return documentSource(readFileSync(generatedFile, "utf8"), id.slice(RESOLVED.length));
    },
    transform(code, id) {
      if (!/\/src\/.*\.tsx?$/.test(id) || id.includes("/src/gql/") || !code.includes("graphql(")) return null;
      const out = transformGraphqlCalls(code);
      return out === null ? null : { code: out, map: null };
    },
  };
}
