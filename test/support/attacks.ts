import { createHmac, createPublicKey, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./hub-simulator";
import type { Sql } from "./stack-env";

/** One attack of the security suite: what was tried, where, the refusal expected and the one seen. */
export interface AttackResult {
  attack: string;
  target: string;
  expected: string;
  seen: string;
  /** Whether what was seen is the refusal expected. */
  ok: boolean;
}

const RESULTS_DIR = path.join(REPO_ROOT, ".security-results");
const DOC = path.join(REPO_ROOT, "docs/security.md");
const START = "<!-- security-results:start -->";
const END = "<!-- security-results:end -->";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** The results table of every suite file's last run, as Markdown. */
export function resultsTable(rows: (AttackResult & { suite: string })[]): string {
  const lines = [
    "| suite | attack | target | expected | seen | refused |",
    "|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${cell(r.suite)} | ${cell(r.attack)} | ${cell(r.target)} | ${cell(r.expected)} | ${cell(r.seen)} | ${r.ok ? "yes" : "**NO**"} |`,
    ),
  ];
  return lines.join("\n");
}

/**
 * Collects one suite file's attacks. `finish` (in afterAll) keeps them under .security-results/
 * and rewrites the table in docs/security.md from every suite file's latest results, so the
 * document always shows the last run of each.
 */
export function attackLog(suite: string) {
  const rows: AttackResult[] = [];
  return {
    /** Records the attempt, then fails the test unless the refusal seen is the one expected. */
    refused(attack: string, target: string, expected: string, seen: string): void {
      rows.push({ attack, target, expected, seen, ok: seen === expected });
      expect(`${attack} @ ${target}: ${seen}`).toBe(`${attack} @ ${target}: ${expected}`);
    },
    /** For refusals that may take more than one form (`expected` then describes them all). */
    check(attack: string, target: string, expected: string, seen: string, ok: boolean): void {
      rows.push({ attack, target, expected, seen, ok });
      expect({ attack, target, seen, ok }).toEqual({ attack, target, seen, ok: true });
    },
    finish(): void {
      if (!rows.length) return;
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      fs.writeFileSync(path.join(RESULTS_DIR, `${suite}.json`), JSON.stringify(rows, null, 2));
      const all = fs
        .readdirSync(RESULTS_DIR)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .flatMap((f) =>
          (JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, f), "utf8")) as AttackResult[]).map((r) => ({
            ...r,
            suite: f.replace(/\.json$/, ""),
          })),
        );
      const doc = fs.readFileSync(DOC, "utf8");
      const from = doc.indexOf(START);
      const to = doc.indexOf(END);
      if (from < 0 || to < from) throw new Error(`docs/security.md lacks the ${START} ... ${END} markers`);
      const stamp = `Last run: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${all.length} attacks.`;
      fs.writeFileSync(DOC, `${doc.slice(0, from + START.length)}\n${stamp}\n\n${resultsTable(all)}\n${doc.slice(to)}`);
    },
  };
}

/** The error code of a GraphQL answer (the first error's), or `OK` when it has none. */
export function codeOf(body: { errors?: { extensions?: Record<string, unknown> }[] }): string {
  return String(body.errors?.[0]?.extensions?.code ?? "OK");
}

/** The newest row of the auth service's audit log (0 while empty): an attack's audit is looked for after it. */
export async function lastAuditId(db: { sql: Sql }): Promise<number> {
  return Number((await db.sql(`select coalesce(max(id), 0) as id from auth.audit_log`))[0]!.id);
}

/** Whether the auth service's audit log holds `event` for `userId` after the row `sinceId`. */
export async function audited(db: { sql: Sql }, event: string, userId: number, sinceId: number): Promise<boolean> {
  const rows = await db.sql(`select 1 from auth.audit_log where event_type = $1 and user_id = $2 and id > $3`, [
    event,
    userId,
    sinceId,
  ]);
  return rows.length > 0;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An unsigned token (`alg: none`). */
export function forgeAlgNone(claims: Record<string, unknown>, kid?: string): string {
  return `${b64({ alg: "none", typ: "JWT", ...(kid ? { kid } : {}) })}.${b64(claims)}.`;
}

/** The classic key-confusion forgery: HS256 with the published public key (PEM) as the HMAC secret. */
export function forgeHs256WithPublicKey(claims: Record<string, unknown>, jwk: Record<string, unknown>): string {
  const pem = createPublicKey({ key: jwk as never, format: "jwk" }).export({ format: "pem", type: "spki" }) as string;
  const unsigned = `${b64({ alg: "HS256", typ: "JWT", kid: jwk.kid })}.${b64(claims)}`;
  return `${unsigned}.${createHmac("sha256", pem).update(unsigned).digest("base64url")}`;
}

/** The claims of a person's access token as auth writes them (docs/identity.md), for forging variants. */
export function accessClaims(userId: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: String(userId),
    sid: randomUUID(),
    role: "ADMIN",
    iss: "homegraph",
    aud: "homegraph",
    jti: randomUUID(),
    iat: now,
    auth_time: now,
    exp: now + 600,
    ...extra,
  };
}
