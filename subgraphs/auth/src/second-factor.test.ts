import jwt from "jsonwebtoken";
import { TOTP } from "otpauth";
import { codeOf, login, REFRESH, type AuthUnderTest } from "./__tests__/helpers";
import { PASSWORD, useAnnAndBo } from "./__tests__/household";

let auth: AuthUnderTest;
let annId: number;
const { auditOf } = useAnnAndBo((household) => ({ auth, annId } = household));

const CHANGE_PASSWORD = `mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
const STEP_UP = `mutation ($p: String, $c: String, $r: String) {
  stepUp(password: $p, code: $c, recoveryCode: $r) { accessToken expiresAt stepUpAt } }`;
const BEGIN = `mutation { beginTotpEnrollment { secret otpauthUri qrCodeSvg } }`;
const CONFIRM = `mutation ($c: String!) { confirmTotpEnrollment(code: $c) { enabled recoveryCodes } }`;
const SIGN_IN = `mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) {
  __typename ... on AuthPayload { accessToken } ... on SecondFactorChallenge { challenge expiresAt methods } } }`;
const COMPLETE = `mutation ($ch: String!, $c: String, $r: String) {
  completeSignIn(challenge: $ch, code: $c, recoveryCode: $r) { accessToken refreshToken user { id } } }`;

const authTimeOf = (token: string) => (jwt.decode(token) as jwt.JwtPayload).auth_time as number;
/** As if the session's last proof was `seconds` ago (a clock moved forward). */
const ageSessions = (userId: number, seconds: number) =>
  auth.sql(`update auth.user_sessions set auth_time = auth_time - make_interval(secs => $2) where user_id = $1`, [
    userId,
    seconds,
  ]);
/** As if a time step passed since the last code: the app shows a new one. */
const nextStep = (userId: number) =>
  auth.sql(`update auth.user_totp set last_step = last_step - 2 where user_id = $1`, [userId]);

/** Bo with an authenticator app: his TOTP and the recovery codes he was shown. */
async function enrolBo(): Promise<{
  totp: TotpLike;
  usedCode: string;
  recoveryCodes: string[];
  userId: number;
  token: string;
}> {
  const bo = await login(auth, "bo@example.com", PASSWORD);
  const begun = await auth.gql(BEGIN, {}, bo.accessToken);
  const { secret } = begun.body.data!.beginTotpEnrollment;
  const totp = new TOTP({ secret, period: 30, digits: 6 });
  const usedCode = totp.generate();
  const confirmed = await auth.gql(CONFIRM, { c: usedCode }, bo.accessToken);
  const { recoveryCodes } = confirmed.body.data!.confirmTotpEnrollment;
  return { totp, usedCode, recoveryCodes, userId: Number(bo.userId), token: bo.accessToken };
}
type TotpLike = { generate: () => string };

describe("step-up", () => {
  it("a sign-in counts as fresh for 5 minutes; a refresh never extends it; stepUp does", async () => {
    const ann = await login(auth, "ann@example.com", PASSWORD);
    const signedInAt = authTimeOf(ann.accessToken);
    expect(Math.abs(signedInAt - Date.now() / 1000)).toBeLessThan(10);

    await ageSessions(annId, 360);
    const refreshed = await auth.gql(REFRESH, { t: ann.refreshToken });
    const stale = refreshed.body.data!.refreshToken.accessToken as string;
    expect(authTimeOf(stale)).toBe(signedInAt - 360);

    const refused = await auth.gql(CHANGE_PASSWORD, { c: PASSWORD, n: "another fine password" }, stale);
    expect(codeOf(refused)).toBe("STEP_UP_REQUIRED");
    expect(refused.body.errors![0]!.extensions!.maxAgeSeconds).toBe(300);
    expect((await auditOf("STEP_UP_REQUIRED")).at(-1)).toMatchObject({
      user_id: annId,
      details: expect.objectContaining({ operation: "changePassword" }),
    });

    const wrong = await auth.gql(STEP_UP, { p: "not my password" }, stale);
    expect(codeOf(wrong)).toBe("BAD_USER_INPUT");
    expect((await auditOf("STEP_UP_FAILED")).at(-1)).toMatchObject({ user_id: annId });

    const stepped = await auth.gql(STEP_UP, { p: PASSWORD }, stale);
    const fresh = stepped.body.data!.stepUp.accessToken as string;
    expect(authTimeOf(fresh)).toBeGreaterThan(signedInAt - 10);
    expect((jwt.decode(fresh) as jwt.JwtPayload).sid).toBe((jwt.decode(stale) as jwt.JwtPayload).sid);
    const ok = await auth.gql(CHANGE_PASSWORD, { c: PASSWORD, n: "another fine password" }, fresh);
    expect(ok.body.data?.changePassword).toBe(true);
    await auth.gql(CHANGE_PASSWORD, { c: "another fine password", n: PASSWORD }, fresh);
  });

  it("role changes need a fresh factor too", async () => {
    const ann = await login(auth, "ann@example.com", PASSWORD);
    await ageSessions(annId, 301);
    const stale = (await auth.gql(REFRESH, { t: ann.refreshToken })).body.data!.refreshToken.accessToken;
    const [bo] = await auth.sql(`select id from auth.users where email = 'bo@example.com'`);
    const res = await auth.gql(
      `mutation ($id: ID!) { setUserRole(id: $id, role: MEMBER) { role } }`,
      { id: bo!.id },
      stale,
    );
    expect(codeOf(res)).toBe("STEP_UP_REQUIRED");
  });
});

describe("authenticator app (TOTP)", () => {
  it("enrols with a QR code and a confirming code; the secret is sealed and the recovery codes hashed", async () => {
    const bo = await login(auth, "bo@example.com", PASSWORD);
    const begun = await auth.gql(BEGIN, {}, bo.accessToken);
    const { secret, otpauthUri, qrCodeSvg } = begun.body.data!.beginTotpEnrollment;
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Homegraph:bo%40example\.com\?.*secret=[A-Z2-7]+/);
    expect(qrCodeSvg).toMatch(/^<svg /);
    const [row] = await auth.sql(`select * from auth.user_totp where user_id = $1`, [Number(bo.userId)]);
    expect(row!.secret_enc).not.toContain(secret);
    expect(row!.enabled_at).toBeNull();

    const wrong = await auth.gql(CONFIRM, { c: "000000" }, bo.accessToken);
    expect(codeOf(wrong)).toBe("BAD_USER_INPUT");
    const totp = new TOTP({ secret });
    const confirmed = await auth.gql(CONFIRM, { c: totp.generate() }, bo.accessToken);
    const codes = confirmed.body.data!.confirmTotpEnrollment.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await auth.sql(`select code_hash from auth.recovery_codes where user_id = $1`, [Number(bo.userId)]);
    expect(stored).toHaveLength(10);
    for (const c of codes) expect(JSON.stringify(stored)).not.toContain(c.replace("-", ""));
    const mail = await auth.sql(
      `select * from auth.outbox_emails where user_id = $1 and variables->>'change' = 'TOTP_ENABLED'`,
      [Number(bo.userId)],
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]!.secret_variables_enc).toBeTruthy();
    expect((await auditOf("TOTP_ENABLED")).at(-1)).toMatchObject({ user_id: Number(bo.userId) });
    await auth.sql(`delete from auth.user_totp`);
  });

  it("signs in with a second factor: a challenge, then the code; a replayed code is refused and audited", async () => {
    const { totp, usedCode, userId } = await enrolBo();
    const old = await auth.gql(
      `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`,
      {
        e: "bo@example.com",
        p: PASSWORD,
      },
    );
    expect(codeOf(old)).toBe("SECOND_FACTOR_REQUIRED");
    expect(old.body.errors![0]!.extensions!.challenge).toEqual(expect.any(String));

    const first = await auth.gql(SIGN_IN, { e: "bo@example.com", p: PASSWORD });
    expect(first.body.data!.signIn).toMatchObject({
      __typename: "SecondFactorChallenge",
      methods: ["TOTP", "RECOVERY_CODE"],
    });
    const { challenge } = first.body.data!.signIn;
    const [stored] = await auth.sql(
      `select * from auth.password_reset_tokens where purpose = 'SIGN_IN_CHALLENGE' order by id desc`,
    );
    expect(stored!.token_hash).not.toBe(challenge);

    // The code that confirmed the enrolment was spent in its time step.
    const replay = await auth.gql(COMPLETE, { ch: challenge, c: usedCode });
    expect(codeOf(replay)).toBe("BAD_USER_INPUT");
    expect(replay.body.errors![0]!.message).toMatch(/already used/);
    expect((await auditOf("TOTP_REPLAY_REFUSED")).at(-1)).toMatchObject({ user_id: userId });

    await nextStep(userId);
    const done = await auth.gql(COMPLETE, { ch: challenge, c: totp.generate() });
    expect(done.body.data!.completeSignIn.user.id).toBe(String(userId));
    expect((await auditOf("LOGIN_SUCCEEDED")).at(-1)).toMatchObject({
      user_id: userId,
      details: { secondFactor: "TOTP" },
    });

    await nextStep(userId);
    const again = await auth.gql(COMPLETE, { ch: challenge, c: totp.generate() });
    expect(codeOf(again)).toBe("UNAUTHENTICATED");
    await auth.sql(`delete from auth.user_totp`);
  });

  it("a recovery code works once, is audited and mailed; used again it is refused and audited", async () => {
    const { recoveryCodes, userId } = await enrolBo();
    const challengeOf = async () =>
      (await auth.gql(SIGN_IN, { e: "bo@example.com", p: PASSWORD })).body.data!.signIn.challenge as string;
    const used = await auth.gql(COMPLETE, { ch: await challengeOf(), r: recoveryCodes[3]!.toUpperCase() });
    expect(used.body.data!.completeSignIn.user.id).toBe(String(userId));
    expect((await auditOf("RECOVERY_CODE_USED")).at(-1)).toMatchObject({ user_id: userId });
    const [mail] = await auth.sql(
      `select * from auth.outbox_emails where user_id = $1 and variables->>'change' = 'RECOVERY_CODE_USED'`,
      [userId],
    );
    expect(mail!.variables.event).toMatch(/recovery code was used/);

    const reused = await auth.gql(COMPLETE, { ch: await challengeOf(), r: recoveryCodes[3] });
    expect(codeOf(reused)).toBe("BAD_USER_INPUT");
    expect((await auditOf("RECOVERY_CODE_REFUSED")).at(-1)).toMatchObject({ user_id: userId });
    await auth.sql(`delete from auth.user_totp`);
  });

  it("removing the app needs a fresh step-up, which then takes the app's code rather than the password", async () => {
    const { totp, userId } = await enrolBo();
    const bo = await login(auth, "bo@example.com", PASSWORD).catch(() => undefined);
    expect(bo).toBeUndefined(); // a second factor is now required
    const challenge = (await auth.gql(SIGN_IN, { e: "bo@example.com", p: PASSWORD })).body.data!.signIn.challenge;
    await nextStep(userId);
    const session = (await auth.gql(COMPLETE, { ch: challenge, c: totp.generate() })).body.data!.completeSignIn;
    await ageSessions(userId, 600);
    const stale = (await auth.gql(REFRESH, { t: session.refreshToken })).body.data!.refreshToken.accessToken;

    expect(codeOf(await auth.gql(`mutation { disableTotp }`, {}, stale))).toBe("STEP_UP_REQUIRED");
    expect(codeOf(await auth.gql(STEP_UP, { p: PASSWORD }, stale))).toBe("BAD_USER_INPUT");
    await nextStep(userId);
    const fresh = (await auth.gql(STEP_UP, { c: totp.generate() }, stale)).body.data!.stepUp.accessToken;
    expect((await auth.gql(`mutation { disableTotp }`, {}, fresh)).body.data!.disableTotp).toBe(true);
    expect(await auth.sql(`select * from auth.recovery_codes where user_id = $1`, [userId])).toEqual([]);
    expect((await auditOf("TOTP_DISABLED")).at(-1)).toMatchObject({ user_id: userId });
    expect((await login(auth, "bo@example.com", PASSWORD)).userId).toBe(String(userId));
  });

  it("nobody enrols a factor with another person's stale session, nor for someone else", async () => {
    const bo = await login(auth, "bo@example.com", PASSWORD);
    const boId = Number(bo.userId);
    await ageSessions(boId, 600);
    const stolen = (await auth.gql(REFRESH, { t: bo.refreshToken })).body.data!.refreshToken.accessToken;
    expect(codeOf(await auth.gql(BEGIN, {}, stolen))).toBe("STEP_UP_REQUIRED");
    expect((await auditOf("STEP_UP_REQUIRED")).at(-1)).toMatchObject({
      user_id: boId,
      details: expect.objectContaining({ operation: "beginTotpEnrollment" }),
    });
    // There is no way to name another person: the caller is the token's.
    const forOther = await auth.gql(
      `mutation { beginTotpEnrollment(userId: ${annId}) { secret } }`,
      {},
      bo.accessToken,
    );
    expect(codeOf(forOther)).toBe("BAD_USER_INPUT");
    // Ann started an enrolment; Bo's session cannot confirm it.
    const ann = await login(auth, "ann@example.com", PASSWORD);
    const { secret } = (await auth.gql(BEGIN, {}, ann.accessToken)).body.data!.beginTotpEnrollment;
    const fresh = await login(auth, "bo@example.com", PASSWORD);
    const hijack = await auth.gql(CONFIRM, { c: new TOTP({ secret }).generate() }, fresh.accessToken);
    expect(codeOf(hijack)).toBe("BAD_USER_INPUT");
    expect((await auditOf("SECOND_FACTOR_FAILED")).at(-1)).toMatchObject({
      user_id: boId,
      details: expect.objectContaining({ reason: "no_enrolment_started" }),
    });
    expect(await auth.sql(`select enabled_at from auth.user_totp where user_id = $1`, [annId])).toEqual([
      { enabled_at: null },
    ]);
    await auth.sql(`delete from auth.user_totp`);
  });

  it('an alert\'s "not you? sign out everywhere" link ends every session, once', async () => {
    const { userId } = await enrolBo();
    await auth.sql(`delete from auth.user_totp`);
    const other = await login(auth, "bo@example.com", PASSWORD);
    const [mail] = await auth.sql(
      `select * from auth.outbox_emails where user_id = $1 and variables->>'change' = 'TOTP_ENABLED' order by id desc`,
      [userId],
    );
    const { signOutUrl } = auth.service.runtime.outbox.variablesOf({
      variables: mail!.variables,
      secretVariablesEnc: mail!.secret_variables_enc,
    }) as { signOutUrl: string };
    const token = new URL(signOutUrl).searchParams.get("token")!;
    const SIGN_OUT = `mutation ($t: String!) { signOutEverywhere(token: $t) }`;
    expect((await auth.gql(SIGN_OUT, { t: token })).body.data!.signOutEverywhere).toBe(true);
    expect(codeOf(await auth.gql(`{ me { id } }`, {}, other.accessToken))).toBe("UNAUTHENTICATED");
    expect(codeOf(await auth.gql(SIGN_OUT, { t: token }))).toBe("BAD_USER_INPUT");
    expect((await auditOf("SIGNED_OUT_BY_LINK")).at(-1)).toMatchObject({ user_id: userId });
  });
});

describe("the household's second-factor policy", () => {
  const SET = `mutation ($k: String!, $v: String!) { setSystemSetting(key: $k, value: $v) { value choices } }`;
  const STATUS = `{ mySecondFactor { totpEnabled recoveryCodesLeft required enrolBy enrolmentOnly } }`;
  const setPolicy = async (required: string, graceDays: number) => {
    const ann = await login(auth, "ann@example.com", PASSWORD);
    const res = await auth.gql(SET, { k: "secondFactor.required", v: required }, ann.accessToken);
    expect(res.body.data!.setSystemSetting).toEqual({
      value: JSON.stringify(required),
      choices: ["NONE", "ADMINS", "EVERYONE"],
    });
    await auth.gql(SET, { k: "secondFactor.graceDays", v: String(graceDays) }, ann.accessToken);
  };
  afterAll(() => auth.sql(`delete from auth.system_settings where key like 'secondFactor.%'`));

  it("refuses a value that is not a choice", async () => {
    const ann = await login(auth, "ann@example.com", PASSWORD);
    const res = await auth.gql(SET, { k: "secondFactor.required", v: "SOMETIMES" }, ann.accessToken);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "value" });
  });

  it("within the grace period a person is told until when; after it, only enrolment is open until they enrol", async () => {
    await setPolicy("EVERYONE", 7);
    const inGrace = await login(auth, "bo@example.com", PASSWORD);
    const statusRes = await auth.gql(STATUS, {}, inGrace.accessToken);
    expect(statusRes.body.errors).toBeUndefined();
    const status = statusRes.body.data!.mySecondFactor;
    expect(status).toMatchObject({ totpEnabled: false, required: true, enrolmentOnly: false });
    expect(new Date(status.enrolBy).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect((await auth.gql(`{ mySessions { id } }`, {}, inGrace.accessToken)).body.errors).toBeUndefined();

    await setPolicy("EVERYONE", 0);
    const bo = await login(auth, "bo@example.com", PASSWORD);
    expect((jwt.decode(bo.accessToken) as jwt.JwtPayload).enrol).toBe(true);
    const limited = await auth.gql(`{ mySessions { id } }`, {}, bo.accessToken);
    expect(codeOf(limited)).toBe("SECOND_FACTOR_ENROLMENT_REQUIRED");
    expect((await auth.gql(`{ me { id email } }`, {}, bo.accessToken)).body.data!.me.email).toBe("bo@example.com");
    expect((await auth.gql(STATUS, {}, bo.accessToken)).body.data!.mySecondFactor.enrolmentOnly).toBe(true);

    const { secret } = (await auth.gql(BEGIN, {}, bo.accessToken)).body.data!.beginTotpEnrollment;
    const confirmed = await auth.gql(
      `mutation ($c: String!) { confirmTotpEnrollment(code: $c) { accessToken } }`,
      { c: new TOTP({ secret }).generate() },
      bo.accessToken,
    );
    const full = confirmed.body.data!.confirmTotpEnrollment.accessToken as string;
    expect((jwt.decode(full) as jwt.JwtPayload).enrol).toBeUndefined();
    expect((await auth.gql(`{ mySessions { id } }`, {}, full)).body.errors).toBeUndefined();
    expect((await auth.gql(STATUS, {}, full)).body.data!.mySecondFactor).toMatchObject({
      totpEnabled: true,
      recoveryCodesLeft: 10,
      enrolmentOnly: false,
    });
    await auth.sql(`delete from auth.user_totp`);
    // Ann, an admin without an app, is limited as well now.
    await auth.sql(`delete from auth.system_settings where key like 'secondFactor.%'`);
  });

  it("ADMINS asks admins only", async () => {
    await setPolicy("ADMINS", 0);
    const bo = await login(auth, "bo@example.com", PASSWORD);
    expect((await auth.gql(`{ mySessions { id } }`, {}, bo.accessToken)).body.errors).toBeUndefined();
    const ann = await login(auth, "ann@example.com", PASSWORD);
    expect(codeOf(await auth.gql(`{ users { total } }`, {}, ann.accessToken))).toBe("SECOND_FACTOR_ENROLMENT_REQUIRED");
    await auth.sql(`delete from auth.system_settings where key like 'secondFactor.%'`);
  });
});
