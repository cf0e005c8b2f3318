#!/usr/bin/env node
// Writes each subgraph's SDL from its code and composes schema/supergraph.graphql.
// `--check` writes nothing and fails when composition fails, a checked-in file is stale, or the API
// has a breaking change against schema/released/supergraph.graphql not listed in schema/released/ACCEPTED.md.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { checkAgainstReleased } from "./schema-compat.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");

/** Each subgraph: where its compiled schema builder lives and the URL the supergraph records. */
export const SUBGRAPHS = [
  {
    name: "auth",
    module: "subgraphs/auth/dist/schema.js",
    build: "buildAuthSchema",
    url: "http://127.0.0.1:6101/graphql",
  },
  {
    name: "email",
    module: "subgraphs/email/dist/schema.js",
    build: "buildEmailSchema",
    url: "http://127.0.0.1:6102/graphql",
  },
  {
    name: "home",
    module: "subgraphs/home/dist/schema.js",
    build: "buildHomeSchema",
    url: "http://127.0.0.1:6103/graphql",
  },
];

// One process per subgraph: type-graphql keeps its types in a process-wide registry, and each
// subgraph has its own `User`.
function printSdl({ module, build }) {
  const code = `require(${JSON.stringify(path.join(root, module))}).${build}().then((s) => process.stdout.write(s.sdl))`;
  return execFileSync(process.execPath, ["-e", code], { encoding: "utf8", env: { ...process.env, NODE_ENV: "test" } });
}

const files = new Map();
const services = [];
for (const subgraph of SUBGRAPHS) {
  const sdl = printSdl(subgraph);
  files.set(`schema/${subgraph.name}.graphql`, sdl);
  services.push({ name: subgraph.name, url: subgraph.url, typeDefs: parse(sdl) });
}

const result = composeServices(services);
if (result.errors?.length) {
  console.error("Composition failed:");
  for (const error of result.errors) console.error(`  - ${error.message}`);
  process.exit(1);
}
files.set("schema/supergraph.graphql", result.supergraphSdl);

let stale = 0;
for (const [file, content] of files) {
  const full = path.join(root, file);
  const current = existsSync(full) ? readFileSync(full, "utf8") : null;
  if (current === content) continue;
  if (check) {
    console.error(`${file} is stale: run \`npm run schema\` and commit the result.`);
    stale++;
  } else {
    writeFileSync(full, content);
    console.log(`wrote ${file}`);
  }
}
const breaking = check ? checkAgainstReleased(root, result.supergraphSdl) : 0;
if (stale || breaking) process.exit(1);
console.log(check ? "schema is up to date and composes" : "schema composed");
