/**
 * Hostile strings, end to end: SQL injection in every string argument of every mutation (found
 * from the live schema, so a new mutation is covered without touching this file), CR/LF in mail
 * headers, and markup in display names and template variables, read back from a real SMTP server.
 */
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";
import { startSmtpSink, waitFor, type SmtpSink } from "../../subgraphs/email/src/__tests__/smtp-sink";
import { attackLog, codeOf } from "../support/attacks";
import { startStack, type SignedIn, type Stack } from "../support/stack";

const log = attackLog("injection");
let stack: Stack;
let sink: SmtpSink;
let admin: SignedIn;
let schema: GraphQLSchema;

beforeAll(async () => {
  sink = await startSmtpSink();
  stack = await startStack({ emailEnv: { SMTP_URL: sink.url, EMAIL_RETRY_BASE_SECONDS: "1" } });
  await stack.addUser({ email: "ida@example.com", password: "correct horse battery", role: "ADMIN" });
  admin = await stack.signIn("ida@example.com", "correct horse battery");
  const { body } = await stack.query(getIntrospectionQuery(), undefined, { authorization: admin.authorization });
  schema = buildClientSchema(body.data as unknown as IntrospectionQuery);
});
afterAll(async () => {
  log.finish();
  await stack?.stop();
  await sink?.stop();
});

const SQLI = [
  `' OR '1'='1`,
  `x'); DROP TABLE auth.users; --`,
  `1; select pg_sleep(12); --`,
  `" OR ""="`,
  `\\'; update auth.users set role='ADMIN'; --`,
];
/** Refusals a hostile string may meet: anything but an internal error (or a hang). */
const HANDLED = new Set([
  "OK",
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "FORBIDDEN",
  "UNAUTHENTICATED",
  "CONFLICT",
  "RATE_LIMITED",
  "UNAVAILABLE",
  // A passkey ceremony's id that names no ceremony, or an answer that is not a passkey's.
  "PASSKEY_CHALLENGE_EXPIRED",
  "PASSKEY_VERIFICATION_FAILED",
  "PASSKEY_NOT_RECOGNISED",
]);

/** A value for `type` with `payload` in every String and ID position, required or not. */
function fill(type: GraphQLInputType, payload: string, depth = 0): unknown {
  if (isNonNullType(type)) return fill(type.ofType, payload, depth);
  if (isListType(type)) return [fill(type.ofType, payload, depth)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      const stringy = isScalarType(named) && (named.name === "String" || named.name === "ID");
      if ((isNonNullType(field.type) || stringy) && depth < 4) out[field.name] = fill(field.type, payload, depth + 1);
    }
    return out;
  }
  switch (type.name) {
    case "String":
    case "ID":
    case "JSON":
      return payload;
    case "Int":
    case "Float":
      return 1;
    case "Boolean":
      return true;
    case "JSONObject":
      return { value: payload };
    case "DateTimeISO":
      return new Date().toISOString();
    default:
      return payload;
  }
}

function hasStringPosition(type: GraphQLInputType, depth = 0): boolean {
  const named = getNamedType(type);
  if (isScalarType(named)) return ["String", "ID", "JSON", "JSONObject"].includes(named.name);
  if (isInputObjectType(named) && depth < 4)
    return Object.values(named.getFields()).some((f) => hasStringPosition(f.type, depth + 1));
  return false;
}

async function databaseShape(): Promise<string> {
  const tables = await stack.sql(
    `select table_schema || '.' || table_name as t from information_schema.tables where table_schema in ('auth','email','home') order by 1`,
  );
  const users = await stack.sql(`select email, role, password_hash from auth.users order by id`);
  return JSON.stringify({ tables: tables.map((r) => r.t), users });
}

describe("SQL injection in every string argument of every mutation", () => {
  it("each is refused or stored as given; the database is unchanged", async () => {
    const before = await databaseShape();
    const mutations = Object.values(schema.getMutationType()!.getFields()).filter((m) =>
      m.args.some((a) => hasStringPosition(a.type)),
    );
    expect(mutations.length).toBeGreaterThan(20);
    for (const mutation of mutations) {
      const returns = getNamedType(mutation.type);
      const selection = isScalarType(returns) || isEnumType(returns) ? "" : "{ __typename }";
      const defs = mutation.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ");
      const call = mutation.args.map((a) => `${a.name}: $${a.name}`).join(", ");
      const query = `mutation (${defs}) { ${mutation.name}(${call}) ${selection} }`;
      const seen = new Set<string>();
      for (const payload of SQLI) {
        const variables = Object.fromEntries(mutation.args.map((a) => [a.name, fill(a.type, payload)]));
        const started = Date.now();
        const { body } = await stack.query(query, variables, { authorization: admin.authorization });
        const code = codeOf(body);
        // pg_sleep(12) that ran would show as a very slow answer (or a statement timeout: INTERNAL); the
        // bound is loose, for a busy machine.
        seen.add(Date.now() - started > 10_000 ? `${code} (slow)` : code);
      }
      const codes = [...seen].sort().join(", ");
      log.check(
        "SQL injection (5 payloads)",
        `${mutation.name}(${mutation.args.map((a) => a.name).join(", ")})`,
        "refused or stored as given, never INTERNAL",
        codes,
        [...seen].every((c) => HANDLED.has(c)),
      );
    }
    const after = await databaseShape();
    log.refused(
      "SQL injection: database afterwards",
      "auth, email, home schemas",
      "tables and accounts intact",
      after === before ? "tables and accounts intact" : "CHANGED",
    );
  });

  it("a hostile display name is stored exactly as given", async () => {
    const hostile = `Robert'); DROP TABLE auth.users;-- <script>alert(1)</script>`;
    const { body } = await stack.query(
      `mutation ($n: String!) { updateProfile(input: { displayName: $n }) { displayName } }`,
      { n: hostile },
      { authorization: admin.authorization },
    );
    const [row] = await stack.sql(`select display_name from auth.users where email = 'ida@example.com'`);
    log.refused(
      "SQL and markup in a display name",
      "auth updateProfile",
      "stored as given",
      body.data?.updateProfile.displayName === hostile && row!.display_name === hostile
        ? "stored as given"
        : `stored as ${row!.display_name}`,
    );
  });
});

/** Waits for the mail to `to` and records whether a CR/LF smuggled a header or a recipient into it. */
async function noInjectedHeader(attack: string, to: string) {
  await waitFor(`the mail to ${to}`, () => sink.mails.some((m) => m.to.includes(to)));
  const mail = sink.mails.find((m) => m.to.includes(to))!;
  const injected =
    sink.mails.some((m) => m.to.includes("thief@evil.example")) || !!mail.header("bcc") || !!mail.header("x-injected");
  const seen = injected ? "INJECTED" : "no injected header or recipient";
  log.refused(attack, `mail to ${to} (SMTP sink)`, "no injected header or recipient", seen);
}

describe("mail", () => {
  const send = (input: Record<string, unknown>) =>
    stack.query(
      `mutation ($input: SendEmailInput!) { sendEmail(input: $input) { id status } }`,
      { input },
      { authorization: admin.authorization },
    );

  it("CR/LF in the recipient, the subject and a display name adds no header and no recipient", async () => {
    const to = await send({ to: "cara@example.com\r\nBcc: thief@evil.example", subject: "hi", body: "x" });
    log.refused("CR/LF in to", "email sendEmail", "BAD_USER_INPUT", codeOf(to.body));

    const subject = await send({
      to: "cara@example.com",
      subject: "Hello\r\nBcc: thief@evil.example\r\nX-Injected: yes",
      body: "x",
    });
    if (codeOf(subject.body) === "OK") {
      await noInjectedHeader("CR/LF in subject", "cara@example.com");
    } else {
      log.refused("CR/LF in subject", "email sendEmail", "BAD_USER_INPUT", codeOf(subject.body));
    }

    const invite = await stack.query(
      `mutation ($d: String) { inviteUser(email: "dina@example.com", displayName: $d) { id } }`,
      { d: "Dina\r\nBcc: thief@evil.example" },
      { authorization: admin.authorization },
    );
    if (codeOf(invite.body) === "OK") {
      await noInjectedHeader("CR/LF in display name", "dina@example.com");
    } else {
      log.refused("CR/LF in display name", "auth inviteUser", "BAD_USER_INPUT", codeOf(invite.body));
    }
  });

  it("script in a display name and in template variables is inert in the delivered HTML, and stored as given", async () => {
    const script = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
    const invite = await stack.query(
      `mutation ($d: String) { inviteUser(email: "eli@example.com", displayName: $d) { displayName } }`,
      { d: `Eli ${script}` },
      { authorization: admin.authorization },
    );
    expect(invite.body.errors).toBeUndefined();
    await waitFor("the invitation to eli", () => sink.mails.some((m) => m.to.includes("eli@example.com")));
    const invitation = sink.mails.find((m) => m.to.includes("eli@example.com"))!;
    const html = String(invitation.parsed.html);
    const inert = (h: string) => !/<script|<img/i.test(h) && h.includes("&lt;script&gt;");
    log.refused(
      "script in display name",
      "invitation mail HTML (SMTP sink)",
      "escaped",
      inert(html) ? "escaped" : "LIVE MARKUP",
    );
    const [stored] = await stack.sql(`select display_name from auth.users where email = 'eli@example.com'`);
    log.refused(
      "script in display name",
      "auth.users",
      "stored as given",
      stored!.display_name === `Eli ${script}` ? "stored as given" : "altered",
    );

    const sent = await send({
      to: "finn@example.com",
      templateKey: "welcome",
      variables: { displayName: script, invitedBy: script },
    });
    expect(sent.body.errors).toBeUndefined();
    await waitFor("the templated mail", () => sink.mails.some((m) => m.to.includes("finn@example.com")));
    const templated = String(sink.mails.find((m) => m.to.includes("finn@example.com"))!.parsed.html);
    log.refused(
      "script in template variables",
      "welcome mail HTML (SMTP sink)",
      "escaped",
      inert(templated) ? "escaped" : "LIVE MARKUP",
    );
  });
});
