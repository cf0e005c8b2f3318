#!/usr/bin/env node
// Lints the composed schema (schema/supergraph.graphql): the rules in docs/schema.md. Each rule's
// known exceptions are listed below with the reason; anything else fails `npm run schema:lint`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Kind, isEnumType, isInputObjectType, isObjectType, isSpecifiedScalarType, parse } from "graphql";
import { apiSchema } from "./schema-compat.mjs";

/** Exceptions, each with the reason it is allowed; keep this list short and shrinking. */
const EXCEPTIONS = {
  // Hubitat's own HSM command names, passed through to the hub; renaming them would break clients.
  enumValues: new Set(["HsmCommand"]),
};

/** Rules over the client-facing API schema. */
export function lintApi(schema) {
  const problems = [];
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean);
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || isSpecifiedScalarType(type)) continue;
    if (!roots.includes(type) && !type.description) problems.push(`type ${type.name} has no description`);
    if (isEnumType(type) && !EXCEPTIONS.enumValues.has(type.name)) {
      for (const value of type.getValues()) {
        if (!/^[A-Z][A-Z0-9_]*$/.test(value.name))
          problems.push(`enum value ${type.name}.${value.name} is not UPPER_CASE`);
      }
    }
    if (isInputObjectType(type) && !/(Input|Filter)$/.test(type.name)) {
      problems.push(`input type ${type.name} should end with Input (or Filter)`);
    }
  }
  for (const root of roots) {
    for (const field of Object.values(root.getFields())) {
      const name = `${root.name}.${field.name}`;
      if (!field.description) problems.push(`root field ${name} has no description`);
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (!/^[a-z][A-Za-z0-9]*$/.test(field.name)) problems.push(`field ${type.name}.${field.name} is not camelCase`);
    }
  }
  return problems;
}

const graphsOf = (node, directive) =>
  (node.directives ?? [])
    .filter((d) => d.name.value === directive)
    .map((d) => d.arguments?.find((a) => a.name.value === "graph")?.value.value)
    .filter(Boolean);
const namedType = (type) => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));

/**
 * The federation rule: a field that another subgraph resolves (an entity field owned elsewhere, or a
 * reference to an entity owned elsewhere) can fail on its own when that subgraph is down, so it must
 * be nullable: its failure then nulls only itself, never its parent.
 */
export function lintFederation(supergraphSdl) {
  const problems = [];
  const types = parse(supergraphSdl).definitions.filter((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION);
  const info = new Map();
  for (const type of types) {
    const graphs = graphsOf(type, "join__type");
    const counts = new Map();
    for (const field of type.fields ?? []) {
      for (const graph of graphsOf(field, "join__field")) counts.set(graph, (counts.get(graph) ?? 0) + 1);
    }
    // The owner resolves most of the type's fields; a single-subgraph type is owned by that subgraph.
    const owner = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? graphs[0];
    info.set(type.name.value, { graphs, owner, entity: graphs.length > 1 });
  }
  for (const type of types) {
    const { owner, entity } = info.get(type.name.value);
    if (["Query", "Mutation", "Subscription"].includes(type.name.value)) continue;
    for (const field of type.fields ?? []) {
      if (field.type.kind !== Kind.NON_NULL_TYPE) continue;
      const name = `${type.name.value}.${field.name.value}`;
      const fieldGraphs = graphsOf(field, "join__field");
      const resolvedBy = fieldGraphs.length ? fieldGraphs : [owner];
      if (entity && fieldGraphs.length && !fieldGraphs.includes(owner)) {
        problems.push(
          `${name} is resolved by ${fieldGraphs.join("/")}, not ${owner} that owns ${type.name.value}: make it nullable`,
        );
        continue;
      }
      const target = info.get(namedType(field.type));
      if (target?.entity && !resolvedBy.includes(target.owner)) {
        problems.push(`${name} returns ${namedType(field.type)}, owned by ${target.owner}: make it nullable`);
      }
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  // An optional path lints another supergraph file (the tests use it).
  const sdl = readFileSync(process.argv[2] ?? path.join(root, "schema/supergraph.graphql"), "utf8");
  const problems = [...lintApi(apiSchema(sdl)), ...lintFederation(sdl)];
  for (const problem of problems) console.error(`schema lint: ${problem}`);
  if (problems.length) {
    console.error(`${problems.length} schema lint problem(s); the rules are in docs/schema.md.`);
    process.exit(1);
  }
  console.log("schema lint: no problems");
}
