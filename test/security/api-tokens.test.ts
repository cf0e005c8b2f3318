/**
 * Attacks with API tokens (`hgp_…`), end to end through the gateway against the real stack: using
 * one for what needs a fresh factor (roles, locks, stepping up), presenting a revoked one, and
 * guessing. Each is refused; those the auth service sees are also in its audit log.
 */
import { attackLog, audited, codeOf, lastAuditId } from "../support/attacks";
import { startStack, type Stack } from "../support/stack";
import { within } from "../support/tokens";

const log = attackLog("api-tokens");
const PASSWORD = "correct horse battery";
let stack: Stack;
let aliceId: number;
let alice: string;

beforeAll(async () => {
  stack = await startStack();
  aliceId = await stack.addUser({ email: "alice@example.com", password: PASSWORD, role: "ADMIN" });
  alice = (await stack.signIn("alice@example.com", PASSWORD)).authorization;
});
afterAll(async () => {
  log.finish();
  await stack?.stop();
});

async function apiToken(name: string): Promise<{ token: string; id: string }> {
  const res = await stack.query(
    `mutation ($n: String!) { createApiToken(name: $n, expiresInDays: 30) { token apiToken { id } } }`,
    { n: name },
    { authorization: alice },
  );
  return { token: res.body.data!.createApiToken.token, id: res.body.data!.createApiToken.apiToken.id };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("an API token where a fresh factor is needed", () => {
  it("cannot change a role, unlock, disarm, create another token, or step up", async () => {
    const { token } = await apiToken("stolen from a script");
    const attacks: [string, string, string][] = [
      [
        "setUserRole",
        `mutation { setUserRole(id: "${aliceId}", role: MEMBER) { role } }`,
        "STEP_UP_REQUIRED audited=true",
      ],
      ["createApiToken", `mutation { createApiToken(name: "more") { token } }`, "STEP_UP_REQUIRED audited=true"],
      [
        "requestEmailChange",
        `mutation { requestEmailChange(newEmail: "thief@example.com") }`,
        "STEP_UP_REQUIRED audited=true",
      ],
    ];
    for (const [operation, query, expected] of attacks) {
      const since = await lastAuditId(stack);
      const res = await stack.query(query, {}, bearer(token));
      const seen = `${codeOf(res.body)} audited=${await audited(stack, "STEP_UP_REQUIRED", aliceId, since)}`;
      log.refused("API token used where a step-up is needed", operation, expected, seen);
    }
    for (const [operation, query] of [
      ["unlock", `mutation { unlock(deviceId: "1") { id } }`],
      ["setHsm disarm", `mutation { setHsm(value: disarm) { hsmStatus } }`],
    ] as const) {
      const res = await stack.query(query, {}, bearer(token));
      log.refused("API token used where a step-up is needed", operation, "STEP_UP_REQUIRED", codeOf(res.body));
    }
    const stepUp = await stack.query(`mutation { stepUp(password: "${PASSWORD}") { accessToken } }`, {}, bearer(token));
    log.refused("API token stepping up (with the right password)", "stepUp", "FORBIDDEN", codeOf(stepUp.body));
  });
});

describe("a revoked API token", () => {
  it("is refused within seconds, cached exchange or not", async () => {
    const { token, id } = await apiToken("leaked");
    expect((await stack.query(`{ me { id } }`, {}, bearer(token))).status).toBe(200);
    await stack.query(`mutation ($id: ID!) { revokeApiToken(id: $id) }`, { id }, { authorization: alice });
    let status = 0;
    const took = await within(5000, async () => {
      status = (await stack.query(`{ me { id } }`, {}, bearer(token))).status;
      return status === 401;
    }).catch(() => Infinity);
    log.refused(
      "revoked API token (cached at the gateway)",
      "gateway /graphql",
      "401 within 5 s",
      `${status} within ${took < 5000 ? "5 s" : "more than 5 s"}`,
    );
    const res = await fetch(`${stack.gateway.url}/auth/token`, { method: "POST", headers: bearer(token) });
    const body = (await res.json()) as { error?: { code: string } };
    log.refused("revoked API token", "gateway /auth/token", "UNAUTHENTICATED 401", `${body.error?.code} ${res.status}`);
  });
});

describe("guessing API tokens", () => {
  it("is refused alike, then rate limited per address", async () => {
    // The count starts here: the revoked token above was a refusal from this address too.
    await stack.sql(`delete from auth.rate_limit_buckets`);
    const seen: string[] = [];
    for (let i = 0; i < 24; i++) {
      const guess = `hgp_${Buffer.from(`guess-${i}`).toString("base64url").padEnd(43, "A")}`;
      const res = await stack.query(`{ me { id } }`, {}, bearer(guess));
      seen.push(`${codeOf(res.body)} ${res.status}`);
    }
    const summary = [...new Set(seen)].map((s) => `${s} x${seen.filter((x) => x === s).length}`).join(", ");
    log.refused(
      "24 guessed hgp_ tokens from one address",
      "gateway /graphql",
      "UNAUTHENTICATED 401 x20, RATE_LIMITED 429 x4",
      summary,
    );
  });
});
