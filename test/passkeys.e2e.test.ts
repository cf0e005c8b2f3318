/**
 * Passkey sign-in through the gateway's REST pair, as the sign-in page's "Sign in with a passkey"
 * button does it: the real stack, a software authenticator in place of the browser and device.
 */
import { startStack, type Stack } from "./support/stack";
import { VirtualAuthenticator } from "./support/virtual-authenticator.cjs";

const ORIGIN = "https://homegraph.example.com";
const EMAIL = "cleo@example.com";
const PASSWORD = "cleo's long passphrase";
let stack: Stack;
let userId: number;
const device = new VirtualAuthenticator({ origin: ORIGIN });

beforeAll(async () => {
  stack = await startStack({ authEnv: { PUBLIC_URL: ORIGIN } });
  userId = await stack.addUser({ email: EMAIL, password: PASSWORD });
  // Cleo adds a passkey from a fresh session (signing in counts as a step-up).
  const { authorization } = await stack.signIn(EMAIL, PASSWORD);
  const begun = await stack.query(
    `mutation { beginPasskeyRegistration { challengeId optionsJSON } }`,
    {},
    {
      authorization,
    },
  );
  const { challengeId, optionsJSON } = begun.body.data!.beginPasskeyRegistration;
  const added = await stack.query(
    `mutation ($c: String!, $r: String!) { finishPasskeyRegistration(challengeId: $c, response: $r) { id name } }`,
    { c: challengeId, r: JSON.stringify(device.createResponse(optionsJSON)) },
    { authorization },
  );
  expect(added.body.data!.finishPasskeyRegistration.name).toMatch(/^Passkey \d{4}-\d{2}-\d{2}$/);
});
afterAll(() => stack?.stop());

const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${stack.gateway.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
};

describe("POST /auth/passkey/options and /auth/passkey/login", () => {
  it("signs in with no email typed: the session body and cookies of /auth/login", async () => {
    const options = await post("/auth/passkey/options", {});
    expect(options.status).toBe(200);
    expect(options.body).toMatchObject({
      challengeId: expect.any(String),
      options: { rpId: "homegraph.example.com", userVerification: "preferred", challenge: expect.any(String) },
    });
    expect(options.body.options.allowCredentials ?? []).toEqual([]);

    const response = device.getResponse(options.body.options);
    const login = await post(
      "/auth/passkey/login",
      { challengeId: options.body.challengeId, response },
      { "x-homegraph-client": "browser" },
    );
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ tokenType: "Bearer", user: { id: String(userId), email: EMAIL } });
    expect(login.body.refreshToken).toBeUndefined();
    const cookies = login.headers.get("set-cookie")!;
    expect(cookies).toMatch(/^hg_refresh=[^;]+;.*HttpOnly; SameSite=Strict/);
    expect(cookies).toMatch(/hg_browser=[A-Za-z0-9_-]{32};/);

    const me = await stack.query(`{ me { id email } }`, {}, { authorization: `Bearer ${login.body.accessToken}` });
    expect(me.body.data!.me).toEqual({ id: String(userId), email: EMAIL });

    // The challenge worked once: the same answer again is refused with 401.
    const replay = await post("/auth/passkey/login", { challengeId: options.body.challengeId, response });
    expect(replay.status).toBe(401);
    expect(replay.body.error).toMatchObject({ code: "PASSKEY_CHALLENGE_EXPIRED" });
  });

  it("refuses an answer made for another site (401 PASSKEY_VERIFICATION_FAILED) and a malformed body (400)", async () => {
    const options = await post("/auth/passkey/options", {});
    const phished = device.getResponse(options.body.options, { origin: "https://homegraph.example.com.evil.test" });
    const refused = await post("/auth/passkey/login", { challengeId: options.body.challengeId, response: phished });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: "PASSKEY_VERIFICATION_FAILED" });
    const [row] = await stack.sql(
      `select details from auth.audit_log where event_type = 'PASSKEY_SIGN_IN_FAILED' order by id desc limit 1`,
    );
    expect(row!.details).toMatchObject({ ceremony: "sign-in", reason: "verification_failed" });

    const malformed = await post("/auth/passkey/login", { challengeId: options.body.challengeId, response: "nope" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: "BAD_USER_INPUT", field: "response" });
  });
});
