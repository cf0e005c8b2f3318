/**
 * Mail between the services, through the real stack: auth's outbox handed to the email service
 * with a service token, the email service's dev mailbox (a real SMTP catcher), the gateway's
 * `/api/emails/send` and unsubscribe links, all on real PostgreSQL.
 */
import { startStack, type SignedIn, type Stack } from "./support/stack";
import { within } from "./support/tokens";

const ADMIN = { email: "admin@example.com", password: "an admin passphrase" };
const MEMBER = { email: "member@example.com", password: "a member passphrase" };

let stack: Stack;
let admin: SignedIn;
let member: SignedIn;
let memberId: number;

beforeAll(async () => {
  stack = await startStack();
  await stack.addUser({ ...ADMIN, role: "ADMIN", displayName: "Ada" });
  memberId = await stack.addUser({ ...MEMBER, role: "MEMBER", displayName: "Max" });
  admin = await stack.signIn(ADMIN.email, ADMIN.password);
  member = await stack.signIn(MEMBER.email, MEMBER.password);
});
afterAll(() => stack?.stop());

interface Caught {
  id: number;
  subject: string;
  text: string | null;
  html: string | null;
  headers: Record<string, string>;
}

/** What the dev mailbox caught for `to` (its SMTP server stores every message in email.dev_mailbox). */
async function mailTo(to: string, subject?: RegExp): Promise<Caught[]> {
  const rows = (await stack.sql(
    `select id, subject, text, html, headers from email.dev_mailbox where to_header ilike $1 order by id`,
    [`%${to}%`],
  )) as Caught[];
  return subject ? rows.filter((r) => subject.test(r.subject)) : rows;
}

async function waitForMail(to: string, subject: RegExp, timeoutMs = 20_000): Promise<Caught> {
  let found: Caught | undefined;
  await within(timeoutMs, async () => {
    found = (await mailTo(to, subject))[0];
    return found !== undefined;
  });
  return found!;
}

const gatewayPost = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.gateway.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

const RESET_REQUEST = `mutation ($e: String!) { requestPasswordReset(email: $e) }`;
const RESET = `mutation ($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }`;
const INVITE = `mutation ($e: String!, $r: Role!) { inviteUser(email: $e, role: $r) { id } }`;

describe("auth's mail reaches people through the email service", () => {
  it("a password reset requested through the gateway lands in the dev mailbox; its link works once", async () => {
    const res = await stack.query(RESET_REQUEST, { e: MEMBER.email });
    expect(res.body.data).toEqual({ requestPasswordReset: true });
    const mail = await waitForMail(MEMBER.email, /Reset your/);
    const link = /(http\S+\/reset-password\?token=[A-Za-z0-9_-]+)/.exec(mail.text ?? "")?.[1];
    expect(link).toBeDefined();
    // Handlebars escapes `=` in attributes as `&#x3D;`; a browser reads the same link.
    expect(mail.html!.replace(/&#x3D;/g, "=")).toContain(`href="${link}"`);
    // Security mail carries no unsubscribe link.
    expect(mail.headers["list-unsubscribe"]).toBeUndefined();
    const token = new URL(link!).searchParams.get("token")!;

    const first = await stack.query(RESET, { t: token, p: "member's new passphrase" });
    expect(first.body.data).toEqual({ resetPassword: true });
    const second = await stack.query(RESET, { t: token, p: "member's other passphrase" });
    expect(second.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    MEMBER.password = "member's new passphrase";
    member = await stack.signIn(MEMBER.email, MEMBER.password);

    // Handed off: the sealed link is gone from auth's outbox.
    const [row] = await stack.sql(
      `select status, secret_variables_enc from auth.outbox_emails where template = 'password-reset' and to_address = $1`,
      [MEMBER.email],
    );
    expect(row).toEqual({ status: "HANDED_OFF", secret_variables_enc: null });
  });

  it("the email service down while an invite is made: the welcome mail arrives after it starts, once", async () => {
    await stack.stopEmail();
    try {
      const res = await stack.query(
        INVITE,
        { e: "newcomer@example.com", r: "MEMBER" },
        { authorization: admin.authorization },
      );
      expect(res.body.errors).toBeUndefined();
      // The outbox has tried and is waiting.
      await within(10_000, async () => {
        const [row] = await stack.sql(`select * from auth.outbox_emails where to_address = 'newcomer@example.com'`);
        return row?.status === "PENDING" && row.attempts >= 1 && row.last_error !== null;
      });
    } finally {
      await stack.startEmail();
    }
    const mail = await waitForMail("newcomer@example.com", /Welcome/, 30_000);
    expect(mail.text).toMatch(/accept-invite\?token=/);
    // Auth records the hand-off once the email service has answered, which can be after the mail
    // is already out.
    await within(10_000, async () => {
      const [row] = await stack.sql(`select * from auth.outbox_emails where to_address = 'newcomer@example.com'`);
      return row?.status === "HANDED_OFF";
    });
    // Give a duplicate every chance to show up.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await mailTo("newcomer@example.com")).toHaveLength(1);
  }, 60_000);
});

describe("POST /api/emails/send at the gateway (the seed's curl)", () => {
  it("delivers one message with both parts and the one-click unsubscribe headers", async () => {
    const res = await gatewayPost(
      "/api/emails/send",
      { to: "user@example.com", subject: "Test", body: "Hello!" },
      { authorization: admin.authorization },
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ id: expect.any(Number), status: "QUEUED" });
    const mail = await waitForMail("user@example.com", /^Test$/);
    expect(mail.text).toContain("Hello!");
    expect(mail.html).toContain("Hello!");
    expect(mail.headers["list-unsubscribe"]).toMatch(/^<http.*\/unsubscribe\/[^>]+>$/);
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    await new Promise((r) => setTimeout(r, 500));
    expect(await mailTo("user@example.com")).toHaveLength(1);
  });

  it("refuses a member with 403 FORBIDDEN, and no token with 401", async () => {
    const res = await gatewayPost(
      "/api/emails/send",
      { to: "user@example.com", subject: "Member", body: "Hi" },
      { authorization: member.authorization },
    );
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    const anonymous = await gatewayPost("/api/emails/send", { to: "user@example.com", subject: "x", body: "y" });
    expect(anonymous.status).toBe(401);
  });

  it("one-click unsubscribe through the gateway turns notifications off; security mail still arrives", async () => {
    const send = (subject: string) =>
      gatewayPost(
        "/api/emails/send",
        { to: MEMBER.email, userId: memberId, subject, body: "Something happened at home." },
        { authorization: admin.authorization },
      );
    expect((await send("Notice one")).status).toBe(202);
    const mail = await waitForMail(MEMBER.email, /^Notice one$/);
    const url = new URL(/^<(.+)>$/.exec(mail.headers["list-unsubscribe"]!)![1]!);
    // The link names PUBLIC_URL, the gateway: the same path there reaches the email service.
    const page = await fetch(`${stack.gateway.url}${url.pathname}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<form");
    const oneClick = await fetch(`${stack.gateway.url}${url.pathname}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    const [prefs] = await stack.sql(`select notifications_enabled from email.email_preferences where user_id = $1`, [
      memberId,
    ]);
    expect(prefs).toEqual({ notifications_enabled: false });

    const after = (await (await send("Notice two")).json()) as { status: string };
    expect(after.status).toBe("SUPPRESSED");
    await stack.query(RESET_REQUEST, { e: MEMBER.email });
    await within(20_000, async () => (await mailTo(MEMBER.email, /Reset your/)).length === 2);
    expect(await mailTo(MEMBER.email, /Notice two/)).toHaveLength(0);
  }, 40_000);
});

describe("the activity digest and bulk mail by role, read from auth and home as the email service", () => {
  // A day long past, so nothing the running home service records itself falls into it.
  const QUIET_DAY = new Date("2020-05-01T12:00:00Z");
  const BUSY_DAY = new Date("2020-06-01T12:00:00Z");
  let weeklyId: number;

  beforeAll(async () => {
    weeklyId = await stack.addUser({
      email: "weekly@example.com",
      password: "a weekly passphrase",
      displayName: "Wen",
    });
    await stack.sql(
      `insert into email.email_preferences (user_id, digest) values ($1, 'DAILY'), ($2, 'WEEKLY')
         on conflict (user_id) do update set digest = excluded.digest`,
      [memberId, weeklyId],
    );
    const [door] = await stack.sql(
      `insert into home.devices (hub_device_id, label, room) values ('digest-1', 'Front Door', 'Hall') returning id`,
    );
    const [lamp] = await stack.sql(
      `insert into home.devices (hub_device_id, label, room) values ('digest-2', 'Desk Lamp', 'Office') returning id`,
    );
    const at = (hoursBefore: number) => new Date(BUSY_DAY.getTime() - hoursBefore * 3_600_000);
    for (const [device, hub, name, when] of [
      [door!.id, "digest-1", "contact", at(1)],
      [door!.id, "digest-1", "contact", at(2)],
      [door!.id, "digest-1", "lock", at(3)],
      [lamp!.id, "digest-2", "switch", at(5)],
      // Outside the day: only the weekly digest counts it.
      [lamp!.id, "digest-2", "switch", at(48)],
    ] as const) {
      await stack.sql(
        `insert into home.device_events (device_id, hub_device_id, name, value, source, created_at)
         values ($1, $2, $3, 'x', 'POST', $4)`,
        [device, hub, name, when],
      );
    }
  });

  it("sends nothing when the home was quiet", async () => {
    expect(await stack.email.runDigest("DAILY" as never, QUIET_DAY)).toEqual({
      period: "DAILY",
      sent: 0,
      skipped: "no activity",
    });
    expect(await mailTo(MEMBER.email, /your home/)).toHaveLength(0);
  });

  it("sends one mail per opted-in person, none to anyone else, and only once per period", async () => {
    expect(await stack.email.runDigest("DAILY" as never, BUSY_DAY)).toEqual({ period: "DAILY", sent: 1 });
    const mail = await waitForMail(MEMBER.email, /your home in the last day/);
    expect(mail.text).toContain("Front Door: contact ×2");
    expect(mail.text).toContain("Desk Lamp: switch ×1");
    expect(mail.headers["list-unsubscribe"]).toBeDefined();

    // Run again (a retried cron job): the idempotency key holds.
    expect(await stack.email.runDigest("DAILY" as never, BUSY_DAY)).toEqual({ period: "DAILY", sent: 1 });
    expect(await stack.email.runDigest("WEEKLY" as never, BUSY_DAY)).toEqual({ period: "WEEKLY", sent: 1 });
    const weekly = await waitForMail("weekly@example.com", /your home in the last week/);
    expect(weekly.text).toContain("Desk Lamp: switch ×2");
    await new Promise((r) => setTimeout(r, 1000));
    expect(await mailTo(MEMBER.email, /your home/)).toHaveLength(1);
    expect(await mailTo("weekly@example.com", /your home/)).toHaveLength(1);
    expect(await mailTo(ADMIN.email, /your home/)).toHaveLength(0);
    const logs = await stack.sql(`select idempotency_key from email.email_logs where template_key = 'activity-digest'`);
    expect(logs.map((l) => l.idempotency_key).sort()).toEqual([
      `digest:${memberId}:DAILY:2020-06-01`,
      `digest:${weeklyId}:WEEKLY:2020-06-01`,
    ]);
  });

  it("tells each person only of the devices they may see: NONE on a room leaves its devices out of their digest", async () => {
    const NEXT_DAY = new Date("2020-07-01T12:00:00Z");
    const [[door], [lamp]] = await Promise.all(
      ["digest-1", "digest-2"].map((hub) => stack.sql(`select id from home.devices where hub_device_id = $1`, [hub])),
    );
    for (const [device, hub, name] of [
      [door!.id, "digest-1", "contact"],
      [lamp!.id, "digest-2", "switch"],
      [lamp!.id, "digest-2", "switch"],
    ] as const) {
      await stack.sql(
        `insert into home.device_events (device_id, hub_device_id, name, value, source, created_at)
         values ($1, $2, $3, 'x', 'POST', $4)`,
        [device, hub, name, new Date(NEXT_DAY.getTime() - 3_600_000)],
      );
    }
    const ROOM = `mutation ($u: ID!, $r: String!, $l: AccessLevel) { setRoomAccess(userId: $u, room: $r, level: $l) { id } }`;
    const none = await stack.query(
      ROOM,
      { u: String(memberId), r: "Office", l: "NONE" },
      { authorization: admin.authorization },
    );
    expect(none.body.errors).toBeUndefined();
    try {
      expect(await stack.email.runDigest("DAILY" as never, NEXT_DAY)).toEqual({ period: "DAILY", sent: 1 });
      // The member's second daily digest (the first was the busy day's, above).
      await within(20_000, async () => (await mailTo(MEMBER.email, /your home in the last day/)).length === 2);
      const mail = (await mailTo(MEMBER.email, /your home in the last day/))[1]!;
      expect(mail.text).toContain("Front Door: contact ×1");
      expect(mail.text).not.toContain("Desk Lamp");
    } finally {
      await stack.query(ROOM, { u: String(memberId), r: "Office", l: null }, { authorization: admin.authorization });
    }
  });

  it("the internal endpoints answer service tokens only", async () => {
    for (const url of [
      `${stack.auth.url}/internal/users`,
      `${stack.home.url}/internal/activity?since=2020-01-01T00:00:00Z`,
    ]) {
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: admin.authorization } })).status).toBe(403);
    }
  });

  it("bulk mail to a role reaches exactly the people of that role", async () => {
    const secondAdminId = await stack.addUser({
      email: "admin2@example.com",
      password: "another admin phrase",
      role: "ADMIN",
    });
    expect(secondAdminId).toBeGreaterThan(0);
    const res = await stack.query(
      `mutation ($input: SendBulkEmailInput!) { sendBulkEmail(input: $input) { id total } }`,
      { input: { role: "ADMIN", subject: "Admins only", body: "House meeting." } },
      { authorization: admin.authorization },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.sendBulkEmail.total).toBe(2);
    await within(20_000, async () => {
      const rows = await stack.sql(`select count(*)::int as n from email.dev_mailbox where subject = 'Admins only'`);
      return rows[0]!.n === 2;
    });
    await new Promise((r) => setTimeout(r, 500));
    const rows = await stack.sql(
      `select to_header from email.dev_mailbox where subject = 'Admins only' order by to_header`,
    );
    expect(rows.map((r) => r.to_header)).toEqual(["admin2@example.com", ADMIN.email]);
  });
});
