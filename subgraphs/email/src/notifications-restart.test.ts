import type { RunningSubgraph } from "@homegraph/common";
import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { createApp } from "./app";
import { configFromEnv } from "./config";
import { startPushService, type PushService } from "./__tests__/push-service";
import { startSmtpSink, waitFor, type SmtpSink } from "./__tests__/smtp-sink";

let sink: SmtpSink;
let push: PushService;
let email: SubgraphUnderTest;
let replacement: RunningSubgraph | undefined;

const env = (extra: Record<string, string> = {}) => ({
  NODE_ENV: "test",
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
  PORT: "0",
  DATABASE_URL: email.databaseUrl,
  AUTH_URL: email.tokens.url,
  SMTP_URL: sink.url,
  EMAIL_POLL_MS: "500",
  NOTIFICATION_RETRY_BASE_SECONDS: "1",
  NOTIFICATION_RETRY_MAX_SECONDS: "2",
  PUSH_TIMEOUT_MS: "5000",
  DIGEST_SCHEDULE: "false",
  ...extra,
});

beforeAll(async () => {
  sink = await startSmtpSink();
  push = await startPushService();
  // This replica accepts notifications but delivers none: they are certainly unsent when it closes.
  email = await startSubgraphForTest(createApp, configFromEnv, {
    SMTP_URL: sink.url,
    EMAIL_WORKERS: "false",
    DIGEST_SCHEDULE: "false",
  });
  email.tokens.directory.push({ id: 5, email: "eve@home.test", displayName: "Eve", role: "MEMBER" });
});
afterAll(async () => {
  await replacement?.close();
  await email?.stop();
  await push?.stop();
  await sink?.stop();
});

async function notify(url: string, body: Record<string, unknown>) {
  const res = await fetch(`${url}/notifications`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: email.tokens.bearer({ sub: "service:home", role: "SERVICE" }),
    },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  return res.json() as Promise<{ accepted: number; created: number }>;
}

const alarm = (i: number) => ({
  audience: { userIds: [5] },
  kind: "ALARM",
  severity: "CRITICAL",
  title: `Alarm ${i}`,
  body: "x",
  dedupeKey: `restart-${i}`,
});
const settle = () => new Promise((r) => setTimeout(r, 1500));

describe("notifications across a restart of the email service", () => {
  it("are delivered, once, by the next service when the first accepted them and stopped", async () => {
    const phone = push.browser("eve-phone");
    const { body } = await email.query(
      `mutation ($i: AddPushSubscriptionInput!) { addPushSubscription(input: $i) { id } }`,
      { i: { endpoint: phone.endpoint, p256dh: phone.p256dh, auth: phone.auth } },
      { authorization: email.tokens.bearer({ sub: 5, role: "MEMBER" }) },
    );
    expect(body.errors).toBeUndefined();
    expect(await notify(email.service.url, alarm(1))).toEqual({ accepted: 1, created: 1 });
    await settle();
    expect(push.messages).toHaveLength(0);
    await email.service.close();

    replacement = await createApp(configFromEnv(env()));
    // The sender retries against the new service: same dedupeKey, nothing more.
    expect(await notify(replacement.url, alarm(1))).toEqual({ accepted: 1, created: 0 });
    await waitFor("the push", () => push.messages.length === 1);
    await waitFor("the mail", () => sink.mails.length === 1);
    await settle();
    expect(push.messages.map((m) => m.payload.title)).toEqual(["Alarm 1"]);
    expect(sink.mails.map((m) => m.parsed.subject)).toEqual(["Alarm 1"]);
    email.service = replacement;
    replacement = undefined;
  });

  it("loses and repeats nothing when it stops while pushes are in flight", async () => {
    push.delayMs = 1500;
    for (let i = 2; i <= 6; i++) await notify(email.service.url, alarm(i));
    await waitFor("pushes in flight", () => push.messages.length >= 3);
    await email.service.close();
    push.delayMs = 0;
    email.service = await createApp(configFromEnv(env()));
    await waitFor("every push", () => push.messages.length === 6, 20_000);
    await waitFor("every mail", () => sink.mails.length === 6, 20_000);
    await settle();
    const titles = push.messages.map((m) => m.payload.title).sort();
    expect(titles).toEqual(["Alarm 1", "Alarm 2", "Alarm 3", "Alarm 4", "Alarm 5", "Alarm 6"]);
    expect(sink.mails).toHaveLength(6);
    expect(
      await email.sql(`select status, count(*)::int as n from email.notification_deliveries group by status`),
    ).toEqual([{ status: "SENT", n: 12 }]);
  });
});
