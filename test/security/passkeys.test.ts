/**
 * Attacks on passkeys, end to end through the gateway against the real stack, with a software
 * authenticator: an answer made for another origin or RP ID (a phishing site), a signature counter
 * going backwards (a cloned authenticator), a replayed challenge, and adding a passkey or stepping
 * up with another person's session or passkey. Each is refused and in auth's audit log.
 */
import { attackLog, audited, codeOf, lastAuditId } from "../support/attacks";
import { postGraphQL, startStack, type Stack } from "../support/stack";
import { VirtualAuthenticator } from "../support/virtual-authenticator.cjs";

const log = attackLog("passkeys");
const PASSWORD = "correct horse battery";
const ORIGIN = "https://homegraph.example.com";
let stack: Stack;
let aliceId: number;
let bobId: number;
const alicesKey = new VirtualAuthenticator({ origin: ORIGIN });
const bobsKey = new VirtualAuthenticator({ origin: ORIGIN });

const gql = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
  postGraphQL(stack.gateway.url, query, variables, token ? { authorization: `Bearer ${token}` } : {});

const BEGIN_REG = `mutation { beginPasskeyRegistration { challengeId optionsJSON } }`;
const FINISH_REG = `mutation ($c: String!, $r: String!) { finishPasskeyRegistration(challengeId: $c, response: $r) { id } }`;
const BEGIN_SIGN_IN = `mutation { beginPasskeySignIn { challengeId optionsJSON } }`;
const FINISH_SIGN_IN = `mutation ($c: String!, $r: String!) { finishPasskeySignIn(challengeId: $c, response: $r) { accessToken } }`;
const BEGIN_STEP_UP = `mutation { beginPasskeyStepUp { challengeId optionsJSON } }`;
const FINISH_STEP_UP = `mutation ($c: String!, $r: String!) { finishPasskeyStepUp(challengeId: $c, response: $r) { accessToken } }`;

async function addPasskey(email: string, device: VirtualAuthenticator): Promise<void> {
  const { accessToken } = await stack.signIn(email, PASSWORD);
  const { challengeId, optionsJSON } = (await gql(BEGIN_REG, {}, accessToken)).body.data!.beginPasskeyRegistration;
  const done = await gql(
    FINISH_REG,
    { c: challengeId, r: JSON.stringify(device.createResponse(optionsJSON)) },
    accessToken,
  );
  expect(done.body.errors).toBeUndefined();
}

beforeAll(async () => {
  stack = await startStack({ authEnv: { PUBLIC_URL: ORIGIN } });
  aliceId = await stack.addUser({ email: "alice@example.com", password: PASSWORD, role: "ADMIN" });
  bobId = await stack.addUser({ email: "bob@example.com", password: PASSWORD, role: "MEMBER" });
  await addPasskey("alice@example.com", alicesKey);
  await addPasskey("bob@example.com", bobsKey);
});
afterAll(async () => {
  log.finish();
  await stack?.stop();
});
beforeEach(() => stack.sql(`delete from auth.rate_limit_buckets`));

async function signIn(device: VirtualAuthenticator, at: Parameters<VirtualAuthenticator["getResponse"]>[1] = {}) {
  const { challengeId, optionsJSON } = (await gql(BEGIN_SIGN_IN)).body.data!.beginPasskeySignIn;
  const response = JSON.stringify(device.getResponse(optionsJSON, at));
  return { res: await gql(FINISH_SIGN_IN, { c: challengeId, r: response }), challengeId, response };
}

describe("passkey sign-in", () => {
  it("an answer made on another origin, or for another RP ID (a phishing site)", async () => {
    for (const [attack, at] of [
      ["passkey assertion for another origin", { origin: "https://homegraph.example.com.evil.test" }],
      ["passkey assertion for another RP ID", { rpId: "evil.test" }],
    ] as const) {
      const since = await lastAuditId(stack);
      const { res } = await signIn(alicesKey, at);
      const seen = `${codeOf(res.body)} audited=${await audited(stack, "PASSKEY_SIGN_IN_FAILED", aliceId, since)}`;
      log.refused(attack, "finishPasskeySignIn", "PASSKEY_VERIFICATION_FAILED audited=true", seen);
    }
  });

  it("a signature counter going backwards (a cloned authenticator)", async () => {
    const copy = alicesKey.clone();
    expect((await signIn(alicesKey)).res.body.errors).toBeUndefined();
    const [row] = await stack.sql(`select counter from auth.passkeys where user_id = $1`, [aliceId]);
    const since = await lastAuditId(stack);
    const { res } = await signIn(copy, { counter: Number(row!.counter) - 1 });
    const seen = `${codeOf(res.body)} audited=${await audited(stack, "PASSKEY_CLONED", aliceId, since)}`;
    log.refused(
      "passkey signature counter going backwards",
      "finishPasskeySignIn",
      "PASSKEY_CLONED audited=true",
      seen,
    );
  });

  it("a replayed challenge", async () => {
    const first = await signIn(bobsKey);
    expect(first.res.body.errors).toBeUndefined();
    const since = await lastAuditId(stack);
    const replay = await gql(FINISH_SIGN_IN, { c: first.challengeId, r: first.response });
    // Nobody is named by a spent challenge: the failure is audited without a person.
    const [row] = await stack.sql(
      `select 1 from auth.audit_log where event_type = 'PASSKEY_SIGN_IN_FAILED' and id > $1
       and details->>'reason' = 'challenge_expired'`,
      [since],
    );
    const seen = `${codeOf(replay.body)} audited=${Boolean(row)}`;
    log.refused("replayed passkey challenge", "finishPasskeySignIn", "PASSKEY_CHALLENGE_EXPIRED audited=true", seen);
  });
});

describe("passkeys and another person's session or passkey", () => {
  it("adding a passkey with another person's stolen (stale) session", async () => {
    const { refreshToken } = await stack.signIn("alice@example.com", PASSWORD);
    await stack.sql(`update auth.user_sessions set auth_time = now() - interval '15 minutes' where user_id = $1`, [
      aliceId,
    ]);
    const refreshed = await postGraphQL(
      stack.auth.url,
      `mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`,
      { t: refreshToken },
    );
    const stolen = refreshed.body.data!.refreshToken.accessToken as string;
    const since = await lastAuditId(stack);
    const res = await gql(BEGIN_REG, {}, stolen);
    const seen = `${codeOf(res.body)} audited=${await audited(stack, "STEP_UP_REQUIRED", aliceId, since)}`;
    log.refused(
      "enrolling a passkey with another person's stolen session",
      "beginPasskeyRegistration",
      "STEP_UP_REQUIRED audited=true",
      seen,
    );
  });

  it("finishing another person's passkey enrolment", async () => {
    // Alice starts adding a passkey; Bob's session presents his own device's answer to her ceremony.
    // She has a passkey, so she proves it is her with it before adding another.
    const alice = await stack.signIn("alice@example.com", PASSWORD);
    const step = (await gql(BEGIN_STEP_UP, {}, alice.accessToken)).body.data!.beginPasskeyStepUp;
    const stepped = await gql(
      FINISH_STEP_UP,
      { c: step.challengeId, r: JSON.stringify(alicesKey.getResponse(step.optionsJSON)) },
      alice.accessToken,
    );
    const fresh = stepped.body.data!.finishPasskeyStepUp.accessToken as string;
    const { challengeId, optionsJSON } = (await gql(BEGIN_REG, {}, fresh)).body.data!.beginPasskeyRegistration;
    const bob = await stack.signIn("bob@example.com", PASSWORD);
    const since = await lastAuditId(stack);
    const thief = new VirtualAuthenticator({ origin: ORIGIN });
    const res = await gql(
      FINISH_REG,
      { c: challengeId, r: JSON.stringify(thief.createResponse(optionsJSON)) },
      bob.accessToken,
    );
    const seen = `${codeOf(res.body)} audited=${await audited(stack, "PASSKEY_SIGN_IN_FAILED", bobId, since)}`;
    log.refused(
      "finishing another person's passkey enrolment",
      "finishPasskeyRegistration",
      "PASSKEY_NOT_RECOGNISED audited=true",
      seen,
    );
    const mine = await stack.sql(`select count(*)::int as n from auth.passkeys where user_id = $1`, [aliceId]);
    expect(mine[0]!.n).toBe(1);
  });

  it("a step-up with another person's passkey", async () => {
    const alice = await stack.signIn("alice@example.com", PASSWORD);
    const { challengeId, optionsJSON } = (await gql(BEGIN_STEP_UP, {}, alice.accessToken)).body.data!
      .beginPasskeyStepUp;
    const since = await lastAuditId(stack);
    const answer = bobsKey.getResponse(optionsJSON, { credentialId: [...bobsKey.credentials.keys()][0] });
    const res = await gql(FINISH_STEP_UP, { c: challengeId, r: JSON.stringify(answer) }, alice.accessToken);
    const seen = `${codeOf(res.body)} audited=${await audited(stack, "PASSKEY_SIGN_IN_FAILED", aliceId, since)}`;
    log.refused(
      "step-up with another person's passkey",
      "finishPasskeyStepUp",
      "PASSKEY_NOT_RECOGNISED audited=true",
      seen,
    );
  });
});
