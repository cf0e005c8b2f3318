import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { createApp } from "./app";
import { configFromEnv } from "./config";
import { waitFor } from "./__tests__/smtp-sink";

/** SMTP_URL unset: the service catches its own mail in the dev mailbox. */
let email: SubgraphUnderTest;
let admin: Record<string, string>;
const member = (sub: number) => ({ authorization: email.tokens.bearer({ sub, role: "MEMBER" }) });

beforeAll(async () => {
  email = await startSubgraphForTest(createApp, configFromEnv, {
    SMTP_CATCHER_PORT: "0",
    PUBLIC_URL: "http://home.test:6003",
    EMAIL_BULK_MAX: "25",
    EMAIL_RETRY_BASE_SECONDS: "1",
    EMAIL_POLL_MS: "500",
  });
  admin = { authorization: email.tokens.bearer({ sub: 1, role: "ADMIN" }) };
});
afterAll(() => email?.stop());

async function gql(query: string, variables: Record<string, unknown> = {}, headers = admin) {
  const { body } = await email.query(query, variables, headers);
  return body;
}

const SEND = `mutation ($input: SendEmailInput!) { sendEmail(input: $input) { id status kind } }`;
const MAILBOX = `query { devMailbox(page: { pageSize: 100 }) { total enabled items { id subject envelopeTo text html headers } } }`;

async function mailboxFor(address: string) {
  const body = await gql(MAILBOX);
  return (body.data!.devMailbox.items as { envelopeTo: string[]; [k: string]: any }[]).filter((m) =>
    m.envelopeTo.includes(address),
  );
}

async function sent(id: string) {
  await waitFor(`email ${id} to leave`, async () => {
    const [row] = await email.sql(`select status from email.email_logs where id = $1`, [Number(id)]);
    return row?.status === "SENT" || row?.status === "FAILED";
  });
}

describe("dev mailbox", () => {
  it("catches mail over real SMTP when SMTP_URL is unset, and admins read it through GraphQL", async () => {
    const body = await gql(SEND, {
      input: { to: "dev@example.com", subject: "Caught? ?? $1", body: "In the box ? :x" },
    });
    await sent(body.data!.sendEmail.id);
    const [message] = await mailboxFor("dev@example.com");
    expect(message).toMatchObject({ subject: "Caught? ?? $1" });
    expect(message!.text).toContain("In the box ? :x");
    expect(message!.html).toContain("In the box");
    expect(message!.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");

    const one = await gql(`query ($id: ID!) { devMailboxMessage(id: $id) { subject } }`, { id: message!.id });
    expect(one.data!.devMailboxMessage.subject).toBe("Caught? ?? $1");
    const denied = await gql(MAILBOX, {}, member(2));
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("templates", () => {
  it("creates the built-in templates on first start, with links from PUBLIC_URL and variables escaped in HTML", async () => {
    const list = await gql(`{ emailTemplates { key kind builtIn } }`);
    expect(list.data!.emailTemplates.map((t: { key: string }) => t.key).sort()).toEqual([
      "activity-digest",
      "device-notification",
      "email-change",
      "notification",
      "password-reset",
      "security-notice",
      "security-notification",
      "welcome",
    ]);
    const preview = await gql(
      `query ($v: JSONObject) { previewEmailTemplate(key: "device-notification", variables: $v) { subject text html } }`,
      { v: { device: "Front door", event: "<script>alert(1)</script> opened" } },
    );
    expect(preview.data!.previewEmailTemplate.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(preview.data!.previewEmailTemplate.html).not.toContain("<script>");
    expect(preview.data!.previewEmailTemplate.html).toContain('href="http://home.test:6003"');
  });

  it("previews unsaved template parts, escaped and checked like a save, for admins only", async () => {
    const DRAFT = `query ($d: EmailDraftInput!, $v: JSONObject) { previewEmailDraft(draft: $d, variables: $v) { subject text html } }`;
    const draft = { subject: "Hi {{name}}", text: "Hello {{name}}", html: "<p>Hello {{name}}</p>" };
    const ok = await gql(DRAFT, { d: draft, v: { name: "<b>Ann</b>" } });
    expect(ok.data!.previewEmailDraft).toEqual({
      subject: "Hi <b>Ann</b>",
      text: "Hello <b>Ann</b>",
      html: "<p>Hello &lt;b&gt;Ann&lt;/b&gt;</p>",
    });
    const broken = await gql(DRAFT, { d: { ...draft, html: "<p>{{#if x}}</p>" } });
    expect(broken.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "html" });
    const empty = await gql(DRAFT, { d: { ...draft, subject: " " } });
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "subject" });
    const denied = await gql(DRAFT, { d: draft }, member(2));
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("creates, updates, sends with and deletes a template", async () => {
    const created = await gql(
      `mutation ($i: CreateEmailTemplateInput!) { createEmailTemplate(input: $i) { key updatedBy } }`,
      { i: { key: "hello", name: "Hello", subject: "Hi {{name}}", html: "<p>Hi {{name}}</p>", text: "Hi {{name}}" } },
    );
    expect(created.data!.createEmailTemplate).toEqual({ key: "hello", updatedBy: 1 });
    const dup = await gql(`mutation ($i: CreateEmailTemplateInput!) { createEmailTemplate(input: $i) { key } }`, {
      i: { key: "hello", name: "Hello", subject: "x", html: "x", text: "x" },
    });
    expect(dup.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    await gql(`mutation { updateEmailTemplate(key: "hello", input: { subject: "Hello {{name}}" }) { key } }`);
    const body = await gql(SEND, {
      input: { to: "tpl@example.com", templateKey: "hello", variables: { name: "Ann & <b>Bob</b>" } },
    });
    await sent(body.data!.sendEmail.id);
    const [message] = await mailboxFor("tpl@example.com");
    expect(message!.subject).toBe("Hello Ann & <b>Bob</b>");
    expect(message!.html).toContain("Hi Ann &amp; &lt;b&gt;Bob&lt;/b&gt;");
    expect((await gql(`mutation { deleteEmailTemplate(key: "hello") }`)).data!.deleteEmailTemplate).toBe(true);
    const builtIn = await gql(`mutation { deleteEmailTemplate(key: "welcome") }`);
    expect(builtIn.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "key" });
  });
});

describe("preferences and one-click unsubscribe", () => {
  it("turns notifications off for that user, while security mail still arrives", async () => {
    const first = await gql(SEND, { input: { to: "five@example.com", userId: 5, subject: "News", body: "x" } });
    await sent(first.data!.sendEmail.id);
    const [news] = await mailboxFor("five@example.com");
    const url = /<([^>]+)>/.exec(news!.headers["list-unsubscribe"])![1]!;
    expect(url.startsWith("http://home.test:6003/unsubscribe/")).toBe(true);
    const path = new URL(url).pathname;

    // What a mail client does for RFC 8058 one-click; twice, as clients may.
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${email.service.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
      expect(res.status).toBe(200);
    }
    const page = await fetch(`${email.service.url}${path}`);
    expect(await page.text()).toContain('method="post"');

    const prefs = await gql(`{ myEmailPreferences { userId notificationsEnabled digest } }`, {}, member(5));
    expect(prefs.data!.myEmailPreferences).toEqual({ userId: 5, notificationsEnabled: false, digest: "OFF" });

    const suppressed = await gql(SEND, {
      input: { to: "five@example.com", userId: 5, subject: "More news", body: "x" },
    });
    expect(suppressed.data!.sendEmail.status).toBe("SUPPRESSED");
    const reset = await gql(SEND, {
      input: {
        to: "five@example.com",
        userId: 5,
        templateKey: "password-reset",
        variables: { displayName: "Five", resetUrl: "http://home.test:6003/reset?token=abc" },
      },
    });
    expect(reset.data!.sendEmail).toMatchObject({ status: "QUEUED", kind: "SECURITY" });
    await sent(reset.data!.sendEmail.id);
    const box = await mailboxFor("five@example.com");
    expect(box.map((m) => m.subject)).toEqual(["Reset your Homegraph password", "News"]);
    expect(box[0]!.headers["list-unsubscribe"]).toBeUndefined();
    expect(box[0]!.text).toContain("http://home.test:6003/reset?token=abc");
    // Security mail does not keep its one-time link in the log once it is sent.
    const [row] = await email.sql(`select body_text from email.email_logs where id = $1`, [
      Number(reset.data!.sendEmail.id),
    ]);
    expect(row!.body_text).toBeNull();

    const bad = await fetch(`${email.service.url}/unsubscribe/not-a-real-token-at-all-000000`, { method: "POST" });
    expect(bad.status).toBe(404);
  });

  it("lets a person change their preferences, and shows them on User for them and admins only", async () => {
    const updated = await gql(
      `mutation { updateEmailPreferences(input: { digest: WEEKLY }) { notificationsEnabled digest } }`,
      {},
      member(6),
    );
    expect(updated.data!.updateEmailPreferences).toEqual({ notificationsEnabled: true, digest: "WEEKLY" });
    const USER = `query { _entities(representations: [{ __typename: "User", id: "6" }]) { ... on User { emailPreferences { digest } emailLogs { total } } } }`;
    expect((await gql(USER, {}, member(6))).data!._entities[0].emailPreferences.digest).toBe("WEEKLY");
    expect((await gql(USER, {}, admin)).data!._entities[0].emailPreferences.digest).toBe("WEEKLY");
    expect((await gql(USER, {}, member(7))).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("emailLogs", () => {
  it("shows admins every mail and members only their own", async () => {
    const LOGS = `query ($f: EmailLogFilter) { emailLogs(filter: $f, page: { pageSize: 100 }) { total items { userId recipient status attempts } } }`;
    const all = await gql(LOGS);
    expect(all.data!.emailLogs.total).toBeGreaterThan(3);
    const mine = await gql(LOGS, {}, member(5));
    expect(mine.data!.emailLogs.items.length).toBe(3);
    expect(mine.data!.emailLogs.items.every((i: { userId: number }) => i.userId === 5)).toBe(true);
    const sneaky = await gql(LOGS, { f: { userId: 1 } }, member(5));
    expect(sneaky.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const own = await gql(LOGS, { f: { userId: 5 } }, member(5));
    expect(own.data!.emailLogs.items.length).toBe(3);
    expect((await gql(LOGS, {}, {})).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(
      (await gql(SEND, { input: { to: "a@example.com", subject: "x", body: "x" } }, member(5))).errors?.[0]?.extensions
        ?.code,
    ).toBe("FORBIDDEN");
  });
});

describe("bulk send", () => {
  it("queues one mail per distinct address and reports its progress", async () => {
    const to = Array.from({ length: 20 }, (_, i) => `bulk${i}@example.com`);
    const body = await gql(`mutation ($i: SendBulkEmailInput!) { sendBulkEmail(input: $i) { id total queued sent } }`, {
      i: {
        to: [...to, "BULK0@example.com"],
        templateKey: "device-notification",
        variables: { device: "Hall", event: "on" },
        idempotencyKey: "bulk-1",
      },
    });
    const run = body.data!.sendBulkEmail;
    expect(run.total).toBe(20);
    const PROGRESS = `query ($id: ID!) { bulkEmailRun(id: $id) { total queued sent failed done } }`;
    await waitFor("the run to finish", async () => (await gql(PROGRESS, { id: run.id })).data!.bulkEmailRun.done);
    expect((await gql(PROGRESS, { id: run.id })).data!.bulkEmailRun).toEqual({
      total: 20,
      queued: 0,
      sent: 20,
      failed: 0,
      done: true,
    });
    const again = await gql(`mutation ($i: SendBulkEmailInput!) { sendBulkEmail(input: $i) { id } }`, {
      i: { to, templateKey: "device-notification", idempotencyKey: "bulk-1" },
    });
    expect(again.data!.sendBulkEmail.id).toBe(run.id);
  });
});

describe("input", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["an invalid address", { to: "not-an-address", subject: "x", body: "x" }, "to"],
    ["a line break in the address", { to: "a@example.com\r\nBcc: b@example.com", subject: "x", body: "x" }, "to"],
    [
      "a line break in the subject",
      { to: "a@example.com", subject: "Hi\r\nBcc: evil@example.com", body: "x" },
      "subject",
    ],
    ["a subject too long", { to: "a@example.com", subject: "x".repeat(256), body: "x" }, "subject"],
    ["a body too long", { to: "a@example.com", subject: "x", body: "x".repeat(100_001) }, "body"],
    ["no body", { to: "a@example.com", subject: "x" }, "body"],
    ["an unknown template", { to: "a@example.com", templateKey: "nope" }, "templateKey"],
    [
      "variables that break the subject",
      { to: "a@example.com", templateKey: "device-notification", variables: { device: "x\r\nBcc: e@example.com" } },
      "variables",
    ],
    [
      "a bad idempotency key",
      { to: "a@example.com", subject: "x", body: "x", idempotencyKey: "with space" },
      "idempotencyKey",
    ],
  ];
  it.each(cases)("refuses %s with BAD_USER_INPUT naming the field", async (_what, input, field) => {
    const body = await gql(SEND, { input });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });

  it("refuses a bulk send over EMAIL_BULK_MAX or with a bad address, naming the field", async () => {
    const BULK = `mutation ($i: SendBulkEmailInput!) { sendBulkEmail(input: $i) { id } }`;
    const tooMany = await gql(BULK, {
      i: { to: Array.from({ length: 26 }, (_, i) => `m${i}@example.com`), subject: "x", body: "x" },
    });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "to" });
    const bad = await gql(BULK, { i: { to: ["ok@example.com", "bad"], subject: "x", body: "x" } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "to[1]" });
  });

  it("refuses a template that does not compile, naming the part", async () => {
    const body = await gql(`mutation ($i: CreateEmailTemplateInput!) { createEmailTemplate(input: $i) { key } }`, {
      i: { key: "broken", name: "Broken", subject: "ok", html: "{{#if x}}never closed", text: "ok" },
    });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "html" });
  });

  it("serves the seed's REST calls to admins, and refuses anyone else with a clear code", async () => {
    const call = (method: string, path: string, headers: Record<string, string> = {}) =>
      fetch(`${email.service.url}${path}`, {
        method,
        headers: { "content-type": "application/json", ...headers },
        body:
          method === "POST" ? JSON.stringify({ to: "rest@example.com", subject: "Test", body: "Hello!" }) : undefined,
      });
    for (const [method, path] of [
      ["POST", "/send"],
      ["POST", "/send/bulk"],
      ["GET", "/templates"],
      ["POST", "/templates"],
    ] as const) {
      const anonymous = await call(method, path);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
      const forged = await call(method, path, { authorization: "Bearer not.a.token", "x-user-id": "1" });
      expect(forged.status).toBe(401);
      const asMember = await call(method, path, member(2));
      expect(asMember.status).toBe(403);
      expect(((await asMember.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    }
    const sent = await call("POST", "/send", admin);
    expect(sent.status).toBe(202);
    const { id } = (await sent.json()) as { id: number };
    await waitFor("the REST mail to arrive", async () => (await mailboxFor("rest@example.com")).length === 1);
    expect(id).toEqual(expect.any(Number));
    const list = await call("GET", "/templates", admin);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { templates: unknown[] }).templates.length).toBeGreaterThanOrEqual(5);
  });
});
