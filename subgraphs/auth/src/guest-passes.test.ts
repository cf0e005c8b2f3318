/**
 * Guest passes at the auth service, against a stand-in for home's side of the contract (a real HTTP
 * GraphQL server that checks auth's service token and records calls: home's mutations are built
 * elsewhere): created only by an admin after a step-up, the link redeemed for a session of a GUEST
 * that cannot outlive the pass, refused before its start and after its end, and ended (early or on
 * time) with every session revoked within a second and home told, retried until it answers.
 */
import jwt from "jsonwebtoken";
import { startHomeAccessRecorder, type HomeAccessRecorder } from "../../../test/support/home-access-recorder";
import { codeOf, login, readStreamUntil, REFRESH, startAuth, type AuthUnderTest } from "./__tests__/helpers";
import { auditOf as auditOfAuth, ME } from "./__tests__/household";
import { createUser } from "./__tests__/helpers";

const PASSWORD = "correct horse battery";
let auth: AuthUnderTest;
let home: HomeAccessRecorder;
let annId: number;
let admin: string;

beforeAll(async () => {
  home = await startHomeAccessRecorder();
  auth = await startAuth({ HOME_URL: home.url, OUTBOX_POLL_MS: "200" });
  home.verifyWith(auth.url());
  annId = await createUser(auth, { email: "ann@example.com", password: PASSWORD, role: "ADMIN" });
  await createUser(auth, { email: "bo@example.com", password: PASSWORD, role: "MEMBER" });
  admin = (await login(auth, "ann@example.com", PASSWORD)).accessToken;
});
afterAll(async () => {
  await auth?.stop();
  await home?.close();
});
beforeEach(async () => {
  home.down = false;
  await auth.sql(`delete from auth.rate_limit_buckets`);
});
const auditOf = (type: string) => auditOfAuth(auth, type);

export const CREATE = `mutation ($input: CreateGuestPassInput!) {
  createGuestPass(input: $input) { link pass { id status guestName validFrom validUntil redemptions
    guest { id role displayName } rooms { room level } devices { deviceId level } lockCode { deviceId name } } } }`;
const REDEEM = `mutation ($t: String!) {
  redeemGuestPass(token: $t) { accessToken refreshToken refreshTokenExpiresAt user { id role displayName email } } }`;
const LIST = `query ($all: Boolean) { guestPasses(includeEnded: $all) { id status redemptions endedAt endedBy { id } homeAccessRemoved } }`;
const END = `mutation ($id: ID!) { endGuestPass(id: $id) { id status endedAt endedBy { id } } }`;

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
function passInput(extra: Record<string, unknown> = {}) {
  return {
    guestName: "Grace",
    validFrom: inSeconds(-60),
    validUntil: inSeconds(3600),
    rooms: [{ room: "Living room", level: "CONTROL" }],
    devices: [{ deviceId: "12", level: "VIEW" }],
    ...extra,
  };
}
async function createPass(extra: Record<string, unknown> = {}) {
  const res = await auth.gql(CREATE, { input: passInput(extra) }, admin);
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  const created = res.body.data.createGuestPass;
  return { ...created, token: (created.link as string).split("/pass/")[1]! };
}
async function redeem(token: string) {
  const res = await auth.gql(REDEEM, { t: token });
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.redeemGuestPass as { accessToken: string; refreshToken: string; refreshTokenExpiresAt: string };
}
async function until(predicate: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await predicate()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`not within ${timeoutMs} ms`);
}

describe("creating a guest pass", () => {
  it("needs an admin who confirmed it's them in the last 5 minutes", async () => {
    const bo = await login(auth, "bo@example.com", PASSWORD);
    expect(codeOf(await auth.gql(CREATE, { input: passInput() }, bo.accessToken))).toBe("FORBIDDEN");
    const ann = await login(auth, "ann@example.com", PASSWORD);
    await auth.sql(`update auth.user_sessions set auth_time = now() - interval '301 seconds' where user_id = $1`, [
      annId,
    ]);
    const stale = (await auth.gql(REFRESH, { t: ann.refreshToken })).body.data!.refreshToken.accessToken;
    const res = await auth.gql(CREATE, { input: passInput() }, stale);
    expect(codeOf(res)).toBe("STEP_UP_REQUIRED");
    expect((await auditOf("STEP_UP_REQUIRED")).at(-1)!.details).toMatchObject({ operation: "createGuestPass" });
    expect(await auth.sql(`select * from auth.guest_passes`)).toEqual([]);
  });

  it("makes a GUEST, has home apply the grants and lock code, keeps the link only hashed and never the code", async () => {
    const calls = home.calls.length;
    const created = await createPass({ lockCode: { deviceId: "7", code: "4321" } });
    expect(created.link).toMatch(/^http:\/\/localhost:6003\/pass\/[A-Za-z0-9_-]{43}$/);
    expect(created.pass).toMatchObject({
      status: "ACTIVE",
      guestName: "Grace",
      redemptions: 0,
      guest: { role: "GUEST", displayName: "Grace" },
      lockCode: { deviceId: "7", name: "Grace" },
    });
    const apply = home.calls.slice(calls).find((c) => c.field === "applyGuestPassAccess")!;
    expect(apply).toMatchObject({
      service: "auth",
      args: {
        input: {
          passId: created.pass.id,
          guestUserId: created.pass.guest.id,
          rooms: [{ room: "Living room", level: "CONTROL" }],
          devices: [{ deviceId: "12", level: "VIEW" }],
          lockCode: { deviceId: "7", code: "4321", name: "Grace" },
        },
      },
    });
    const [guest] = await auth.sql(`select role, password_hash, email from auth.users where id = $1`, [
      created.pass.guest.id,
    ]);
    expect(guest).toMatchObject({ role: "GUEST", password_hash: null });
    expect(guest!.email).toMatch(/@guests\.invalid$/);
    const stored = JSON.stringify([
      await auth.sql(`select * from auth.guest_passes`),
      await auth.sql(`select * from auth.audit_log`),
    ]);
    expect(stored).not.toContain(created.token);
    expect(stored).not.toContain("4321");
    expect((await auditOf("GUEST_PASS_CREATED")).at(-1)).toMatchObject({ actor_id: annId });
  });

  it("refuses bad passes with a stable reason", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ validFrom: inSeconds(60), validUntil: inSeconds(30) }, "INVALID_PERIOD"],
      [{ validUntil: inSeconds(31 * 86_400) }, "TOO_LONG"],
      [{ guestName: "  " }, "NAME_LENGTH"],
      [{ guestName: "x".repeat(61) }, "NAME_LENGTH"],
      [{ rooms: [], devices: [] }, "NO_ACCESS"],
      [{ lockCode: { deviceId: "7", code: "12ab" } }, "BAD_LOCK_CODE"],
    ];
    for (const [extra, reason] of cases) {
      const res = await auth.gql(CREATE, { input: passInput(extra) }, admin);
      expect([codeOf(res), res.body.errors?.[0]?.extensions?.reason]).toEqual(["BAD_USER_INPUT", reason]);
    }
  });

  it("is refused with HOME_UNAVAILABLE and leaves nothing behind when home is down", async () => {
    const before = await auth.sql(`select count(*)::int as n from auth.users`);
    home.down = true;
    const res = await auth.gql(CREATE, { input: passInput({ guestName: "Nobody" }) }, admin);
    expect(codeOf(res)).toBe("HOME_UNAVAILABLE");
    expect(await auth.sql(`select * from auth.guest_passes where guest_name = 'Nobody'`)).toEqual([]);
    expect(await auth.sql(`select count(*)::int as n from auth.users`)).toEqual(before);
    expect((await auditOf("GUEST_PASS_CREATE_FAILED")).at(-1)!.details).toMatchObject({ reason: "HOME_UNAVAILABLE" });
  });
});

describe("redeeming a pass's link", () => {
  it("signs the guest in: me is the GUEST, and a guest may do nothing of an admin's or the account's", async () => {
    const created = await createPass();
    const session = await redeem(created.token);
    const me = await auth.gql(ME, {}, session.accessToken);
    expect(me.body.data!.me).toEqual({ id: created.pass.guest.id, email: null, role: "GUEST" });
    const mine = await auth.gql(`{ myGuestPass { id status } }`, {}, session.accessToken);
    expect(mine.body.data!.myGuestPass).toEqual({ id: created.pass.id, status: "ACTIVE" });
    for (const query of [
      `mutation { createGuestPass(input: { guestName: "x", validFrom: "${inSeconds(0)}", validUntil: "${inSeconds(60)}", rooms: [{ room: "a", level: VIEW }] }) { link } }`,
      `mutation { setUserRole(id: "${created.pass.guest.id}", role: ADMIN) { role } }`,
      `mutation { createApiToken(name: "keep me in") { token } }`,
      `mutation { requestEmailChange(newEmail: "grace@example.com") }`,
      `mutation { inviteUser(email: "friend@example.com") { id } }`,
      `{ guestPasses { id } }`,
      `{ users { total } }`,
      `mutation { beginPasskeyRegistration { challengeId } }`,
    ]) {
      expect([query, codeOf(await auth.gql(query, {}, session.accessToken))]).toEqual([query, "FORBIDDEN"]);
    }
    expect((await auditOf("GUEST_PASS_REDEEMED")).at(-1)!.details).toMatchObject({ passId: created.pass.id });
    const [row] = (await auth.gql(LIST, {}, admin)).body.data!.guestPasses.filter(
      (p: { id: string }) => p.id === created.pass.id,
    );
    expect(row.redemptions).toBe(1);
  });

  it("gives sessions proven at the link's opening that neither the access token nor any refresh carries past the pass's end", async () => {
    const created = await createPass({ validUntil: inSeconds(120) });
    const end = Date.parse(created.pass.validUntil);
    const session = await redeem(created.token);
    expect((jwt.decode(session.accessToken) as jwt.JwtPayload).exp! * 1000).toBeLessThanOrEqual(end);
    // Opening the link is the guest's proof: auth_time is the redemption, kept by each refresh.
    const authTime = (jwt.decode(session.accessToken) as jwt.JwtPayload).auth_time!;
    expect(Math.abs(authTime * 1000 - Date.now())).toBeLessThan(5000);
    expect(Date.parse(session.refreshTokenExpiresAt)).toBeLessThanOrEqual(end);
    const refreshed = await auth.gql(
      `mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshTokenExpiresAt } }`,
      { t: session.refreshToken },
    );
    const again = refreshed.body.data!.refreshToken;
    expect((jwt.decode(again.accessToken) as jwt.JwtPayload).auth_time).toBe(authTime);
    expect(Date.parse(again.refreshTokenExpiresAt)).toBeLessThanOrEqual(end);
    expect((jwt.decode(again.accessToken) as jwt.JwtPayload).exp! * 1000).toBeLessThanOrEqual(end);
  });

  it("refuses before the start with PASS_NOT_YET and the start time", async () => {
    const created = await createPass({ validFrom: inSeconds(3600), validUntil: inSeconds(7200) });
    expect(created.pass.status).toBe("NOT_YET");
    const res = await auth.gql(REDEEM, { t: created.token });
    expect(codeOf(res)).toBe("PASS_NOT_YET");
    expect(res.body.errors![0]!.extensions!.validFrom).toBe(created.pass.validFrom);
    expect((await auditOf("GUEST_PASS_REFUSED")).at(-1)!.details).toMatchObject({ reason: "not_yet" });
  });

  it("counts guessed links per address like wrong passwords, and audits each", async () => {
    const seen: unknown[] = [];
    const audited = (await auditOf("GUEST_PASS_REFUSED")).length;
    for (let i = 0; i < 22; i++) {
      seen.push(codeOf(await auth.gql(REDEEM, { t: Buffer.from(`guess-${i}`).toString("base64url").padEnd(43, "A") })));
    }
    expect(seen.slice(0, 20)).toEqual(Array(20).fill("UNAUTHENTICATED"));
    expect(seen.slice(20)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
    const refusals = (await auditOf("GUEST_PASS_REFUSED")).slice(audited);
    expect(refusals).toHaveLength(20);
    expect(refusals.every((r) => r.details.reason === "unknown")).toBe(true);
  });
});

describe("the end of a pass", () => {
  it("ended early: the guest's open session is refused within a second, pushed as a revocation; home is told", async () => {
    const created = await createPass();
    const session = await redeem(created.token);
    const sid = (jwt.decode(session.accessToken) as jwt.JwtPayload).sid as string;
    expect(codeOf(await auth.gql(ME, {}, session.accessToken))).toBeUndefined();
    let endedAt = 0;
    const stream = await readStreamUntil(
      `${auth.url()}/auth/revocations/stream`,
      (text) => text.includes(sid),
      5000,
      async () => {
        endedAt = Date.now();
        const ended = await auth.gql(END, { id: created.pass.id }, admin);
        expect(ended.body.data!.endGuestPass).toMatchObject({ status: "ENDED", endedBy: { id: String(annId) } });
      },
    );
    expect(stream).toContain(sid);
    const took = await until(
      async () => codeOf(await auth.gql(ME, {}, session.accessToken)) === "UNAUTHENTICATED",
      1000,
    );
    expect(Date.now() - endedAt).toBeLessThan(1000 + took);
    expect(codeOf(await auth.gql(REFRESH, { t: session.refreshToken }))).toBe("PASS_ENDED");
    const again = await auth.gql(REDEEM, { t: created.token });
    expect(codeOf(again)).toBe("PASS_ENDED");
    await until(
      async () => home.calls.some((c) => c.field === "revokeGuestPassAccess" && c.args.passId === created.pass.id),
      3000,
    );
    await until(
      async () => (await auditOf("GUEST_PASS_HOME_ACCESS_REMOVED")).some((r) => r.details.passId === created.pass.id),
      3000,
    );
    expect((await auditOf("GUEST_PASS_ENDED")).at(-1)).toMatchObject({
      actor_id: annId,
      details: { passId: created.pass.id, reason: "ENDED_EARLY", sessionsRevoked: 1 },
    });
    const live = (await auth.gql(LIST, {}, admin)).body.data!.guestPasses.map((p: { id: string }) => p.id);
    expect(live).not.toContain(created.pass.id);
    const history = (await auth.gql(LIST, { all: true }, admin)).body.data!.guestPasses;
    expect(history.find((p: { id: string }) => p.id === created.pass.id)).toMatchObject({
      status: "ENDED",
      homeAccessRemoved: true,
    });
  });

  it("at its end time: a pass of a few seconds ends its sessions within a second of it", async () => {
    const created = await createPass({ validUntil: inSeconds(3) });
    const session = await redeem(created.token);
    const end = Date.parse(created.pass.validUntil);
    await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now())));
    await until(async () => codeOf(await auth.gql(ME, {}, session.accessToken)) === "UNAUTHENTICATED", 1000);
    expect(Date.now() - end).toBeLessThan(1200);
    expect(codeOf(await auth.gql(REDEEM, { t: created.token }))).toBe("PASS_ENDED");
    const history = (await auth.gql(LIST, { all: true }, admin)).body.data!.guestPasses;
    expect(history.find((p: { id: string }) => p.id === created.pass.id).status).toBe("EXPIRED");
    expect((await auditOf("GUEST_PASS_ENDED")).at(-1)!.details).toMatchObject({
      passId: created.pass.id,
      reason: "EXPIRED",
    });
  });

  it("revokes the sessions first when home is down, and tells home once it is back", async () => {
    const created = await createPass();
    const session = await redeem(created.token);
    home.down = true;
    await auth.gql(END, { id: created.pass.id }, admin);
    expect(codeOf(await auth.gql(ME, {}, session.accessToken))).toBe("UNAUTHENTICATED");
    await new Promise((r) => setTimeout(r, 1500));
    const [task] = await auth.sql(
      `select attempts, done_at, last_error from auth.guest_pass_home_tasks where pass_id = $1`,
      [created.pass.id],
    );
    expect(task!.done_at).toBeNull();
    expect(task!.attempts).toBeGreaterThanOrEqual(1);
    home.down = false;
    await until(
      async () => home.calls.some((c) => c.field === "revokeGuestPassAccess" && c.args.passId === created.pass.id),
      8000,
    );
  });

  it("closes a pass whose end passed while the service was down, on start", async () => {
    const created = await createPass({ validUntil: inSeconds(2) });
    const session = await redeem(created.token);
    await auth.restart(() => new Promise((r) => setTimeout(r, 2500)));
    const [row] = await auth.sql(`select closed_at from auth.guest_passes where id = $1`, [created.pass.id]);
    expect(row!.closed_at).not.toBeNull();
    expect(codeOf(await auth.gql(ME, {}, session.accessToken))).toBe("UNAUTHENTICATED");
  });
});
