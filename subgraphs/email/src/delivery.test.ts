import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { createApp } from "./app";
import { configFromEnv } from "./config";
import type { EntityManager } from "@mikro-orm/postgresql";
import { startSmtpSink, waitFor, type SmtpSink } from "./__tests__/smtp-sink";
import { EmailLog } from "./entities/email-log.entity";
import { EmailQueue } from "./services/queue";
import { scrapeMetrics } from "../../../test/support/metrics";

const SEND = `mutation ($input: SendEmailInput!) { sendEmail(input: $input) { id status idempotencyKey } }`;

let sink: SmtpSink;
let email: SubgraphUnderTest;
let admin: Record<string, string>;

beforeAll(async () => {
  sink = await startSmtpSink();
  email = await startSubgraphForTest(createApp, configFromEnv, {
    SMTP_URL: sink.url,
    SMTP_FROM: "Homegraph <mail@home.test>",
    SMTP_TIMEOUT_MS: "2000",
    PUBLIC_URL: "https://home.test",
    EMAIL_MAX_ATTEMPTS: "3",
    EMAIL_RETRY_BASE_SECONDS: "1",
    EMAIL_POLL_MS: "500",
  });
  admin = { authorization: email.tokens.bearer({ sub: 1, role: "ADMIN" }) };
});
afterAll(async () => {
  await email?.stop();
  await sink?.stop();
});

async function send(input: Record<string, unknown>) {
  const { body } = await email.query(SEND, { input }, admin);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!.sendEmail as { id: string; status: string; idempotencyKey: string };
}

const logRow = async (id: string) =>
  (await email.sql(`select * from email.email_logs where id = $1`, [Number(id)]))[0]!;

const mailsTo = (address: string) => sink.mails.filter((m) => m.to.includes(address));

describe("delivery over a real SMTP conversation", () => {
  it("delivers one mail with a text and an HTML part and the one-click unsubscribe headers", async () => {
    const { id, status } = await send({ to: "user@example.com", subject: "Test", body: "Hello!", userId: 7 });
    expect(status).toBe("QUEUED");
    await waitFor("the mail", () => mailsTo("user@example.com").length === 1);
    const [mail] = mailsTo("user@example.com");
    expect(mail!.parsed.subject).toBe("Test");
    expect(mail!.parsed.text).toContain("Hello!");
    expect(mail!.parsed.html).toContain("Hello!");
    expect(mail!.header("content-type")).toMatch(/multipart\/alternative/);
    expect(mail!.header("list-unsubscribe")).toMatch(/^<https:\/\/home\.test\/unsubscribe\/[A-Za-z0-9_-]{40,}>$/);
    expect(mail!.header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(mail!.parsed.from?.text).toContain("mail@home.test");
    await waitFor("SENT in the log", async () => (await logRow(id)).status === "SENT");
    const row = await logRow(id);
    expect(row).toMatchObject({ attempts: 1, last_error: null, kind: "NOTIFICATION", user_id: 7 });
    expect(row.message_id).toBe(mail!.parsed.messageId);
    expect(row.sent_at).not.toBeNull();
  });

  it("sends exactly one mail for one idempotency key, however often and however concurrently it is asked", async () => {
    const input = { to: "once@example.com", subject: "Once", body: "Only once", idempotencyKey: "order-42" };
    const results = await Promise.all([send(input), send(input), send(input)]);
    const again = await send(input);
    expect(new Set([...results, again].map((r) => r.id)).size).toBe(1);
    await waitFor("the mail", () => mailsTo("once@example.com").length >= 1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailsTo("once@example.com")).toHaveLength(1);
    expect(
      await email.sql(`select count(*)::int as n from email.email_logs where idempotency_key = 'order-42'`),
    ).toEqual([{ n: 1 }]);
  });

  it("marks a mail FAILED at once, with the server's reason, when SMTP answers 5xx", async () => {
    sink.rejectRcpt.push({ pattern: /^nobody@/, code: 550, message: "No such mailbox here" });
    const { id } = await send({ to: "nobody@example.com", subject: "Bounce", body: "x" });
    await waitFor("FAILED", async () => (await logRow(id)).status === "FAILED");
    const row = await logRow(id);
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/550.*No such mailbox here/);
  });

  it("retries a 4xx with backoff and marks it FAILED after EMAIL_MAX_ATTEMPTS, keeping the reason", async () => {
    sink.rejectRcpt.push({ pattern: /^busy@/, code: 451, message: "Try again later" });
    const { id } = await send({ to: "busy@example.com", subject: "Busy", body: "x" });
    await waitFor("FAILED", async () => (await logRow(id)).status === "FAILED", 30_000);
    const row = await logRow(id);
    expect(row.attempts).toBe(3);
    expect(row.last_error).toMatch(/451.*Try again later/);
    expect(mailsTo("busy@example.com")).toHaveLength(0);
  }, 40_000);

  it("delivers all of 50 mails queued while SMTP refuses connections, once it is back, none twice", async () => {
    // Its own service, with a retry budget that outlasts the outage: with three attempts a second
    // apart, a busy machine can use up the first mails' attempts before the last ones are tried.
    const outageSink = await startSmtpSink();
    const patient = await startSubgraphForTest(createApp, configFromEnv, {
      SMTP_URL: outageSink.url,
      SMTP_FROM: "Homegraph <mail@home.test>",
      SMTP_TIMEOUT_MS: "2000",
      PUBLIC_URL: "https://home.test",
      EMAIL_MAX_ATTEMPTS: "10",
      EMAIL_RETRY_BASE_SECONDS: "1",
      EMAIL_POLL_MS: "500",
    });
    try {
      await deliversAfterOutage(patient, outageSink);
    } finally {
      await patient.stop();
      await outageSink.stop();
    }
  }, 200_000);
});

async function deliversAfterOutage(email: SubgraphUnderTest, sink: SmtpSink) {
  const auth = { authorization: email.tokens.bearer({ sub: 1, role: "ADMIN" }) };
  const send = async (input: Record<string, unknown>) => {
    const { body } = await email.query(SEND, { input }, auth);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!.sendEmail as { id: string };
  };
  await sink.stop();
  const ids = await Promise.all(
    Array.from({ length: 50 }, (_, i) => send({ to: `outage${i}@example.com`, subject: `Outage ${i}`, body: "x" })),
  ).then((r) => r.map((m) => Number(m.id)));
  await waitFor(
    "every mail to have failed at least once",
    async () =>
      (
        await email.sql(
          `select count(*)::int as n from email.email_logs where id = any($1) and attempts >= 1 and status = 'QUEUED'`,
          [ids],
        )
      )[0]!.n === 50,
    // Generous: CI runs this beside every other suite on two shared cores.
    90_000,
  );
  const failed = await email.sql(`select last_error from email.email_logs where id = any($1)`, [ids]);
  expect(failed.every((r) => /ECONNREFUSED|ECONNECTION/.test(r.last_error))).toBe(true);
  await sink.start();
  await waitFor(
    "all 50 SENT",
    async () =>
      (
        await email.sql(`select count(*)::int as n from email.email_logs where id = any($1) and status = 'SENT'`, [ids])
      )[0]!.n === 50,
    90_000,
  );
  const outage = sink.mails.filter((m) => m.to[0]!.startsWith("outage"));
  expect(outage).toHaveLength(50);
  expect(new Set(outage.map((m) => m.to[0])).size).toBe(50);
  const attempts = await email.sql(`select attempts from email.email_logs where id = any($1)`, [ids]);
  expect(attempts.every((r) => r.attempts >= 2)).toBe(true);
}

describe("the log row and its job", () => {
  it("commit together, and vanish together when the transaction rolls back", async () => {
    const queue = await EmailQueue.start({
      databaseUrl: email.databaseUrl,
      logger: email.service.logger,
      maxAttempts: 3,
      retryBaseSeconds: 1,
      expireSeconds: 60,
      pollMs: 500,
    });
    try {
      const write = (key: string, fail: boolean) =>
        (email.service.orm.em.fork() as EntityManager).transactional(async (tx) => {
          const row = tx.create(EmailLog, { recipient: "tx@example.com", subject: "Tx", idempotencyKey: key });
          await tx.flush();
          await queue.enqueue(tx, [row.id]);
          if (fail) throw new Error("the change that caused the mail failed");
          return row.id;
        });
      await expect(write("tx-rolled-back", true)).rejects.toThrow("the change that caused the mail failed");
      const committed = await write("tx-committed", false);
      const logs = await email.sql(`select idempotency_key from email.email_logs where idempotency_key like 'tx-%'`);
      expect(logs).toEqual([{ idempotency_key: "tx-committed" }]);
      const jobs = await email.sql(
        `select (data->>'logId')::int as "logId" from pgboss.job where name = 'email-send' and data->>'logId' in (
           select id::text from email.email_logs where idempotency_key like 'tx-%') union all
         select (data->>'logId')::int from pgboss.archive where name = 'email-send' and (data->>'logId')::int = $1`,
        [committed],
      );
      expect(jobs.map((j) => j.logId)).toContain(committed);
      const orphans = await email.sql(
        `select count(*)::int as n from pgboss.job where name = 'email-send'
           and (data->>'logId')::int not in (select id from email.email_logs)`,
      );
      expect(orphans).toEqual([{ n: 0 }]);
    } finally {
      await queue.stop();
    }
  });
});

describe("GET /metrics after real deliveries", () => {
  it("counts mails sent and failed by reason, and shows what waits in the queue and for how long", async () => {
    // Earlier tests' mails settled first, so the counts below move only for this test's two.
    await waitFor("an idle queue", async () => {
      const [{ n }] = (await email.sql(
        `select count(*)::int as n from email.email_logs where status in ('QUEUED', 'SENDING')`,
      )) as [{ n: number }];
      return n === 0;
    });
    const before = await scrapeMetrics(email.service.url);
    const sentBefore = before.value("homegraph_mail_sent_total") ?? 0;
    const rejectedBefore = before.value("homegraph_mail_failed_total", { reason: "rejected" }) ?? 0;
    sink.rejectRcpt.push({ pattern: /^gone@/, code: 550, message: "No such user" });
    const ok = await send({ to: "counted@example.com", subject: "Counted", body: "x" });
    const bad = await send({ to: "gone@example.com", subject: "Bounced", body: "x" });
    await waitFor(
      "both settled",
      async () => (await logRow(ok.id)).status === "SENT" && (await logRow(bad.id)).status === "FAILED",
    );
    expect(mailsTo("counted@example.com")).toHaveLength(1);

    // A mail queued 90 s ago and never picked up (no job): the queue is not empty and has waited.
    const [stuck] = await email.sql(
      `insert into email.email_logs (recipient, subject, status, created_at) values ('late@example.com', 'Late', 'QUEUED', now() - interval '90 seconds') returning id`,
    );
    try {
      const exposition = await scrapeMetrics(email.service.url);
      expect(exposition.types).toMatchObject({
        homegraph_mail_sent_total: "counter",
        homegraph_mail_failed_total: "counter",
        homegraph_mail_queue_depth: "gauge",
        homegraph_mail_queue_oldest_age_seconds: "gauge",
      });
      expect(exposition.value("homegraph_mail_sent_total")).toBe(sentBefore + 1);
      expect(exposition.value("homegraph_mail_failed_total", { reason: "rejected" })).toBe(rejectedBefore + 1);
      expect(exposition.value("homegraph_mail_queue_depth", { state: "queued" })).toBeGreaterThanOrEqual(1);
      expect(exposition.value("homegraph_mail_queue_depth", { state: "sending" })).toBeGreaterThanOrEqual(0);
      expect(exposition.value("homegraph_mail_queue_oldest_age_seconds")).toBeGreaterThanOrEqual(89);
      // The mutations that queued them, timed by operation (the test sends them unnamed).
      expect(
        exposition.value("homegraph_graphql_operation_duration_seconds_count", {
          service: "email",
          operation: "anonymous",
          type: "mutation",
          outcome: "ok",
        }),
      ).toBeGreaterThanOrEqual(2);
    } finally {
      await email.sql(`delete from email.email_logs where id = $1`, [stuck!.id]);
    }
    const empty = await scrapeMetrics(email.service.url);
    expect(empty.value("homegraph_mail_queue_depth", { state: "queued" })).toBe(0);
    expect(empty.value("homegraph_mail_queue_oldest_age_seconds")).toBe(0);
  });
});
