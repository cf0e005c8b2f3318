import type { EntityManager } from "@mikro-orm/postgresql";
import { startRuntimeForTest, type RuntimeUnderTest } from "../../../test/support/runtime";
import { within } from "../../../test/support/tokens";
import { configFromEnv } from "./config";
import { DevMailboxMessage } from "./entities/dev-mailbox.entity";
import { EmailLog } from "./entities/email-log.entity";
import { EmailStatus } from "./entities/enums";
import { createEmailRuntime, type EmailRuntime } from "./runtime";

// The email service's runtime on its own: built, used and closed without any HTTP server.

let email: RuntimeUnderTest<EmailRuntime>;

beforeAll(async () => {
  email = await startRuntimeForTest(createEmailRuntime, configFromEnv, {
    // No SMTP_URL: the dev mailbox catches the mail, on a port of its own.
    SMTP_CATCHER_PORT: "0",
    DIGEST_SCHEDULE: "false",
    EMAIL_POLL_MS: "500",
  });
});
afterAll(() => email?.stop());

const newEm = () => email.runtime.orm.em.fork() as EntityManager;

test("a mail handed to the mail service gets its log row and is delivered by the queue's workers", async () => {
  const log = await email.runtime.services.mail.send(newEm(), {
    to: "sam@example.com",
    subject: "The porch light",
    body: "It is on.",
  });
  expect(log).toMatchObject({ recipient: "sam@example.com", status: EmailStatus.QUEUED });
  await within(15_000, async () => (await newEm().findOne(EmailLog, log.id))?.status === EmailStatus.SENT);
  expect(email.runtime.services.devMailbox()).toBe(true);
  expect(await newEm().count(DevMailboxMessage, {})).toBe(1);
});
