// Compares the client-facing API of the composed supergraph with the last released one
// (schema/released/supergraph.graphql). Breaking changes fail unless schema/released/ACCEPTED.md
// lists their exact description (a line "- `<description>` — <reason>"); dangerous ones are printed.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Supergraph } from "@apollo/federation-internals";
import { findBreakingChanges, findDangerousChanges } from "graphql";

/** The public API schema of a supergraph SDL: join/link directives and @inaccessible parts removed. */
export function apiSchema(supergraphSdl) {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** Descriptions accepted in ACCEPTED.md: the backticked text at the start of each "- " line. */
export function acceptedChanges(markdown) {
  const accepted = new Set();
  for (const line of markdown.split("\n")) {
    const match = /^\s*[-*]\s+`([^`]+)`/.exec(line);
    if (match) accepted.add(match[1]);
  }
  return accepted;
}

/** Prints each change against the released schema; returns how many breaking ones are not accepted. */
export function checkAgainstReleased(root, supergraphSdl, log = console) {
  const releasedFile = path.join(root, "schema/released/supergraph.graphql");
  if (!existsSync(releasedFile)) {
    log.log("no released schema (schema/released/supergraph.graphql): nothing to compare");
    return 0;
  }
  const acceptedFile = path.join(root, "schema/released/ACCEPTED.md");
  const accepted = acceptedChanges(existsSync(acceptedFile) ? readFileSync(acceptedFile, "utf8") : "");
  const before = apiSchema(readFileSync(releasedFile, "utf8"));
  const after = apiSchema(supergraphSdl);
  let unaccepted = 0;
  for (const change of findBreakingChanges(before, after)) {
    if (accepted.has(change.description)) {
      log.log(`breaking (accepted in schema/released/ACCEPTED.md): ${change.type}: ${change.description}`);
    } else {
      log.error(`BREAKING: ${change.type}: ${change.description}`);
      unaccepted++;
    }
  }
  for (const change of findDangerousChanges(before, after)) {
    log.log(`dangerous: ${change.type}: ${change.description}`);
  }
  if (unaccepted) {
    log.error(
      `${unaccepted} breaking change(s) against the released schema: keep the old field/type, or record each ` +
        "in schema/released/ACCEPTED.md with the reason clients are not hurt.",
    );
  }
  return unaccepted;
}
