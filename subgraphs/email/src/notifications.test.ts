import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { createApp, type RunningEmail } from "./app";
import { configFromEnv } from "./config";
import { startPushService, type PushService, type TestBrowser } from "./__tests__/push-service";
import { startSmtpSink, waitFor, type SmtpSink } from "./__tests__/smtp-sink";

let sink: SmtpSink;
let push: PushService;
let email: SubgraphUnderTest;
const running = () => email.service as RunningEmail;
const as = (sub: number, role: "ADMIN" | "MEMBER" = "MEMBER") => ({
  authorization: email.tokens.bearer({ sub, role }),
});

beforeAll(async () => {
  sink = await startSmtpSink();
  push = await startPushService();
  email = await startSubgraphForTest(createApp, configFromEnv, {
    SMTP_URL: sink.url,
    PUBLIC_URL: "https://home.test",
    EMAIL_POLL_MS: "500",
    EMAIL_RETRY_BASE_SECONDS: "1",
    NOTIFICATION_RETRY_BASE_SECONDS: "1",
    NOTIFICATION_RETRY_MAX_SECONDS: "2",
    PUSH_TIMEOUT_MS: "2000",
    DIGEST_SCHEDULE: "false",
  });
  email.tokens.directory.push(
    { id: 1, email: "ada@home.test", displayName: "Ada", role: "ADMIN" },
    { id: 2, email: "bo@home.test", displayName: "Bo", role: "MEMBER" },
    { id: 3, email: "cy@home.test", displayName: "Cy", role: "MEMBER" },
    { id: 9, email: "guest@home.test", displayName: "Guest", role: "GUEST" },
  );
});
afterAll(async () => {
  await email?.stop();
  await push?.stop();
  await sink?.stop();
});

async function notify(
  body: Record<string, unknown>,
  token = email.tokens.bearer({ sub: "service:home", role: "SERVICE" }),
) {
  const res = await fetch(`${email.service.url}/notifications`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: token },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function gql(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const { body } = await email.query(query, variables, headers);
  if (body.errors) throw Object.assign(new Error(body.errors[0]!.message), { errors: body.errors });
  return body.data!;
}

async function subscribe(userId: number, browser: TestBrowser) {
  const data = await gql(
    `mutation ($i: AddPushSubscriptionInput!) { addPushSubscription(input: $i) { id userAgent createdAt lastSuccessAt } }`,
    {
      i: { endpoint: browser.endpoint, p256dh: browser.p256dh, auth: browser.auth, userAgent: `test ${browser.name}` },
    },
    as(userId),
  );
  return data.addPushSubscription as { id: string };
}

const INBOX = `query ($unread: Boolean) { notifications(unreadOnly: $unread) { total items { id kind severity title body url createdAt readAt } } unreadNotificationCount }`;
const settle = () => new Promise((r) => setTimeout(r, 1500));
const pushesTo = (name: string) => push.messages.filter((m) => m.browser === name);

describe("a notification to a person", () => {
  it("reaches the inbox, the live subscription, push (decrypted) and mail exactly once each, posted twice at once", async () => {
    const phone = push.browser("bo-phone");
    await subscribe(2, phone);
    const events: any[] = [];
    const client = createClient({
      url: `${email.service.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: as(2),
      retryAttempts: 0,
    });
    const others: any[] = [];
    const dispose = client.subscribe(
      { query: `subscription { notificationReceived { id kind severity title body url readAt } }` },
      { next: (v) => void events.push(v), error: (e) => void events.push({ error: e }), complete: () => undefined },
    );
    const otherClient = createClient({
      url: `${email.service.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: as(3),
      retryAttempts: 0,
    });
    const disposeOther = otherClient.subscribe(
      { query: `subscription { notificationReceived { id } }` },
      { next: (v) => void others.push(v), error: (e) => void others.push({ error: e }), complete: () => undefined },
    );
    try {
      await settle();
      const alarm = {
        audience: { userIds: [2] },
        kind: "ALARM",
        severity: "CRITICAL",
        title: "Alarm: intrusion",
        body: "The back door opened while armed away.",
        url: "/alarm",
        dedupeKey: "hsm-alert-1",
      };
      const [a, b] = await Promise.all([notify(alarm), notify(alarm)]);
      expect([a.status, b.status]).toEqual([202, 202]);
      expect([a.body.accepted, b.body.accepted]).toEqual([1, 1]);
      expect(a.body.created + b.body.created).toBe(1);

      await waitFor("the push", () => pushesTo("bo-phone").length === 1);
      await waitFor("the mail", () => sink.mails.filter((m) => m.to.includes("bo@home.test")).length === 1);
      await waitFor("the live event", () => events.length === 1);
      await settle();
      const inbox = await gql(INBOX, {}, as(2));
      expect(inbox.unreadNotificationCount).toBe(1);
      expect(inbox.notifications.total).toBe(1);
      const item = inbox.notifications.items[0];
      expect(item).toMatchObject({
        kind: "ALARM",
        severity: "CRITICAL",
        title: alarm.title,
        url: "/alarm",
        readAt: null,
      });

      const [message] = pushesTo("bo-phone");
      expect(message!.payload).toEqual({
        id: item.id,
        kind: "ALARM",
        severity: "CRITICAL",
        title: alarm.title,
        body: alarm.body,
        url: "/alarm",
      });
      expect(message).toMatchObject({ ttl: 86400, urgency: "high", encoding: "aes128gcm" });
      expect(message!.vapid.k).toBe((await gql(`{ webPushPublicKey }`, {}, as(2))).webPushPublicKey);
      const [mail] = sink.mails.filter((m) => m.to.includes("bo@home.test"));
      expect(mail!.parsed.subject).toBe(alarm.title);
      expect(mail!.parsed.text).toContain("https://home.test/alarm");
      expect(events).toEqual([{ data: { notificationReceived: { ...message!.payload, readAt: null } } }]);
      expect(others).toEqual([]);
      expect(push.messages).toHaveLength(1);
      expect(
        (await gql(`{ myPushSubscriptions { lastSuccessAt } }`, {}, as(2))).myPushSubscriptions[0].lastSuccessAt,
      ).not.toBeNull();
    } finally {
      dispose();
      disposeOther();
      await client.dispose();
      await otherClient.dispose();
    }
  });

  it("is one's own: another's id is NOT_FOUND; reading one, then all, empties the unread count", async () => {
    await notify({
      audience: { role: "ALL" },
      kind: "SYSTEM",
      severity: "INFO",
      title: "Update",
      body: "Homegraph was updated.",
      dedupeKey: "update-1",
    });
    const mine = await gql(INBOX, { unread: true }, as(2));
    expect(mine.unreadNotificationCount).toBe(2);
    const id = mine.notifications.items[0].id;
    const { body } = await email.query(
      `mutation ($id: ID!) { markNotificationRead(id: $id) { id readAt } }`,
      { id },
      as(3),
    );
    expect(body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const read = await gql(`mutation ($id: ID!) { markNotificationRead(id: $id) { id readAt } }`, { id }, as(2));
    expect(read.markNotificationRead.readAt).not.toBeNull();
    expect((await gql(INBOX, { unread: true }, as(2))).notifications.total).toBe(1);
    expect((await gql(`mutation { markAllNotificationsRead }`, {}, as(2))).markAllNotificationsRead).toBe(1);
    expect((await gql(INBOX, {}, as(2))).unreadNotificationCount).toBe(0);
    // The guest in the directory got nothing; the admin and the other member did.
    expect(
      await email.sql(`select user_id from email.notifications where dedupe_key = 'update-1' order by user_id`),
    ).toEqual([{ user_id: 1 }, { user_id: 2 }, { user_id: 3 }]);
  });

  it("follows the person's routing, and the sender's channels over it", async () => {
    const settings = await gql(
      `mutation { setNotificationRoute(kind: DEVICE_HEALTH, channels: [IN_APP]) { routes { kind channels } } }`,
      {},
      as(2),
    );
    expect(settings.setNotificationRoute.routes).toContainEqual({ kind: "DEVICE_HEALTH", channels: ["IN_APP"] });
    expect(settings.setNotificationRoute.routes).toContainEqual({ kind: "AUTOMATION", channels: ["IN_APP", "PUSH"] });
    const before = push.messages.length;
    await notify({
      audience: { userIds: [2] },
      kind: "DEVICE_HEALTH",
      severity: "WARNING",
      title: "Battery low",
      body: "Porch sensor: 8%",
      dedupeKey: "battery-1",
    });
    await notify({
      audience: { userIds: [2] },
      kind: "DEVICE_HEALTH",
      severity: "WARNING",
      title: "Offline",
      body: "Porch sensor",
      dedupeKey: "offline-1",
      channels: ["PUSH"],
    });
    await waitFor("the push the sender asked for", () => push.messages.length === before + 1);
    await settle();
    expect(push.messages.slice(before).map((m) => [m.payload.title, m.urgency, m.ttl])).toEqual([
      ["Offline", "normal", 43200],
    ]);
    const titles = (await gql(INBOX, {}, as(2))).notifications.items.map((i: any) => i.title);
    expect(titles).toContain("Battery low");
    // PUSH only: not in the inbox.
    expect(titles).not.toContain("Offline");
  });
});

describe("push delivery", () => {
  it("prunes a subscription the push service says is gone (410)", async () => {
    const old = push.browser("cy-old");
    await subscribe(3, old);
    push.answer(410, "cy-old");
    await notify({
      audience: { userIds: [3] },
      kind: "AUTOMATION",
      severity: "INFO",
      title: "Lights off",
      body: "x",
      dedupeKey: "gone-1",
    });
    await waitFor(
      "the subscription gone",
      async () => (await gql(`{ myPushSubscriptions { id } }`, {}, as(3))).myPushSubscriptions.length === 0,
    );
    expect(push.attempts.filter((a) => a.browser === "cy-old")).toEqual([{ browser: "cy-old", status: 410 }]);
    expect(
      await email.sql(
        `select d.status from email.notification_deliveries d join email.notifications n on n.id = d.notification_id where n.dedupe_key = 'gone-1'`,
      ),
    ).toEqual([{ status: "SENT" }]);
  });

  it("retries a 500 with backoff until the push service takes it, once", async () => {
    const laptop = push.browser("cy-laptop");
    await subscribe(3, laptop);
    push.answer(500, "cy-laptop");
    await notify({
      audience: { userIds: [3] },
      kind: "AUTOMATION",
      severity: "INFO",
      title: "Retried",
      body: "x",
      dedupeKey: "retry-1",
    });
    await waitFor(
      "two refused attempts",
      () => push.attempts.filter((a) => a.browser === "cy-laptop" && a.status === 500).length >= 2,
      15_000,
    );
    push.answer(undefined, "cy-laptop");
    await waitFor("the push", () => pushesTo("cy-laptop").length === 1, 15_000);
    await settle();
    expect(pushesTo("cy-laptop").map((m) => [m.payload.title, m.urgency, m.ttl])).toEqual([["Retried", "low", 3600]]);
  });

  it("keeps trying through an outage of the push service, and delivers each once when it is back", async () => {
    await push.down();
    for (let i = 0; i < 5; i++) {
      await notify({
        audience: { userIds: [3] },
        kind: "AUTOMATION",
        severity: "INFO",
        title: `Outage ${i}`,
        body: "x",
        dedupeKey: `outage-${i}`,
      });
    }
    await waitFor(
      "failed attempts",
      async () => {
        const [row] = await email.sql(
          `select min(attempts)::int as n from email.notification_deliveries d join email.notifications n on n.id = d.notification_id where n.dedupe_key like 'outage-%'`,
        );
        return row!.n >= 2;
      },
      15_000,
    );
    await push.up();
    await waitFor(
      "all five",
      () => pushesTo("cy-laptop").filter((m) => m.payload.title.startsWith("Outage")).length === 5,
      20_000,
    );
    await settle();
    expect(pushesTo("cy-laptop").filter((m) => m.payload.title.startsWith("Outage"))).toHaveLength(5);
  });
});

describe("quiet hours", () => {
  afterAll(() => void (running().notifications.clock = () => new Date()));

  it("hold an AUTOMATION notice in the inbox while an ALARM still pushes, and sum up at their end", async () => {
    const watch = push.browser("ada-watch");
    await subscribe(1, watch);
    await gql(
      `mutation ($q: QuietHoursInput!) { setQuietHours(input: $q) { quietHours { enabled start end timeZone } } }`,
      { q: { enabled: true, start: "22:00", end: "07:00", timeZone: "Europe/Paris" } },
      as(1, "ADMIN"),
    );
    running().notifications.clock = () => new Date("2026-12-06T23:30:00+01:00");
    await notify({
      audience: { userIds: [1] },
      kind: "AUTOMATION",
      severity: "INFO",
      title: "Night light on",
      body: "x",
      dedupeKey: "night-1",
    });
    await notify({
      audience: { userIds: [1] },
      kind: "ALARM",
      severity: "CRITICAL",
      title: "Smoke",
      body: "Kitchen",
      dedupeKey: "smoke-1",
    });
    await waitFor("the alarm's push", () => pushesTo("ada-watch").length === 1);
    await settle();
    expect(pushesTo("ada-watch").map((m) => m.payload.title)).toEqual(["Smoke"]);
    const inbox = (await gql(INBOX, {}, as(1, "ADMIN"))).notifications.items.map((i: any) => i.title);
    expect(inbox).toEqual(expect.arrayContaining(["Night light on", "Smoke"]));
    // Still quiet: nothing to sum up yet.
    expect(await running().notifications.releaseHeld(new Date("2026-12-07T06:59:00+01:00"))).toBe(0);
    expect(await running().notifications.releaseHeld(new Date("2026-12-07T07:01:00+01:00"))).toBe(1);
    expect(await running().notifications.releaseHeld(new Date("2026-12-07T07:02:00+01:00"))).toBe(0);
    await waitFor("the summary's push", () => pushesTo("ada-watch").length === 2);
    await settle();
    expect(pushesTo("ada-watch").map((m) => [m.payload.kind, m.payload.title, m.payload.url])).toEqual([
      ["ALARM", "Smoke", null],
      ["DIGEST", "While you were away: 1 notification", "/notifications"],
    ]);
    expect(pushesTo("ada-watch")[1]!.payload.body).toContain("Night light on");
  });

  it("are checked: HH:MM and an IANA zone", async () => {
    const set = (q: Record<string, unknown>) =>
      email.query(
        `mutation ($q: QuietHoursInput!) { setQuietHours(input: $q) { quietHours { start } } }`,
        { q },
        as(2),
      );
    const zone = await set({ enabled: true, start: "22:00", end: "07:00", timeZone: "Mars/Olympus" });
    expect(zone.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.timeZone" });
    const time = await set({ enabled: true, start: "24:00", end: "07:00", timeZone: "UTC" });
    expect(time.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.start" });
  });
});

describe("the contract's edges", () => {
  it("refuses bad requests with the field, a person's token, and push endpoints that are not https", async () => {
    const bad = await notify({
      audience: { userIds: [2] },
      kind: "PARTY",
      severity: "INFO",
      title: "t",
      body: "b",
      dedupeKey: "k",
    });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "BAD_USER_INPUT", field: "kind" } } });
    const link = await notify({
      audience: { userIds: [2] },
      kind: "SYSTEM",
      severity: "INFO",
      title: "t",
      body: "b",
      url: "https://evil.test",
      dedupeKey: "k",
    });
    expect(link.body.error).toMatchObject({ code: "BAD_USER_INPUT", field: "url" });
    const person = await notify(
      { audience: { userIds: [2] }, kind: "SYSTEM", severity: "INFO", title: "t", body: "b", dedupeKey: "k" },
      as(1, "ADMIN").authorization,
    );
    expect(person.status).toBe(403);
    for (const endpoint of ["http://push.example.com/x", "https://user:pw@push.example.com/x", "ftp://127.0.0.1/x"]) {
      const { body } = await email.query(
        `mutation ($i: AddPushSubscriptionInput!) { addPushSubscription(input: $i) { id } }`,
        { i: { endpoint, p256dh: push.browser("x").p256dh, auth: push.browser("y").auth } },
        as(2),
      );
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.endpoint" });
    }
    const other = await gql(`{ myPushSubscriptions { id } }`, {}, as(3));
    const { body } = await email.query(
      `mutation ($id: ID!) { removePushSubscription(id: $id) }`,
      { id: other.myPushSubscriptions[0].id },
      as(2),
    );
    expect(body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("keeps notifications for the household's retention, set by an admin", async () => {
    const member = await email.query(`mutation { setNotificationRetentionDays(days: 7) }`, {}, as(2));
    expect(member.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql(`{ notificationRetentionDays }`, {}, as(1, "ADMIN"))).notificationRetentionDays).toBe(90);
    expect(
      (await gql(`mutation { setNotificationRetentionDays(days: 7) }`, {}, as(1, "ADMIN")))
        .setNotificationRetentionDays,
    ).toBe(7);
    await email.sql(
      `update email.notifications set created_at = now() - interval '8 days' where dedupe_key = 'update-1'`,
    );
    expect(await running().notifications.deleteExpired(new Date())).toBe(3);
    expect(await email.sql(`select count(*)::int as n from email.notifications where dedupe_key = 'update-1'`)).toEqual(
      [{ n: 0 }],
    );
  });
});
