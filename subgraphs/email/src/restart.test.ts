import type { RunningSubgraph } from "@homegraph/common";
import { postGraphQL } from "../../../test/support/stack";
import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { createApp } from "./app";
import { configFromEnv } from "./config";
import { startSmtpSink, waitFor, type SmtpSink } from "./__tests__/smtp-sink";

const SEND = `mutation ($input: SendEmailInput!) { sendEmail(input: $input) { id status } }`;

let sink: SmtpSink;
let email: SubgraphUnderTest;
let replacement: RunningSubgraph | undefined;

const env = () => ({
  NODE_ENV: "test",
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
  PORT: "0",
  DATABASE_URL: email.databaseUrl,
  AUTH_URL: email.tokens.url,
  SMTP_URL: sink.url,
  EMAIL_RETRY_BASE_SECONDS: "1",
  EMAIL_POLL_MS: "500",
});

beforeAll(async () => {
  sink = await startSmtpSink();
  // This replica accepts mail but delivers none, so the mail is certainly still unsent when it closes.
  email = await startSubgraphForTest(createApp, configFromEnv, { SMTP_URL: sink.url, EMAIL_WORKERS: "false" });
});
afterAll(async () => {
  await replacement?.close();
  await email?.stop();
  await sink?.stop();
});

describe("a mail accepted by a service that then stops", () => {
  it("is delivered exactly once by the next service on the same database", async () => {
    const admin = { authorization: email.tokens.bearer({ sub: 1, role: "ADMIN" }) };
    const input = { to: "restart@example.com", subject: "Survives", body: "x", idempotencyKey: "restart-1" };
    const { body } = await email.query(SEND, { input }, admin);
    expect(body.data?.sendEmail.status).toBe("QUEUED");
    await new Promise((r) => setTimeout(r, 700));
    expect(sink.mails).toHaveLength(0);
    expect(
      await email.sql(`select status, attempts, sent_at from email.email_logs where idempotency_key = 'restart-1'`),
    ).toEqual([{ status: "QUEUED", attempts: 0, sent_at: null }]);
    await email.service.close();

    replacement = await createApp(configFromEnv(env()));
    // The client retries its request against the new service: same key, no second mail.
    const again = await postGraphQL(replacement.url, SEND, { input }, admin);
    expect(again.body.data?.sendEmail.id).toBe(body.data?.sendEmail.id);
    await waitFor("the mail", () => sink.mails.length === 1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(sink.mails).toHaveLength(1);
    const [row] = await email.sql(`select status, attempts from email.email_logs where idempotency_key = 'restart-1'`);
    expect(row).toEqual({ status: "SENT", attempts: 1 });
    // startSubgraphForTest's stop() closes whatever `service` is.
    email.service = replacement;
    replacement = undefined;
  });

  it("finishes, once, a mail whose attempts failed before the stop", async () => {
    await sink.stop();
    const admin = { authorization: email.tokens.bearer({ sub: 1, role: "ADMIN" }) };
    const { body } = await email.query(
      SEND,
      { input: { to: "retry@example.com", subject: "Later", body: "x" } },
      admin,
    );
    const id = Number(body.data?.sendEmail.id);
    await waitFor(
      "a failed attempt",
      async () => (await email.sql(`select attempts from email.email_logs where id = $1`, [id]))[0]!.attempts >= 1,
    );
    await email.service.close();
    await sink.start();
    email.service = await createApp(configFromEnv(env()));
    await waitFor(
      "SENT",
      async () => (await email.sql(`select status from email.email_logs where id = $1`, [id]))[0]!.status === "SENT",
    );
    expect(sink.mails.filter((m) => m.to.includes("retry@example.com"))).toHaveLength(1);
  });
});
