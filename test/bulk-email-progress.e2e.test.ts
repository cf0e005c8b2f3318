/**
 * bulkEmailProgress through the gateway, against the real stack: an admin signed in at the real
 * auth service sends a bulk run through the gateway and follows it over graphql-ws on the
 * gateway's /graphql while the email service delivers it to a real SMTP server.
 */
import { startHeldSmtp, type HeldSmtp } from "../subgraphs/email/src/__tests__/held-smtp";
import { subscribeToProgress, warmUp } from "../subgraphs/email/src/__tests__/progress-subscriber";
import { waitFor } from "../subgraphs/email/src/__tests__/smtp-sink";
import { startStack, type Stack } from "./support/stack";

let smtp: HeldSmtp;
let stack: Stack;
let admin: string;

beforeAll(async () => {
  smtp = await startHeldSmtp();
  stack = await startStack({ emailEnv: { SMTP_URL: smtp.url, EMAIL_POLL_MS: "500" } });
  await stack.addUser({ email: "root@example.com", password: "password", role: "ADMIN" });
  admin = (await stack.signIn("root@example.com", "password")).authorization;
});
afterAll(async () => {
  smtp?.release();
  await stack?.stop();
  await smtp?.stop();
});

it("carries bulkEmailProgress from the email service to a client of the gateway, ending with sent = 5 and done", async () => {
  const to = Array.from({ length: 5 }, (_, i) => `gw${i}@example.com`);
  const { body } = await stack.query(
    `mutation ($input: SendBulkEmailInput!) { sendBulkEmail(input: $input) { id total queued } }`,
    { input: { to, subject: "Through the gateway", body: "Hello" } },
    { authorization: admin },
  );
  expect(body.errors).toBeUndefined();
  const runId = body.data!.sendBulkEmail.id as string;

  const sub = subscribeToProgress(stack.gateway.url, admin, runId);
  try {
    await waitFor("all 5 mails at the SMTP server", () => smtp.waiting() === 5);
    await warmUp(() => stack.email, runId, sub);
    expect(sub.errors).toEqual([]);
    const before = sub.events.length;

    smtp.release();
    await waitFor("done", () => sub.events.some((e) => e.data?.bulkEmailProgress?.done));
    const progress = sub.events.slice(before).map((e) => e.data!.bulkEmailProgress);
    expect(progress.at(-1)).toEqual({ id: runId, total: 5, queued: 0, sent: 5, failed: 0, suppressed: 0, done: true });
    expect(sub.events.every((e) => e.errors === undefined)).toBe(true);
    expect(smtp.accepted.sort()).toEqual([...to].sort());
  } finally {
    await sub.close();
  }
});
