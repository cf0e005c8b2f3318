import type { Env } from "@homegraph/common";
import { startNotificationRecorder, type NotificationRecorder } from "../../../test/support/notification-recorder";
import { within } from "../../../test/support/tokens";
import { login, type AuthUnderTest } from "./__tests__/helpers";
import { PASSWORD, useAnnAndBo } from "./__tests__/household";

// Auth's part of the household's activity feed: a sign-in from a new browser, a password changed, an
// invitation sent and accepted, each written to the outbox beside its audit row and handed to a
// real HTTP peer standing in for the email service's POST /activity.

let auth: AuthUnderTest;
let recorder: NotificationRecorder;
const extra: Env = {};
beforeAll(async () => {
  recorder = await startNotificationRecorder();
  extra.EMAIL_URL = recorder.url;
  extra.OUTBOX_POLL_MS = "200";
});
afterAll(() => recorder.close());
useAnnAndBo((household) => ({ auth } = household), extra);

const entry = async (kind: string, match: (e: Record<string, any>) => boolean = () => true) => {
  // Long enough for the outbox's backoff and the email client's breaker after an outage.
  await within(30_000, () => recorder.activity.some((e) => e.kind === kind && match(e)));
  return recorder.activity.filter((e) => e.kind === kind && match(e));
};

it("a new browser's sign-in and a password change are entries about the person, not waiting for email", async () => {
  recorder.down = true;
  const bo = await login(auth, "bo@example.com", PASSWORD, { "x-homegraph-browser": "browser-a-0123456789" });
  await login(auth, "bo@example.com", PASSWORD, { "x-homegraph-browser": "browser-b-0123456789" });
  const change = `mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
  const ok = await auth.gql(change, { c: PASSWORD, n: "bo's new passphrase!" }, bo.accessToken);
  expect(ok.body.data!.changePassword).toBe(true);
  const pending = await auth.sql(`select variables from auth.outbox_emails where template = 'activity' order by id`);
  expect(pending.map((r) => r.variables.kind)).toEqual(["SIGN_IN_NEW_BROWSER", "PASSWORD_CHANGED"]);
  recorder.down = false;

  const [signIn] = await entry("SIGN_IN_NEW_BROWSER");
  expect(signIn).toMatchObject({ actorUserId: Number(bo.userId), summary: "bo: signed in from a new browser" });
  const [changed] = await entry("PASSWORD_CHANGED");
  expect(changed).toMatchObject({ actorUserId: Number(bo.userId), summary: "bo: changed their password" });
  expect(changed!.dedupeKey).toMatch(/^auth:PASSWORD_CHANGED:/);
}, 60_000);

it("an invitation sent is an INVITATION entry about the person invited", async () => {
  const ann = await login(auth, "ann@example.com", PASSWORD);
  const invited = await auth.gql(
    `mutation ($e: String!) { inviteUser(email: $e, role: MEMBER, displayName: "Cy") { id } }`,
    { e: "cy@example.com" },
    ann.accessToken,
  );
  expect(invited.body.errors).toBeUndefined();
  const cy = Number(invited.body.data!.inviteUser.id);
  const [sent] = await entry("INVITATION", (e) => e.subjectUserId === cy);
  expect(sent).toMatchObject({
    actorUserId: Number(ann.userId),
    summary: expect.stringMatching(/invited Cy \(member\)$/),
  });
});

it("a security alert is also an in-app notification for the person, with no sign-out link in it", async () => {
  const before = recorder.notifications.length;
  // Bo's password changed above: Ann signs in from a browser she has not used.
  const ann = await login(auth, "ann@example.com", PASSWORD, { "x-homegraph-browser": "browser-c-0123456789" });
  await within(30_000, () => recorder.notifications.length > before);
  const [notice] = recorder.notifications.slice(before);
  expect(notice).toMatchObject({
    audience: { userIds: [Number(ann.userId)] },
    kind: "SECURITY",
    severity: "WARNING",
    title: "Someone signed in to your account from a browser not seen before",
    url: "/security",
    channels: ["IN_APP"],
  });
  expect(notice!.dedupeKey).toMatch(/^auth:NEW_BROWSER_SIGN_IN:/);
  expect(JSON.stringify(notice)).not.toMatch(/token=/);
});

it("a row the email service refuses for good ends FAILED instead of being retried forever", async () => {
  await auth.sql(
    `insert into auth.outbox_emails (idempotency_key, template, to_address, variables, status, attempts, created_at, next_attempt_at)
     values ('refused-for-good', 'no-such-template', 'x@example.com', '{}', 'PENDING', 0, now(), now())`,
  );
  recorder.refuse = "/send";
  try {
    await within(30_000, async () => {
      const [row] = await auth.sql(`select status from auth.outbox_emails where idempotency_key = 'refused-for-good'`);
      return row?.status === "FAILED";
    });
  } finally {
    recorder.refuse = undefined;
  }
});
