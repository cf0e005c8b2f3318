import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface ResultRow {
  fault: string;
  seen: string;
  lost: string;
  passed: boolean;
}

export const RELIABILITY_DOC = path.resolve(__dirname, "../../docs/reliability.md");
const START = "<!-- fault-results:start -->";
const END = "<!-- fault-results:end -->";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

/**
 * Rewrites the results table of docs/reliability.md between its markers with what this run saw.
 * A fault whose checks failed is marked so: the table never claims more than the run proved.
 */
export function writeResults(rows: ResultRow[], summary: string): void {
  const doc = readFileSync(RELIABILITY_DOC, "utf8");
  const begin = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${RELIABILITY_DOC} has no ${START} … ${END} markers`);
  const table = [
    "| fault | what people saw | what was lost | result |",
    "|---|---|---|---|",
    ...rows.map((r) => `| ${cell(r.fault)} | ${cell(r.seen)} | ${cell(r.lost)} | ${r.passed ? "pass" : "**FAIL**"} |`),
  ].join("\n");
  const body = `${START}\n${summary}\n\n${table}\n${END}`;
  writeFileSync(RELIABILITY_DOC, doc.slice(0, begin) + body + doc.slice(end + END.length));
}
