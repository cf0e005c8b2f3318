/**
 * The household's alarm path end to end, on the real stack: the hub simulator armed away, a door
 * opened on it, home's alert watcher, its outbox, the email service's notification pipeline, a
 * push service speaking RFC 8030 (each message decrypted with the browser's keys) and a real SMTP
 * server. Every admin hears of it in the inbox, on their phone and by mail, exactly once each.
 */
import { startPushService, type PushService, type TestBrowser } from "../subgraphs/email/src/__tests__/push-service";
import { startSmtpSink, waitFor, type SmtpSink } from "../subgraphs/email/src/__tests__/smtp-sink";
import { startStack, type Stack } from "./support/stack";

let stack: Stack;
let push: PushService;
let smtp: SmtpSink;
const admins: { email: string; authorization: string; phone: TestBrowser }[] = [];

beforeAll(async () => {
  [push, smtp] = await Promise.all([startPushService(), startSmtpSink()]);
  stack = await startStack({
    hub: true,
    emailEnv: { SMTP_URL: smtp.url, EMAIL_POLL_MS: "500", DIGEST_SCHEDULE: "false" },
    homeEnv: { HOME_OUTBOX_MAX_BACKOFF_SECONDS: "1" },
  });
  for (const name of ["ann", "cat"]) {
    const email = `${name}@example.com`;
    await stack.addUser({ email, password: "password", role: "ADMIN" });
    const { authorization } = await stack.signIn(email, "password");
    const phone = push.browser(`${name}-phone`);
    const { body } = await stack.query(
      `mutation ($i: AddPushSubscriptionInput!) { addPushSubscription(input: $i) { id } }`,
      { i: { endpoint: phone.endpoint, p256dh: phone.p256dh, auth: phone.auth, userAgent: `${name}'s phone` } },
      { authorization },
    );
    expect(body.errors).toBeUndefined();
    admins.push({ email, authorization, phone });
  }
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  await Promise.all([push?.stop(), smtp?.stop()]);
});

async function hsmBecomes(status: string) {
  await waitFor(`HSM ${status}`, async () => {
    const [row] = await stack.sql(`select hsm_status from home.hub_state`);
    return row?.hsm_status === status;
  });
}

it("a door opened while armed away reaches every admin's inbox, push and email at once (printed), exactly once each", async () => {
  const { body } = await stack.query(
    `mutation { setHsm(value: armAway) { hsmStatus } }`,
    {},
    {
      authorization: admins[0]!.authorization,
    },
  );
  expect(body.errors).toBeUndefined();
  await hsmBecomes("armedAway");

  const opened = Date.now();
  stack.hub!.physical("31", "contact", "open");
  const arrived: Record<string, number> = {};
  const mark = (what: string, done: boolean) => {
    if (done && !(what in arrived)) arrived[what] = Date.now() - opened;
    return done;
  };
  const security = (title: unknown) => title === "Front Door opened";
  await waitFor("every admin's inbox, push and mail", async () => {
    let all = true;
    for (const admin of admins) {
      const { body: inbox } = await stack.query(
        `{ notifications { items { kind title } } }`,
        {},
        {
          authorization: admin.authorization,
        },
      );
      const inInbox = (inbox.data?.notifications.items ?? []).some((n: { title: string }) => security(n.title));
      const pushed = push.messages.some((m) => m.browser === admin.phone.name && security(m.payload.title));
      const mailed = smtp.mails.some(
        (m) => m.to.includes(admin.email) && /Front Door opened/.test(m.parsed.subject ?? ""),
      );
      all = mark(`${admin.email} inbox`, inInbox) && all;
      all = mark(`${admin.email} push`, pushed) && all;
      all = mark(`${admin.email} email`, mailed) && all;
    }
    return all;
  });
  console.log(`a door opened while armed away, heard after (ms): ${JSON.stringify(arrived)}`);
  const since = new Date(opened).toISOString();
  // Where the time went, stage by stage, from the stack's own timestamps.
  console.log(
    JSON.stringify(
      await stack.sql(
        `select 'event' w, extract(epoch from (created_at - $1::timestamptz))*1000 ms from home.device_events where created_at > $1::timestamptz
         union all select 'outbox created', extract(epoch from (created_at - $1::timestamptz))*1000 from home.outbox where created_at > $1::timestamptz
         union all select 'outbox sent', extract(epoch from (sent_at - $1::timestamptz))*1000 from home.outbox where created_at > $1::timestamptz
         union all select 'notification', extract(epoch from (created_at - $1::timestamptz))*1000 from email.notifications where created_at > $1::timestamptz
         union all select 'delivery ' || channel, extract(epoch from (updated_at - $1::timestamptz))*1000 from email.notification_deliveries where created_at > $1::timestamptz
         union all select 'mail sent', extract(epoch from (sent_at - $1::timestamptz))*1000 from email.email_logs where created_at > $1::timestamptz`,
        [since],
      ),
    ),
  );
  // The 2 s goal is read from the printed figures (a shared machine makes a timed assertion flaky);
  // the bound here only says it came promptly, not after retries.
  expect(Math.max(...Object.values(arrived))).toBeLessThan(10_000);

  // Settle a little longer than a retry would take, then count: once each, nowhere twice.
  await new Promise((r) => setTimeout(r, 2_500));
  for (const admin of admins) {
    const { body: inbox } = await stack.query(
      `{ notifications { items { kind severity title url } } }`,
      {},
      {
        authorization: admin.authorization,
      },
    );
    const notices = inbox.data!.notifications.items.filter((n: { title: string }) => security(n.title));
    expect(notices).toEqual([
      {
        kind: "SECURITY",
        severity: "CRITICAL",
        title: "Front Door opened",
        url: expect.stringMatching(/^\/devices\/\d+$/),
      },
    ]);
    const pushes = push.messages.filter((m) => m.browser === admin.phone.name && security(m.payload.title));
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ urgency: "high", payload: { kind: "SECURITY", url: notices[0].url } });
    expect(
      smtp.mails.filter((m) => m.to.includes(admin.email) && /Front Door opened/.test(m.parsed.subject ?? "")),
    ).toHaveLength(1);
  }
}, 60_000);
