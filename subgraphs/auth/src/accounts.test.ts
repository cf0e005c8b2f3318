import jwt from "jsonwebtoken";
import { OutboxEmail } from "./entities/outbox-email.entity";
import { Role } from "./entities/user.entity";
import { codeOf, createUser, login, startAuth, type AuthUnderTest } from "./__tests__/helpers";

const PASSWORD = "correct horse battery";
let auth: AuthUnderTest;
let admin: string;
let member: string;
let annId: number;
let boId: number;

beforeAll(async () => {
  auth = await startAuth();
  annId = await createUser(auth, { email: "ann@example.com", password: PASSWORD, role: "ADMIN", displayName: "Ann" });
  boId = await createUser(auth, { email: "bo@example.com", password: PASSWORD, role: "MEMBER", displayName: "Bo" });
  admin = (await login(auth, "ann@example.com", PASSWORD)).accessToken;
  member = (await login(auth, "bo@example.com", PASSWORD)).accessToken;
});
afterAll(() => auth?.stop());
beforeEach(() => auth.sql(`delete from auth.rate_limit_buckets`));

const SIGN_UP = `mutation ($e: String!, $p: String!, $n: String!) { signUp(email: $e, password: $p, displayName: $n) { accessToken user { role } } }`;
const SET = `mutation ($k: String!, $v: String!) { setSystemSetting(key: $k, value: $v) { key value } }`;
const RESET_REQUEST = `mutation ($e: String!) { requestPasswordReset(email: $e) }`;
const RESET = `mutation ($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }`;
const INVITE = `mutation ($e: String!, $r: Role!) { inviteUser(email: $e, role: $r) { id email role } }`;
const ACCEPT = `mutation ($t: String!, $p: String!) { acceptInvite(token: $t, password: $p) { accessToken user { id email } } }`;

/** The link of the newest outbox email of `template` to `to`, opened as the hand-off will. */
async function linkFor(template: string, to: string): Promise<string> {
  const em = auth.service.orm.em.fork();
  const row = await em.findOneOrFail(OutboxEmail, { template, to }, { orderBy: { id: "desc" } });
  const variables = auth.service.runtime.outbox.variablesOf(row);
  return (variables.setPasswordUrl ?? variables.resetUrl) as string;
}
const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

describe("system settings and self sign-up", () => {
  it("keeps self sign-up off by default", async () => {
    const res = await auth.gql(SIGN_UP, { e: "new@example.com", p: "a fine passphrase", n: "New" });
    expect(codeOf(res)).toBe("FORBIDDEN");
  });

  it("refuses unknown keys and ill-typed values, and only admins may set them", async () => {
    const unknown = await auth.gql(SET, { k: "signUp.wide-open", v: "true" }, admin);
    expect(codeOf(unknown)).toBe("BAD_USER_INPUT");
    expect(unknown.body.errors![0]!.extensions!.field).toBe("key");
    const wrongType = await auth.gql(SET, { k: "rateLimit.login.windowSeconds", v: "soon" }, admin);
    expect(codeOf(wrongType)).toBe("BAD_USER_INPUT");
    expect(wrongType.body.errors![0]!.extensions!.field).toBe("value");
    expect(codeOf(await auth.gql(SET, { k: "signUp.enabled", v: "true" }, member))).toBe("FORBIDDEN");
    expect(codeOf(await auth.gql(SET, { k: "signUp.enabled", v: "true" }))).toBe("UNAUTHENTICATED");
    const list = await auth.gql(`{ systemSettings { key value defaultValue type min max } }`, {}, admin);
    expect(list.body.data!.systemSettings).toContainEqual({
      key: "signUp.enabled",
      value: "false",
      defaultValue: "false",
      type: "boolean",
      min: null,
      max: null,
    });
    // An integer's bounds are the ones set() enforces, so a form can check them before sending.
    const window = list.body.data!.systemSettings.find(
      (s: { key: string }) => s.key === "rateLimit.login.windowSeconds",
    );
    expect(window).toMatchObject({ type: "integer", min: 10, max: 86400 });
    const below = await auth.gql(SET, { k: "rateLimit.login.windowSeconds", v: String(window.min - 1) }, admin);
    expect(below.body.errors![0]!.extensions!.field).toBe("value");
  });

  it("applies the password rules to sign-up once an admin turns it on", async () => {
    const on = await auth.gql(SET, { k: "signUp.enabled", v: "true" }, admin);
    expect(on.body.data!.setSystemSetting).toEqual({ key: "signUp.enabled", value: "true" });
    const [audit] = await auth.sql(`select * from auth.audit_log where event_type = 'SETTING_CHANGED'`);
    expect(audit).toMatchObject({ actor_id: annId, details: { key: "signUp.enabled", from: false, to: true } });

    const attempt = async (p: string, e = "new@example.com") => auth.gql(SIGN_UP, { e, p, n: "New" });
    const short = await attempt("short");
    expect(codeOf(short)).toBe("BAD_USER_INPUT");
    expect(short.body.errors![0]!.extensions!.field).toBe("password");
    // 37 characters, 74 bytes in UTF-8: bcrypt would silently drop the end.
    const long = await attempt("é".repeat(37));
    expect(codeOf(long)).toBe("BAD_USER_INPUT");
    expect(long.body.errors![0]!.message).toMatch(/72 bytes/);
    expect(codeOf(await attempt("x".repeat(129)))).toBe("BAD_USER_INPUT");
    const common = await attempt("iloveyou");
    expect(common.body.errors![0]!.message).toMatch(/most common/);
    expect(codeOf(await attempt("Password1"))).toBe("BAD_USER_INPUT");
    const badEmail = await attempt("a fine passphrase", "not-an-email");
    expect(badEmail.body.errors![0]!.extensions!.field).toBe("email");
    expect(codeOf(await attempt("a fine passphrase", `${"a".repeat(250)}@example.com`))).toBe("BAD_USER_INPUT");

    const ok = await attempt("a fine passphrase");
    expect(ok.body.data!.signUp.user.role).toBe("MEMBER");
    expect(codeOf(await attempt("a fine passphrase", "NEW@example.com"))).toBe("CONFLICT");
    await auth.gql(SET, { k: "signUp.enabled", v: "false" }, admin);
  });
});

describe("roles", () => {
  it("gives a MEMBER calling an admin mutation FORBIDDEN, and no token UNAUTHENTICATED", async () => {
    expect(codeOf(await auth.gql(INVITE, { e: "x@example.com", r: "MEMBER" }, member))).toBe("FORBIDDEN");
    expect(codeOf(await auth.gql(INVITE, { e: "x@example.com", r: "MEMBER" }))).toBe("UNAUTHENTICATED");
    expect(codeOf(await auth.gql(`{ users { total } }`, {}, member))).toBe("FORBIDDEN");
    expect(codeOf(await auth.gql(`{ auditLog { total } }`, {}, member))).toBe("FORBIDDEN");
  });

  it("refuses a role through updateProfile (no mass assignment)", async () => {
    const res = await auth.gql(
      `mutation { updateProfile(input: { displayName: "Bo B", role: ADMIN }) { role } }`,
      {},
      member,
    );
    expect(codeOf(res)).toBe("BAD_USER_INPUT");
    const ok = await auth.gql(
      `mutation { updateProfile(input: { displayName: "  Bo B " }) { displayName role } }`,
      {},
      member,
    );
    expect(ok.body.data!.updateProfile).toEqual({ displayName: "Bo B", role: "MEMBER" });
  });

  it("shows an email only to its owner and to admins", async () => {
    const q = `query ($id: ID!) { user(id: $id) { email disabledAt } }`;
    expect((await auth.gql(q, { id: String(annId) }, member)).body.data!.user.email).toBeNull();
    expect((await auth.gql(q, { id: String(boId) }, member)).body.data!.user.email).toBe("bo@example.com");
    expect((await auth.gql(q, { id: String(boId) }, admin)).body.data!.user.email).toBe("bo@example.com");
    expect(codeOf(await auth.gql(q, { id: String(boId) }))).toBe("UNAUTHENTICATED");
  });

  it("lets an admin page and search users and change roles, refusing to remove the last admin", async () => {
    const page = await auth.gql(
      `{ users(search: "BO@", page: { page: 1, pageSize: 1 }) { total items { email } } }`,
      {},
      admin,
    );
    expect(page.body.data!.users).toEqual({ total: 1, items: [{ email: "bo@example.com" }] });
    const tooBig = await auth.gql(`{ users(page: { pageSize: 1000 }) { total } }`, {}, admin);
    expect(tooBig.body.errors![0]!.extensions!.field).toBe("page.pageSize");

    const setRole = `mutation ($id: ID!, $r: Role!) { setUserRole(id: $id, role: $r) { role } }`;
    expect(codeOf(await auth.gql(setRole, { id: String(annId), r: "MEMBER" }, admin))).toBe("CONFLICT");
    const promoted = await auth.gql(setRole, { id: String(boId), r: "ADMIN" }, admin);
    expect(promoted.body.data!.setUserRole.role).toBe("ADMIN");
    // A demotion ends the demoted person's sessions, whose tokens still say ADMIN.
    const boAdmin = (await login(auth, "bo@example.com", PASSWORD)).accessToken;
    await auth.gql(setRole, { id: String(boId), r: "MEMBER" }, admin);
    expect((await auth.gql(`{ me { id } }`, {}, boAdmin)).status).toBe(401);
    const audit = await auth.gql(
      `query ($id: ID!) { auditLog(filter: { userId: $id, eventTypes: [ROLE_CHANGED] }) { total items { actorId details ip } } }`,
      { id: String(boId) },
      admin,
    );
    expect(audit.body.data!.auditLog.total).toBe(2);
    expect(audit.body.data!.auditLog.items[0]).toEqual({
      actorId: String(annId),
      details: { from: "ADMIN", to: "MEMBER" },
      ip: "127.0.0.1",
    });
    member = (await login(auth, "bo@example.com", PASSWORD)).accessToken;
  });

  it("ends a disabled user's sessions at once and refuses their sign-in", async () => {
    const id = await createUser(auth, { email: "cy@example.com", password: PASSWORD });
    const cy = await login(auth, "cy@example.com", PASSWORD);
    const res = await auth.gql(
      `mutation ($id: ID!) { disableUser(id: $id) { disabledAt } }`,
      { id: String(id) },
      admin,
    );
    expect(res.body.data!.disableUser.disabledAt).toBeTruthy();
    expect((await auth.gql(`{ me { id } }`, {}, cy.accessToken)).status).toBe(401);
    expect(
      codeOf(
        await auth.gql(`mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`, {
          t: cy.refreshToken,
        }),
      ),
    ).toBe("UNAUTHENTICATED");
    const again = await auth.gql(
      `mutation { login(email: "cy@example.com", password: "${PASSWORD}") { accessToken } }`,
    );
    expect(codeOf(again)).toBe("FORBIDDEN");
    const [audit] = await auth.sql(`select * from auth.audit_log where event_type = 'USER_DISABLED' and user_id = $1`, [
      id,
    ]);
    expect(audit).toMatchObject({ actor_id: annId });
  });
});

describe("invitations", () => {
  it("records the welcome email with a set-password link; the link works once", async () => {
    const res = await auth.gql(INVITE, { e: "dee@example.com", r: "MEMBER" }, admin);
    const id = res.body.data!.inviteUser.id;
    const [row] = await auth.sql(`select * from auth.outbox_emails where template = 'welcome' and to_address = $1`, [
      "dee@example.com",
    ]);
    expect(row).toMatchObject({ status: "PENDING", user_id: Number(id), attempts: 0 });
    expect(row!.idempotency_key).toMatch(/^auth\.welcome:\d+$/);
    const link = await linkFor("welcome", "dee@example.com");
    expect(link).toMatch(/^http:\/\/localhost:6003\/accept-invite\?token=/);
    // The token travels only sealed, and is stored only as a hash.
    expect(JSON.stringify(row)).not.toContain(tokenOf(link));
    const [stored] = await auth.sql(`select token_hash from auth.password_reset_tokens where purpose = 'INVITE'`);
    expect(stored!.token_hash).not.toBe(tokenOf(link));

    expect(codeOf(await auth.gql(ACCEPT, { t: tokenOf(link), p: "password" }))).toBe("BAD_USER_INPUT");
    const accepted = await auth.gql(ACCEPT, { t: tokenOf(link), p: "dee's own passphrase" });
    expect(accepted.body.data!.acceptInvite.user).toEqual({ id, email: "dee@example.com" });
    const again = await auth.gql(ACCEPT, { t: tokenOf(link), p: "dee's own passphrase" });
    expect(codeOf(again)).toBe("BAD_USER_INPUT");
    expect(again.body.errors![0]!.extensions!.field).toBe("token");
    await login(auth, "dee@example.com", "dee's own passphrase");
  });

  it("writes the outbox row in the same transaction as the change (rolled back: no row, no user)", async () => {
    const before = await auth.sql(`select count(*)::int as n from auth.outbox_emails`);
    const identity = { userId: annId, sessionId: "x", role: "ADMIN" as const, tokenId: "x", expiresAt: new Date() };
    await expect(
      auth.service.orm.em.fork().transactional(async (em) => {
        await auth.service.runtime.accounts.inviteUser(
          em,
          identity,
          { email: "rollback@example.com", role: Role.MEMBER },
          {},
        );
        throw new Error("something after the invite failed");
      }),
    ).rejects.toThrow("something after the invite failed");
    const after = await auth.sql(`select count(*)::int as n from auth.outbox_emails`);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(await auth.sql(`select id from auth.users where email = 'rollback@example.com'`)).toEqual([]);
  });
});

describe("password reset and change", () => {
  it("answers the same, in about the same time, for a known and an unknown email", async () => {
    const time = async (e: string) => {
      const started = performance.now();
      const res = await auth.gql(RESET_REQUEST, { e });
      return { ms: performance.now() - started, body: res.body };
    };
    const known = await time("bo@example.com");
    const unknown = await time("nobody@example.com");
    expect(unknown.body).toEqual(known.body);
    expect(known.body).toEqual({ data: { requestPasswordReset: true } });
    // Both are held to the same floor (350 ms), which hides the work a real account causes; the
    // floor is asserted, not a difference of timings, which a loaded machine would make flaky.
    expect(known.ms).toBeGreaterThanOrEqual(340);
    expect(unknown.ms).toBeGreaterThanOrEqual(340);
    expect(await auth.sql(`select * from auth.outbox_emails where to_address = 'nobody@example.com'`)).toEqual([]);
  });

  it("resets with a single-use, expiring link, ends every session and sends a security notice", async () => {
    const id = await createUser(auth, { email: "eve@example.com", password: PASSWORD });
    const session = await login(auth, "eve@example.com", PASSWORD);
    await auth.gql(RESET_REQUEST, { e: "eve@example.com" });
    const [row] = await auth.sql(
      `select extract(epoch from expires_at - created_at)::int as ttl from auth.password_reset_tokens where user_id = $1`,
      [id],
    );
    expect(row!.ttl).toBe(1800);
    const link = await linkFor("password-reset", "eve@example.com");
    expect(link).toMatch(/\/reset-password\?token=/);

    expect(codeOf(await auth.gql(RESET, { t: tokenOf(link), p: "123456789" }))).toBe("BAD_USER_INPUT");
    expect((await auth.gql(RESET, { t: tokenOf(link), p: "eve's new passphrase" })).body.data!.resetPassword).toBe(
      true,
    );
    expect(codeOf(await auth.gql(RESET, { t: tokenOf(link), p: "eve's other passphrase" }))).toBe("BAD_USER_INPUT");
    expect((await auth.gql(`{ me { id } }`, {}, session.accessToken)).status).toBe(401);
    await login(auth, "eve@example.com", "eve's new passphrase");
    const notices = await auth.sql(
      `select * from auth.outbox_emails where template = 'security-notice' and user_id = $1`,
      [id],
    );
    expect(notices.map((n) => n.variables.change)).toEqual(["PASSWORD_RESET"]);
    expect(
      (await auth.sql(`select * from auth.audit_log where event_type = 'PASSWORD_RESET' and user_id = $1`, [id]))
        .length,
    ).toBe(1);

    // An expired link is refused.
    await auth.gql(RESET_REQUEST, { e: "eve@example.com" });
    await auth.sql(
      `update auth.password_reset_tokens set expires_at = now() - interval '1 second' where used_at is null`,
    );
    const expired = tokenOf(await linkFor("password-reset", "eve@example.com"));
    expect(codeOf(await auth.gql(RESET, { t: expired, p: "eve's third passphrase" }))).toBe("BAD_USER_INPUT");
  });

  it("changes the password: other sessions end, this one stays, a notice is recorded", async () => {
    const id = await createUser(auth, { email: "fay@example.com", password: PASSWORD });
    const here = await login(auth, "fay@example.com", PASSWORD);
    const there = await login(auth, "fay@example.com", PASSWORD);
    const change = `mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
    const wrong = await auth.gql(change, { c: "not it at all", n: "fay's new passphrase" }, here.accessToken);
    expect(wrong.body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "currentPassword" });
    const ok = await auth.gql(change, { c: PASSWORD, n: "fay's new passphrase" }, here.accessToken);
    expect(ok.body.data!.changePassword).toBe(true);
    expect((await auth.gql(`{ me { id } }`, {}, here.accessToken)).status).toBe(200);
    expect((await auth.gql(`{ me { id } }`, {}, there.accessToken)).status).toBe(401);
    const sid = (jwt.decode(there.accessToken) as jwt.JwtPayload).sid;
    const list = (await (await fetch(`${auth.url()}/auth/revocations`)).json()) as { revoked: { sid: string }[] };
    expect(list.revoked.map((r) => r.sid)).toContain(sid);
    const [notice] = await auth.sql(
      `select * from auth.outbox_emails where template = 'security-notice' and user_id = $1`,
      [id],
    );
    expect(notice!.variables.change).toBe("PASSWORD_CHANGED");
  });
});
