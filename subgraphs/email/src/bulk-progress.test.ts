import { randomUUID } from "node:crypto";
import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { createApp } from "./app";
import { configFromEnv } from "./config";
import { startHeldSmtp, type HeldSmtp } from "./__tests__/held-smtp";
import { subscribeToProgress, warmUp } from "./__tests__/progress-subscriber";
import { waitFor } from "./__tests__/smtp-sink";

const SEND_BULK = `mutation ($input: SendBulkEmailInput!) { sendBulkEmail(input: $input) { id total queued done } }`;
const RUN = `query ($id: ID!) { bulkEmailRun(id: $id) { id total queued sent failed suppressed done } }`;

let smtp: HeldSmtp;
let email: SubgraphUnderTest;
let admin: string;

beforeAll(async () => {
  smtp = await startHeldSmtp();
  email = await startSubgraphForTest(createApp, configFromEnv, {
    SMTP_URL: smtp.url,
    EMAIL_POLL_MS: "500",
    EMAIL_RETRY_BASE_SECONDS: "1",
    // With TEST_REDIS_URL the same test runs over Redis pub/sub, on channels of its own.
    ...(process.env.TEST_REDIS_URL
      ? { REDIS_URL: process.env.TEST_REDIS_URL, REDIS_CHANNEL_PREFIX: `test-${randomUUID()}:` }
      : {}),
  });
  admin = email.tokens.bearer({ sub: 1, role: "ADMIN" });
});
afterAll(async () => {
  smtp?.release();
  await email?.stop();
  await smtp?.stop();
});

describe("bulkEmailProgress on the email service's own /graphql", () => {
  it("tells an admin each change of a run of 5 over real SMTP, ending with sent = 5 and done", async () => {
    const to = Array.from({ length: 5 }, (_, i) => `progress${i}@example.com`);
    const { body } = await email.query(
      SEND_BULK,
      { input: { to, subject: "Progress", body: "Hello" } },
      { authorization: admin },
    );
    expect(body.errors).toBeUndefined();
    const run = body.data!.sendBulkEmail as { id: string; total: number; queued: number; done: boolean };
    expect(run).toMatchObject({ total: 5, queued: 5, done: false });

    const sub = subscribeToProgress(email.service.url, admin, run.id);
    try {
      // The SMTP server holds every mail in SENDING, so nothing settles before the subscriber listens.
      await waitFor("all 5 mails at the SMTP server", () => smtp.waiting() === 5);
      await warmUp(() => email.service, run.id, sub);
      expect(sub.errors).toEqual([]);
      expect(sub.events[0]!.data!.bulkEmailProgress).toMatchObject({ id: run.id, sent: 0, queued: 5, done: false });
      const before = sub.events.length;

      // One mail at a time: each one sent is an event of its own.
      for (let sent = 1; sent <= 5; sent++) {
        smtp.releaseOne();
        await waitFor(`sent = ${sent}`, () => sub.events.at(-1)?.data?.bulkEmailProgress?.sent === sent);
      }
      await new Promise((r) => setTimeout(r, 300));
      const progress = sub.events.slice(before).map((e) => e.data!.bulkEmailProgress);
      expect(progress.map((p) => [p.sent, p.queued, p.done])).toEqual([
        [1, 4, false],
        [2, 3, false],
        [3, 2, false],
        [4, 1, false],
        [5, 0, true],
      ]);
      expect(progress.at(-1)).toEqual({
        id: run.id,
        total: 5,
        queued: 0,
        sent: 5,
        failed: 0,
        suppressed: 0,
        done: true,
      });
      expect(smtp.accepted.sort()).toEqual([...to].sort());

      // What a subscriber arriving now must use: the run has finished and publishes nothing more.
      const now = await email.query(RUN, { id: run.id }, { authorization: admin });
      expect(now.body.data!.bulkEmailRun).toEqual(progress.at(-1));
    } finally {
      await sub.close();
    }
  });

  it("refuses a member with FORBIDDEN", async () => {
    const member = email.tokens.bearer({ sub: 2, role: "MEMBER" });
    const sub = subscribeToProgress(email.service.url, member, "1");
    try {
      // Refused on subscribe, before anything is published.
      await waitFor("the refusal", () => sub.events.length > 0 || sub.errors.length > 0);
      const errors = [...sub.errors.flat(), ...sub.events.flatMap((e) => e.errors ?? [])] as {
        extensions?: { code?: string };
      }[];
      expect(errors.map((e) => e.extensions?.code)).toContain("FORBIDDEN");
      expect(sub.events.every((e) => !e.data?.bulkEmailProgress)).toBe(true);
    } finally {
      await sub.close();
    }
  });
});
