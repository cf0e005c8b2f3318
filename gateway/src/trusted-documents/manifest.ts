// The web app's operations, as GraphQL Code Generator's client preset persisted them at build
// time (web/src/gql/persisted-documents.json: `sha256:<hex>` to the printed document).
//
// Apollo Client sends the full document, printed in source order and with `__typename` added to
// each selection set, so the gateway cannot hash the text it receives. Both sides are reduced to
// one canonical form instead: unaliased `__typename` fields removed (they read nothing), then
// printed by the same printer codegen uses (sorted, whitespace normalised), then sha256.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { printExecutableGraphQLDocument } from "@graphql-tools/documents";
import { Kind, parse, visit, type DocumentNode } from "graphql";

/** `sha256:<hex>` of the text, as the client preset writes its manifest keys. */
export function documentHash(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

// Apollo Server keeps one parsed DocumentNode per query text in its document store, so a repeated
// operation is canonicalised once, not on every request.
const hashes = new WeakMap<DocumentNode, string>();

/** The hash of a document's canonical form: equal for a manifest entry and what a client sends for it. */
export function canonicalHash(document: DocumentNode): string {
  const cached = hashes.get(document);
  if (cached) return cached;
  const hash = canonicalHashOf(document);
  hashes.set(document, hash);
  return hash;
}

function canonicalHashOf(document: DocumentNode): string {
  const stripped = visit(document, {
    [Kind.FIELD]: (field) => (field.name.value === "__typename" && !field.alias ? null : undefined),
  });
  return documentHash(printExecutableGraphQLDocument(stripped));
}

export interface TrustedManifest {
  /** How many operations the web app persisted. */
  size: number;
  /** Whether this document is one of them. */
  has(document: DocumentNode): boolean;
}

/** Reads the manifest; a missing or unreadable one is an error at start-up, not a silent allow-all. */
export function loadManifest(path: string): TrustedManifest {
  const entries = JSON.parse(readFileSync(path, "utf8")) as Record<string, string>;
  const known = new Set(Object.values(entries).map((text) => canonicalHash(parse(text))));
  return { size: Object.keys(entries).length, has: (document) => known.has(canonicalHash(document)) };
}
