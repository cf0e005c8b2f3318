/**
 * Passkeys against the real auth service and PostgreSQL, with a software authenticator
 * (test/support/virtual-authenticator.cjs) standing in for the browser and the device.
 */
import jwt from "jsonwebtoken";
import { VirtualAuthenticator } from "../../../test/support/virtual-authenticator.cjs";
import { codeOf, login, type AuthUnderTest } from "./__tests__/helpers";
import { ME, PASSWORD, useAnnAndBo } from "./__tests__/household";

const ORIGIN = "https://homegraph.example.com";
let auth: AuthUnderTest;
let annId: number;
const { auditOf } = useAnnAndBo((household) => ({ auth, annId } = household), { PUBLIC_URL: ORIGIN });

const CEREMONY = `challengeId optionsJSON expiresAt`;
const BEGIN_REG = `mutation { beginPasskeyRegistration { ${CEREMONY} } }`;
const FINISH_REG = `mutation ($c: String!, $r: String!, $n: String) {
  finishPasskeyRegistration(challengeId: $c, response: $r, name: $n) { id name createdAt lastUsedAt backedUp } }`;
const MY = `{ myPasskeys { id name lastUsedAt backedUp } mySecondFactor { passkeys { id } totpEnabled } }`;
const BEGIN_SIGN_IN = `mutation { beginPasskeySignIn { ${CEREMONY} } }`;
const FINISH_SIGN_IN = `mutation ($c: String!, $r: String!) {
  finishPasskeySignIn(challengeId: $c, response: $r) { accessToken refreshToken user { id email } } }`;
const BEGIN_STEP_UP = `mutation { beginPasskeyStepUp { ${CEREMONY} } }`;
const FINISH_STEP_UP = `mutation ($c: String!, $r: String!) {
  finishPasskeyStepUp(challengeId: $c, response: $r) { accessToken stepUpAt } }`;
const RENAME = `mutation ($id: ID!, $n: String!) { renamePasskey(id: $id, name: $n) { id name } }`;
const REMOVE = `mutation ($id: ID!) { removePasskey(id: $id) }`;
const CHANGE_PASSWORD = `mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;

/** As if the person's sessions last proved a factor `seconds` ago. */
const ageSessions = (userId: number, seconds: number) =>
  auth.sql(`update auth.user_sessions set auth_time = auth_time - make_interval(secs => $2) where user_id = $1`, [
    userId,
    seconds,
  ]);

async function register(token: string, device: VirtualAuthenticator, name?: string) {
  const begun = await auth.gql(BEGIN_REG, {}, token);
  const { challengeId, optionsJSON } = begun.body.data!.beginPasskeyRegistration;
  const response = device.createResponse(optionsJSON);
  const done = await auth.gql(FINISH_REG, { c: challengeId, r: JSON.stringify(response), n: name }, token);
  if (!done.body.data) throw new Error(JSON.stringify(done.body.errors));
  return done.body.data!.finishPasskeyRegistration as { id: string; name: string; backedUp: boolean };
}

async function beginSignIn() {
  const begun = await auth.gql(BEGIN_SIGN_IN, {});
  return begun.body.data!.beginPasskeySignIn as { challengeId: string; optionsJSON: string; expiresAt: string };
}

async function signInWith(device: VirtualAuthenticator, at: Parameters<VirtualAuthenticator["getResponse"]>[1] = {}) {
  const { challengeId, optionsJSON } = await beginSignIn();
  return auth.gql(FINISH_SIGN_IN, { c: challengeId, r: JSON.stringify(device.getResponse(optionsJSON, at)) });
}

describe("passkeys", () => {
  it("register, list, then sign in without an email: a working session, lastUsedAt set", async () => {
    const ann = await login(auth, "ann@example.com", PASSWORD);
    // No passkey yet: nothing to step up with (the browser would otherwise offer anyone's).
    expect(codeOf(await auth.gql(BEGIN_STEP_UP, {}, ann.accessToken))).toBe("PASSKEY_NOT_RECOGNISED");
    const phone = new VirtualAuthenticator({ origin: ORIGIN, backedUp: true });
    const added = await register(ann.accessToken, phone, "Ann's phone");
    expect(added).toMatchObject({ name: "Ann's phone", backedUp: true });
    expect((await auditOf("PASSKEY_REGISTERED")).at(-1)).toMatchObject({ user_id: annId });
    // The added-passkey notice, with its "not you?" link.
    const [mail] = await auth.sql(
      `select secret_variables_enc from auth.outbox_emails where user_id = $1 and variables->>'change' = 'PASSKEY_ADDED'`,
      [annId],
    );
    expect(mail!.secret_variables_enc).toEqual(expect.any(String));

    const listed = await auth.gql(MY, {}, ann.accessToken);
    expect(listed.body.data!.myPasskeys).toEqual([
      { id: added.id, name: "Ann's phone", lastUsedAt: null, backedUp: true },
    ]);
    expect(listed.body.data!.mySecondFactor).toEqual({ passkeys: [{ id: added.id }], totpEnabled: false });

    const signedIn = await signInWith(phone);
    const session = signedIn.body.data!.finishPasskeySignIn;
    expect(session.user).toEqual({ id: String(annId), email: "ann@example.com" });
    const claims = jwt.decode(session.accessToken) as jwt.JwtPayload;
    expect(Math.abs((claims.auth_time as number) - Date.now() / 1000)).toBeLessThan(10);
    const me = await auth.gql(ME, {}, session.accessToken);
    expect(me.body.data!.me).toMatchObject({ id: String(annId) });
    // Fresh from a passkey: a step-up-guarded change goes through.
    const changed = await auth.gql(CHANGE_PASSWORD, { c: PASSWORD, n: PASSWORD + "!" }, session.accessToken);
    expect(changed.body.data?.changePassword).toBe(true);
    const after = await auth.gql(MY, {}, session.accessToken);
    expect(after.body.data!.myPasskeys[0].lastUsedAt).toEqual(expect.any(String));
    expect((await auditOf("PASSKEY_SIGN_IN")).at(-1)).toMatchObject({ user_id: annId });
    expect((await auditOf("LOGIN_SUCCEEDED")).at(-1)).toMatchObject({
      user_id: annId,
      details: { method: "PASSKEY", secondFactor: "PASSKEY" },
    });
    await auth.gql(CHANGE_PASSWORD, { c: PASSWORD + "!", n: PASSWORD }, session.accessToken);
  });
});

describe("managing passkeys", () => {
  it("two passkeys per person; the same device is not offered twice; rename", async () => {
    const bo = await login(auth, "bo@example.com", PASSWORD);
    const laptop = new VirtualAuthenticator({ origin: ORIGIN });
    const key = new VirtualAuthenticator({ origin: ORIGIN });
    const first = await register(bo.accessToken, laptop);
    expect(first.name).toMatch(/^Passkey \d{4}-\d{2}-\d{2}$/);
    const second = await register(bo.accessToken, key, "Blue security key");

    // The next ceremony lists both as excluded: the browser refuses to make a duplicate on either.
    const begun = await auth.gql(BEGIN_REG, {}, bo.accessToken);
    const options = JSON.parse(begun.body.data!.beginPasskeyRegistration.optionsJSON);
    expect(options.excludeCredentials.map((c: { id: string }) => c.id).sort()).toEqual(
      [...laptop.credentials.keys(), ...key.credentials.keys()].sort(),
    );
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "preferred" });
    expect(() => laptop.createResponse(options)).toThrow(/excluded/);

    // Either one signs Bo in.
    for (const device of [laptop, key]) {
      const res = await signInWith(device);
      expect(res.body.data!.finishPasskeySignIn.user.email).toBe("bo@example.com");
    }

    const renamed = await auth.gql(RENAME, { id: first.id, n: "  Work laptop " }, bo.accessToken);
    expect(renamed.body.data!.renamePasskey).toEqual({ id: first.id, name: "Work laptop" });
    expect((await auditOf("PASSKEY_RENAMED")).at(-1)).toMatchObject({ details: { passkeyId: Number(first.id) } });
    const empty = await auth.gql(RENAME, { id: first.id, n: "  " }, bo.accessToken);
    expect(codeOf(empty)).toBe("BAD_USER_INPUT");
    // Ann cannot rename Bo's passkey: to her it does not exist.
    const ann = await login(auth, "ann@example.com", PASSWORD);
    expect(codeOf(await auth.gql(RENAME, { id: second.id, n: "mine now" }, ann.accessToken))).toBe("NOT_FOUND");

    const listed = await auth.gql(MY, {}, bo.accessToken);
    expect(listed.body.data!.myPasskeys.map((p: { name: string }) => p.name)).toEqual([
      "Work laptop",
      "Blue security key",
    ]);
  });

  it("adding a passkey needs a factor proven in the last 5 minutes", async () => {
    const ann = await login(auth, "ann@example.com", PASSWORD);
    await ageSessions(annId, 360);
    const stale = (
      await auth.gql(`mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`, {
        t: ann.refreshToken,
      })
    ).body.data!.refreshToken.accessToken as string;
    const refused = await auth.gql(BEGIN_REG, {}, stale);
    expect(codeOf(refused)).toBe("STEP_UP_REQUIRED");
    expect((await auditOf("STEP_UP_REQUIRED")).at(-1)).toMatchObject({
      user_id: annId,
      details: expect.objectContaining({ operation: "beginPasskeyRegistration" }),
    });
  });

  it("removing needs a step-up; a passkey step-up gives one; the removal is audited and mailed", async () => {
    // Bo starts without passkeys, so his password sign-in is his proof for adding one.
    await auth.sql(
      `delete from auth.passkeys where user_id = (select id from auth.users where email = 'bo@example.com')`,
    );
    const bo = await login(auth, "bo@example.com", PASSWORD);
    const boId = Number(bo.userId);
    const phone = new VirtualAuthenticator({ origin: ORIGIN });
    const added = await register(bo.accessToken, phone, "Old phone");
    await ageSessions(boId, 360);
    const stale = (
      await auth.gql(`mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`, {
        t: bo.refreshToken,
      })
    ).body.data!.refreshToken.accessToken as string;

    const refused = await auth.gql(REMOVE, { id: added.id }, stale);
    expect(codeOf(refused)).toBe("STEP_UP_REQUIRED");
    expect(codeOf(await auth.gql(CHANGE_PASSWORD, { c: PASSWORD, n: "a new long passphrase" }, stale))).toBe(
      "STEP_UP_REQUIRED",
    );

    const begun = await auth.gql(BEGIN_STEP_UP, {}, stale);
    const { challengeId, optionsJSON } = begun.body.data!.beginPasskeyStepUp;
    // Only Bo's own passkeys are offered.
    const offered = JSON.parse(optionsJSON).allowCredentials.map((c: { id: string }) => c.id);
    expect(offered).toContain([...phone.credentials.keys()][0]);
    expect(offered).toHaveLength((await auth.sql(`select 1 from auth.passkeys where user_id = $1`, [boId])).length);
    const stepped = await auth.gql(
      FINISH_STEP_UP,
      { c: challengeId, r: JSON.stringify(phone.getResponse(optionsJSON)) },
      stale,
    );
    const fresh = stepped.body.data!.finishPasskeyStepUp.accessToken as string;
    expect((await auditOf("PASSKEY_STEP_UP")).at(-1)).toMatchObject({ user_id: boId });
    // requireStepUp elsewhere accepts it: changing the password goes through.
    const changed = await auth.gql(CHANGE_PASSWORD, { c: PASSWORD, n: "a new long passphrase" }, fresh);
    expect(changed.body.data?.changePassword).toBe(true);
    await auth.gql(CHANGE_PASSWORD, { c: "a new long passphrase", n: PASSWORD }, fresh);

    const removed = await auth.gql(REMOVE, { id: added.id }, fresh);
    expect(removed.body.data!.removePasskey).toBe(true);
    expect((await auditOf("PASSKEY_REMOVED")).at(-1)).toMatchObject({ user_id: boId });
    const mails = await auth.sql(
      `select 1 from auth.outbox_emails where user_id = $1 and variables->>'change' = 'PASSKEY_REMOVED'`,
      [boId],
    );
    expect(mails).toHaveLength(1);
    // The removed passkey signs no one in any more.
    expect(codeOf(await signInWith(phone))).toBe("PASSKEY_NOT_RECOGNISED");
  });

  it("a passkey counts as the second factor the household requires", async () => {
    await auth.sql(
      `insert into auth.system_settings (key, value, updated_at) values ('secondFactor.required', '"EVERYONE"', now() - interval '30 days'),
       ('secondFactor.graceDays', '0', now() - interval '30 days')
       on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
    );
    try {
      const dee = await createDee();
      const before = await auth.gql(`{ mySecondFactor { required enrolmentOnly passkeys { id } } }`, {}, dee.token);
      expect(before.body.data!.mySecondFactor).toEqual({ required: true, enrolmentOnly: true, passkeys: [] });
      // Enrolment is open to her: she adds a passkey, and the next sign-in is a full one.
      const device = new VirtualAuthenticator({ origin: ORIGIN });
      await register(dee.token, device);
      const signedIn = await signInWith(device);
      const token = signedIn.body.data!.finishPasskeySignIn.accessToken as string;
      const status = await auth.gql(`{ mySecondFactor { required enrolmentOnly } }`, {}, token);
      expect(status.body.data!.mySecondFactor).toEqual({ required: true, enrolmentOnly: false });
      expect((await auth.gql(ME, {}, token)).body.data!.me.email).toBe("dee@example.com");
    } finally {
      await auth.sql(`delete from auth.system_settings where key like 'secondFactor.%'`);
    }
  });
});

async function createDee() {
  const hash = await auth.service.runtime.hasher.hash(PASSWORD);
  await auth.sql(
    `insert into auth.users (email, display_name, role, password_hash, created_at) values ($1, 'Dee', 'MEMBER', $2, now() - interval '30 days')`,
    ["dee@example.com", hash],
  );
  const dee = await login(auth, "dee@example.com", PASSWORD);
  return { token: dee.accessToken, id: Number(dee.userId) };
}

describe("refusals", () => {
  let cleo: { token: string; id: number };
  let device: VirtualAuthenticator;

  beforeAll(async () => {
    const hash = await auth.service.runtime.hasher.hash(PASSWORD);
    await auth.sql(
      `insert into auth.users (email, display_name, role, password_hash) values ($1, 'Cleo', 'MEMBER', $2)`,
      ["cleo@example.com", hash],
    );
    const signedIn = await login(auth, "cleo@example.com", PASSWORD);
    cleo = { token: signedIn.accessToken, id: Number(signedIn.userId) };
    device = new VirtualAuthenticator({ origin: ORIGIN });
    await register(cleo.token, device, "Cleo's key");
  });

  it("an answer made on another origin, or for another RP ID, is refused and audited", async () => {
    const phished = await signInWith(device, { origin: "https://homegraph-example.com" });
    expect(codeOf(phished)).toBe("PASSKEY_VERIFICATION_FAILED");
    expect((await auditOf("PASSKEY_SIGN_IN_FAILED")).at(-1)).toMatchObject({
      user_id: cleo.id,
      details: expect.objectContaining({ ceremony: "sign-in", reason: "verification_failed" }),
    });
    const otherRp = await signInWith(device, { rpId: "example.com" });
    expect(codeOf(otherRp)).toBe("PASSKEY_VERIFICATION_FAILED");
    expect((await auditOf("PASSKEY_SIGN_IN_FAILED")).at(-1)!.details.error).toMatch(/RP ID/i);
    // The passkey itself still works from the right place.
    expect((await signInWith(device)).body.data!.finishPasskeySignIn.user.email).toBe("cleo@example.com");
  });

  it("a challenge works once; an unknown one is refused", async () => {
    const { challengeId, optionsJSON } = await beginSignIn();
    const answer = JSON.stringify(device.getResponse(optionsJSON));
    expect((await auth.gql(FINISH_SIGN_IN, { c: challengeId, r: answer })).body.data!.finishPasskeySignIn).toBeTruthy();
    expect(codeOf(await auth.gql(FINISH_SIGN_IN, { c: challengeId, r: answer }))).toBe("PASSKEY_CHALLENGE_EXPIRED");
    expect(codeOf(await auth.gql(FINISH_SIGN_IN, { c: "x".repeat(43), r: answer }))).toBe("PASSKEY_CHALLENGE_EXPIRED");
    // Only hashes are kept of the ceremony.
    const [row] = await auth.sql(`select * from auth.passkey_challenges order by created_at desc limit 1`);
    expect(JSON.stringify(row ?? {})).not.toContain(JSON.parse(optionsJSON).challenge);
  });

  it("an expired challenge is refused", async () => {
    const { challengeId, optionsJSON } = await beginSignIn();
    await auth.sql(`update auth.passkey_challenges set expires_at = now() - interval '1 second'`);
    const late = await auth.gql(FINISH_SIGN_IN, { c: challengeId, r: JSON.stringify(device.getResponse(optionsJSON)) });
    expect(codeOf(late)).toBe("PASSKEY_CHALLENGE_EXPIRED");
  });

  it("a signature counter going backwards is refused as a clone, and audited", async () => {
    const copy = device.clone();
    expect((await signInWith(device)).body.data!.finishPasskeySignIn).toBeTruthy();
    const stored = Number(
      (await auth.sql(`select counter from auth.passkeys where user_id = $1`, [cleo.id]))[0]!.counter,
    );
    expect(stored).toBeGreaterThan(0);
    const cloned = await signInWith(copy, { counter: stored - 1 });
    expect(codeOf(cloned)).toBe("PASSKEY_CLONED");
    expect((await auditOf("PASSKEY_CLONED")).at(-1)).toMatchObject({
      user_id: cleo.id,
      details: expect.objectContaining({ storedCounter: stored, presentedCounter: stored - 1 }),
    });
    // The same counter again is no better.
    expect(codeOf(await signInWith(copy, { counter: stored }))).toBe("PASSKEY_CLONED");
  });

  it("a user handle that is not the passkey's person is not recognised", async () => {
    const res = await signInWith(device, { userHandle: Buffer.from("someone else").toString("base64url") });
    expect(codeOf(res)).toBe("PASSKEY_NOT_RECOGNISED");
  });

  it("a step-up with another person's passkey is refused and audited", async () => {
    const ann = await login(auth, "ann@example.com", PASSWORD);
    const begun = await auth.gql(BEGIN_STEP_UP, {}, ann.accessToken);
    const { challengeId, optionsJSON } = begun.body.data!.beginPasskeyStepUp;
    // Cleo's device answers Ann's challenge (a thief with Ann's session and their own passkey).
    const answer = device.getResponse(optionsJSON, { credentialId: [...device.credentials.keys()][0] });
    const refused = await auth.gql(FINISH_STEP_UP, { c: challengeId, r: JSON.stringify(answer) }, ann.accessToken);
    expect(codeOf(refused)).toBe("PASSKEY_NOT_RECOGNISED");
    expect((await auditOf("PASSKEY_SIGN_IN_FAILED")).at(-1)).toMatchObject({
      user_id: annId,
      details: expect.objectContaining({ ceremony: "step-up", reason: "another_persons_passkey" }),
    });
  });

  it("sign-in attempts are rate-limited per address", async () => {
    await auth.sql(`insert into auth.system_settings (key, value) values ('rateLimit.login.maxFailuresPerIp', '2')
      on conflict (key) do update set value = excluded.value`);
    try {
      for (let i = 0; i < 2; i++) {
        expect(codeOf(await signInWith(device, { origin: "https://evil.test" }))).toBe("PASSKEY_VERIFICATION_FAILED");
      }
      expect(codeOf(await auth.gql(BEGIN_SIGN_IN, {}))).toBe("RATE_LIMITED");
    } finally {
      await auth.sql(`delete from auth.system_settings where key = 'rateLimit.login.maxFailuresPerIp'`);
    }
  });
});
