// Trusted documents without the stack: the gateway's hashing agrees with GraphQL Code Generator's
// manifest, every web operation as Apollo Client sends it is trusted, and the check's log and
// enforce modes (a real pino logger and prom-client registry).
import { readFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { InMemoryCache } from "@apollo/client";
import { createLogger, createServiceMetrics, ErrorCode, type Identity } from "@homegraph/common";
import { Kind, parse, print, type DocumentNode } from "graphql";
import * as web from "../../../web/src/gql/graphql";
import { configFromEnv } from "../config";
import { documentHash, loadManifest } from "./manifest";
import { trustedDocumentsCheck, type TrustedDocumentsMode } from "./plugin";

const MANIFEST = path.resolve(__dirname, "../../../web/src/gql/persisted-documents.json");
const entries = JSON.parse(readFileSync(MANIFEST, "utf8")) as Record<string, string>;
const manifest = loadManifest(MANIFEST);

/** The web's operations (not fragments), exactly as its Apollo Client prints them onto the wire. */
const webOperations = Object.entries(web)
  .filter(([name, value]) => name.endsWith("Document") && (value as DocumentNode)?.kind === Kind.DOCUMENT)
  .map(([name, doc]) => ({ name, sent: print(new InMemoryCache().transformDocument(doc as DocumentNode)) }));

const member: Identity = {
  userId: 7,
  sessionId: "s",
  role: "MEMBER",
  tokenId: "t",
  expiresAt: new Date(Date.now() + 60_000),
};
const admin: Identity = { ...member, userId: 1, role: "ADMIN" };
const ARBITRARY = parse(`query Snoop { users { id email } }`);

function checker(mode: TrustedDocumentsMode, allowAdmins = true) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const logger = createLogger("gateway", "info", {}, sink);
  const metrics = createServiceMetrics({ logger });
  const check = trustedDocumentsCheck({ mode, manifest, allowAdmins, logger, metrics });
  const unknown = async () =>
    (await metrics.registry.getSingleMetric("homegraph_unknown_operations_total")?.get())?.values
      .filter((v) => v.labels.mode === mode)
      .reduce((sum, v) => sum + v.value, 0) ?? 0;
  return { check, lines, unknown };
}

describe("the web app's persisted documents", () => {
  it("are keyed by the sha256 of their text, as the gateway hashes", () => {
    expect(Object.keys(entries).length).toBeGreaterThan(20);
    for (const [hash, text] of Object.entries(entries)) expect(documentHash(text)).toBe(hash);
  });

  it("include every operation the web sends, with Apollo Client's __typename fields and layout", () => {
    expect(webOperations.length).toBe(Object.keys(entries).length);
    // Apollo Client's cache adds __typename to every selection set (scalar mutations have none).
    expect(webOperations.filter((o) => o.sent.includes("__typename")).length).toBeGreaterThan(20);
    for (const { name, sent } of webOperations) {
      expect({ name, trusted: manifest.has(parse(sent)) }).toEqual({ name, trusted: true });
    }
  });

  it("do not trust an operation that only shares a name or differs by one field", () => {
    expect(manifest.has(parse(`query Me { me { id } }`))).toBe(true);
    expect(manifest.has(parse(`query Me { me { id email } }`))).toBe(false);
    expect(manifest.has(parse(`query Me { me { id } users { id } }`))).toBe(false);
  });
});

describe("the trusted-documents check", () => {
  it("in enforce mode refuses a member's unknown operation with OPERATION_NOT_TRUSTED, and lets the app's and an admin's through", async () => {
    const { check, unknown } = checker("enforce");
    expect(() => check.check(ARBITRARY, "Snoop", member)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: ErrorCode.OPERATION_NOT_TRUSTED }) }),
    );
    expect(() => check.check(ARBITRARY, "Snoop", undefined)).toThrow(/only runs its own app's operations/);
    expect(() => check.check(parse(webOperations[0]!.sent), null, member)).not.toThrow();
    expect(() => check.check(ARBITRARY, "Snoop", admin)).not.toThrow();
    expect(await unknown()).toBe(2);
  });

  it("refuses admins too when TRUSTED_DOCUMENTS_ALLOW_ADMINS is false", () => {
    const { check } = checker("enforce", false);
    expect(() => check.check(ARBITRARY, "Snoop", admin)).toThrow(/only runs/);
  });

  it("in log mode lets everything through, counts each unknown operation and logs it once, without variables", async () => {
    const { check, lines, unknown } = checker("log");
    check.check(ARBITRARY, "Snoop", member);
    check.check(ARBITRARY, "Snoop", member);
    check.check(parse(webOperations[0]!.sent), null, member);
    expect(await unknown()).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      operationName: "Snoop",
      userId: 7,
      mode: "log",
      hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/variables|email/);
  });

  it("when off, checks nothing", async () => {
    const { check, unknown, lines } = checker("off");
    expect(() => check.check(ARBITRARY, "Snoop", member)).not.toThrow();
    expect(await unknown()).toBe(0);
    expect(lines).toHaveLength(0);
  });
});

describe("TRUSTED_DOCUMENTS settings", () => {
  it("log in production, off otherwise, the web's manifest and admins allowed by default", () => {
    expect(configFromEnv({ NODE_ENV: "production" }).trustedDocuments).toEqual({
      mode: "log",
      manifestPath: MANIFEST,
      allowAdmins: true,
    });
    expect(configFromEnv({ NODE_ENV: "development" }).trustedDocuments.mode).toBe("off");
    const set = configFromEnv({ TRUSTED_DOCUMENTS: "enforce", TRUSTED_DOCUMENTS_ALLOW_ADMINS: "false" });
    expect(set.trustedDocuments).toMatchObject({ mode: "enforce", allowAdmins: false });
    expect(() => configFromEnv({ TRUSTED_DOCUMENTS: "strict" })).toThrow(
      /TRUSTED_DOCUMENTS.*must be off, log or enforce/s,
    );
  });

  it("a missing manifest stops the gateway at start-up instead of trusting everything", () => {
    expect(() => loadManifest(path.join(__dirname, "no-such-manifest.json"))).toThrow(/ENOENT/);
  });
});
