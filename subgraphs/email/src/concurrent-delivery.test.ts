import type { RunningSubgraph } from "@homegraph/common";
import PgBoss from "pg-boss";
import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { createApp } from "./app";
import { configFromEnv } from "./config";
import { startSmtpSink, waitFor, type SmtpSink } from "./__tests__/smtp-sink";
import { EMAIL_QUEUE } from "./services/queue";

const BULK = `mutation ($i: SendBulkEmailInput!) { sendBulkEmail(input: $i) { id total queued } }`;
const COUNT = 300;

let sink: SmtpSink;
let email: SubgraphUnderTest;
const replicas: RunningSubgraph[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  // This replica only accepts: every mail is still queued when the delivering replicas start.
  email = await startSubgraphForTest(createApp, configFromEnv, { SMTP_URL: sink.url, EMAIL_WORKERS: "false" });
});
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  await email?.stop();
  await sink?.stop();
});

describe("a bulk send delivered by two replicas, each with several batched workers", () => {
  it("reaches the SMTP server once per address, even when jobs run twice", async () => {
    const admin = { authorization: email.tokens.bearer({ sub: 1, role: "ADMIN" }) };
    const to = Array.from({ length: COUNT }, (_, i) => `person-${i}@example.com`);
    const { body } = await email.query(BULK, { i: { to, subject: "Everyone", body: "Hello" } }, admin);
    expect(body.data?.sendBulkEmail).toMatchObject({ total: COUNT, queued: COUNT });

    // A second job for a third of the mails, as a retried or duplicated job would make: both jobs
    // of one mail may land in different batches of different replicas at the same moment.
    const logs = await email.sql(`select id from email.email_logs order by id`);
    const boss = new PgBoss({ connectionString: email.databaseUrl, schema: "pgboss", supervise: false });
    await boss.start();
    try {
      await boss.insert(logs.filter((_, i) => i % 3 === 0).map((l) => ({ name: EMAIL_QUEUE, data: { logId: l.id } })));
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }

    const env = {
      NODE_ENV: "test",
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
      PORT: "0",
      DATABASE_URL: email.databaseUrl,
      AUTH_URL: email.tokens.url,
      SMTP_URL: sink.url,
      EMAIL_POLL_MS: "500",
      // Uneven batches and more mails in flight than SMTP connections, on both replicas.
      EMAIL_CONCURRENCY: "24",
      EMAIL_BATCH_SIZE: "7",
      SMTP_POOL_MAX: "5",
    };
    replicas.push(...(await Promise.all([createApp(configFromEnv(env)), createApp(configFromEnv(env))])));

    await waitFor("every mail", () => sink.mails.length >= COUNT, 60_000);
    // Time for a duplicate to show up, had any job sent its mail a second time.
    await new Promise((r) => setTimeout(r, 2000));
    const received = sink.mails.flatMap((m) => m.to).sort();
    expect(received).toEqual([...to].sort());

    const rows = await email.sql(`select status, attempts, message_id from email.email_logs`);
    expect(rows).toHaveLength(COUNT);
    expect(rows.every((r) => r.status === "SENT" && r.attempts === 1)).toBe(true);
    // The log names the Message-ID the server received, for every mail.
    expect(new Set(rows.map((r) => r.message_id))).toEqual(new Set(sink.mails.map((m) => m.parsed.messageId)));
  }, 90_000);
});
