/**
 * Attacks on the second factor and on step-up, end to end through the gateway against the real
 * stack: a replayed authenticator code, a reused recovery code, operations that open the house or
 * change the account with a factor proven more than 5 minutes ago, and enrolling a factor with
 * someone else's session or for someone else. Each is refused; those the auth service sees are
 * also in its audit log.
 */
import { TOTP } from "otpauth";
import { attackLog, audited, codeOf, lastAuditId } from "../support/attacks";
import { postGraphQL, startStack, type Stack } from "../support/stack";

const log = attackLog("second-factor");
const PASSWORD = "correct horse battery";
let stack: Stack;
let aliceId: number;
let bobId: number;

beforeAll(async () => {
  stack = await startStack();
  aliceId = await stack.addUser({ email: "alice@example.com", password: PASSWORD, role: "ADMIN" });
  bobId = await stack.addUser({ email: "bob@example.com", password: PASSWORD, role: "MEMBER" });
});
afterAll(async () => {
  log.finish();
  await stack?.stop();
});

const gql = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
  postGraphQL(stack.gateway.url, query, variables, token ? { authorization: `Bearer ${token}` } : {});

/** A session whose last proven factor is `seconds` old (its tokens say so; a refresh keeps it). */
async function staleSession(email: string, userId: number, seconds = 301): Promise<string> {
  const { refreshToken } = await stack.signIn(email, PASSWORD);
  await stack.sql(`update auth.user_sessions set auth_time = now() - make_interval(secs => $2) where user_id = $1`, [
    userId,
    seconds,
  ]);
  const res = await postGraphQL(
    stack.auth.url,
    `mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`,
    {
      t: refreshToken,
    },
  );
  return res.body.data!.refreshToken.accessToken as string;
}

const BEGIN = `mutation { beginTotpEnrollment { secret } }`;
const CONFIRM = `mutation ($c: String!) { confirmTotpEnrollment(code: $c) { recoveryCodes } }`;
const CHALLENGE = `mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { ... on SecondFactorChallenge { challenge } } }`;
const COMPLETE = `mutation ($ch: String!, $c: String, $r: String) { completeSignIn(challenge: $ch, code: $c, recoveryCode: $r) { accessToken } }`;

describe("second factor", () => {
  let code: string;
  let recoveryCodes: string[];

  beforeAll(async () => {
    const bob = await stack.signIn("bob@example.com", PASSWORD);
    const { secret } = (await gql(BEGIN, {}, bob.accessToken)).body.data!.beginTotpEnrollment;
    code = new TOTP({ secret }).generate();
    recoveryCodes = (await gql(CONFIRM, { c: code }, bob.accessToken)).body.data!.confirmTotpEnrollment.recoveryCodes;
  });
  const challenge = async () =>
    (await gql(CHALLENGE, { e: "bob@example.com", p: PASSWORD })).body.data!.signIn.challenge as string;

  it("a replayed authenticator code", async () => {
    const since = await lastAuditId(stack);
    const res = await gql(COMPLETE, { ch: await challenge(), c: code });
    const seen = `${codeOf(res.body)} audited=${await audited(stack, "TOTP_REPLAY_REFUSED", bobId, since)}`;
    log.refused(
      "replayed TOTP code (already used in its time step)",
      "completeSignIn",
      "BAD_USER_INPUT audited=true",
      seen,
    );
  });

  it("a reused recovery code", async () => {
    const first = await gql(COMPLETE, { ch: await challenge(), r: recoveryCodes[0] });
    expect(first.body.errors).toBeUndefined();
    const since = await lastAuditId(stack);
    const res = await gql(COMPLETE, { ch: await challenge(), r: recoveryCodes[0] });
    const seen = `${codeOf(res.body)} audited=${await audited(stack, "RECOVERY_CODE_REFUSED", bobId, since)}`;
    log.refused("reused recovery code", "completeSignIn", "BAD_USER_INPUT audited=true", seen);
  });
});

describe("step-up older than 5 minutes", () => {
  it("changing a password or a role, and enrolling a factor, are refused and audited", async () => {
    const stale = await staleSession("alice@example.com", aliceId);
    const attacks: [string, string, Record<string, unknown>][] = [
      [
        "changePassword",
        `mutation { changePassword(currentPassword: "${PASSWORD}", newPassword: "new and long enough") }`,
        {},
      ],
      ["setUserRole", `mutation ($id: ID!) { setUserRole(id: $id, role: ADMIN) { role } }`, { id: bobId }],
      ["beginTotpEnrollment", BEGIN, {}],
    ];
    for (const [operation, query, variables] of attacks) {
      const since = await lastAuditId(stack);
      const res = await gql(query, variables, stale);
      const max = res.body.errors?.[0]?.extensions?.maxAgeSeconds;
      const seen = `${codeOf(res.body)} maxAgeSeconds=${max} audited=${await audited(stack, "STEP_UP_REQUIRED", aliceId, since)}`;
      log.refused("step-up older than 5 minutes", operation, "STEP_UP_REQUIRED maxAgeSeconds=300 audited=true", seen);
    }
  });

  it("unlocking a lock and disarming HSM (home) are refused", async () => {
    const stale = await staleSession("alice@example.com", aliceId);
    const attacks: [string, string][] = [
      ["unlock", `mutation { unlock(deviceId: "1") { id } }`],
      ["sendDeviceCommand unlock", `mutation { sendDeviceCommand(deviceId: "1", command: "unlock") { id } }`],
      ["setHsm disarm", `mutation { setHsm(value: disarm) { hsmStatus } }`],
    ];
    for (const [operation, query] of attacks) {
      const res = await gql(query, {}, stale);
      const max = res.body.errors?.[0]?.extensions?.maxAgeSeconds;
      log.refused(
        "step-up older than 5 minutes",
        operation,
        "STEP_UP_REQUIRED maxAgeSeconds=300",
        `${codeOf(res.body)} maxAgeSeconds=${max}`,
      );
    }
  });
});

describe("enrolling a factor for someone else", () => {
  it("with another person's stolen (stale) session, for another person, or confirming their enrolment", async () => {
    const stolen = await staleSession("alice@example.com", aliceId, 900);
    let since = await lastAuditId(stack);
    const res = await gql(BEGIN, {}, stolen);
    log.refused(
      "enrolling TOTP with another person's stolen session",
      "beginTotpEnrollment",
      "STEP_UP_REQUIRED audited=true",
      `${codeOf(res.body)} audited=${await audited(stack, "STEP_UP_REQUIRED", aliceId, since)}`,
    );

    const aliceToken = (await stack.signIn("alice@example.com", PASSWORD)).accessToken;
    const forOther = await gql(`mutation { beginTotpEnrollment(userId: "${bobId}") { secret } }`, {}, aliceToken);
    log.refused(
      "enrolling TOTP for another person (naming them)",
      "beginTotpEnrollment",
      "BAD_USER_INPUT",
      codeOf(forOther.body),
    );

    // Alice begins an enrolment; a session of someone else cannot confirm it for her.
    const { secret } = (await gql(BEGIN, {}, aliceToken)).body.data!.beginTotpEnrollment;
    const carol = await stack.addUser({ email: "carol@example.com", password: PASSWORD, role: "MEMBER" });
    const carolToken = (await stack.signIn("carol@example.com", PASSWORD)).accessToken;
    since = await lastAuditId(stack);
    const hijack = await gql(CONFIRM, { c: new TOTP({ secret }).generate() }, carolToken);
    log.refused(
      "confirming another person's TOTP enrolment",
      "confirmTotpEnrollment",
      "BAD_USER_INPUT audited=true",
      `${codeOf(hijack.body)} audited=${await audited(stack, "SECOND_FACTOR_FAILED", carol, since)}`,
    );
    const [row] = await stack.sql(`select enabled_at from auth.user_totp where user_id = $1`, [aliceId]);
    expect(row!.enabled_at).toBeNull();
  });
});
