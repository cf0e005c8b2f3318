/**
 * A passkey sign-in from a browser seen before is written in one statement (the passkey's use, the
 * session, the audit rows, the browser's last sighting), its limits read with the challenge: the
 * same rows, refusals and counts as the long way. The ceremony's start is one statement too. Through
 * auth's REST routes, as the gateway calls them.
 */
import { VirtualAuthenticator } from "../../../test/support/virtual-authenticator.cjs";
import { login, type AuthUnderTest } from "./__tests__/helpers";
import { PASSWORD, useAnnAndBo } from "./__tests__/household";

const ORIGIN = "https://homegraph.example.com";
let auth: AuthUnderTest;
let annId: number;
useAnnAndBo((household) => ({ auth, annId } = household), { PUBLIC_URL: ORIGIN });

const BROWSER = { "x-homegraph-browser": "anns-laptop-0123456789", "user-agent": "Firefox" };
const device = new VirtualAuthenticator({ origin: ORIGIN });

async function post(path: string, body: unknown, headers: Record<string, string> = BROWSER) {
  const res = await fetch(`${auth.url()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function answer(at: Parameters<VirtualAuthenticator["getResponse"]>[1] = {}) {
  const res = await post("/auth/passkey/options", {});
  expect(res.status).toBe(200);
  const { challengeId, options } = res.body;
  return { challengeId, response: device.getResponse(JSON.stringify(options), at) };
}

const rows = async (sql: string, params: unknown[] = []) => auth.sql(sql, params);
const alerts = () =>
  rows(`select id from auth.outbox_emails where user_id = $1 and variables->>'change' = 'NEW_BROWSER_SIGN_IN'`, [
    annId,
  ]);

beforeAll(async () => {
  const ann = await login(auth, "ann@example.com", PASSWORD, BROWSER);
  const begun = await auth.gql(
    `mutation { beginPasskeyRegistration { challengeId optionsJSON } }`,
    {},
    ann.accessToken,
  );
  const { challengeId, optionsJSON } = begun.body.data!.beginPasskeyRegistration;
  const done = await auth.gql(
    `mutation ($c: String!, $r: String!) { finishPasskeyRegistration(challengeId: $c, response: $r) { id } }`,
    { c: challengeId, r: JSON.stringify(device.createResponse(optionsJSON)) },
    ann.accessToken,
  );
  expect(done.body.errors).toBeUndefined();
});

it("a known browser's sign-in: the session, both audit rows in order, the counter and the sighting", async () => {
  const before = (await rows(`select last_seen_at from auth.known_browsers where user_id = $1`, [annId]))[0]!;
  const sessions = (await rows(`select count(*)::int as n from auth.user_sessions`))[0]!.n as number;
  const signedIn = await post("/auth/passkey/login", await answer());
  expect(signedIn.status).toBe(200);
  expect(signedIn.body).toMatchObject({
    accessToken: expect.any(String),
    refreshToken: expect.any(String),
    user: { id: String(annId), email: "ann@example.com", role: "ADMIN" },
  });
  expect((await rows(`select count(*)::int as n from auth.user_sessions`))[0]!.n).toBe(sessions + 1);
  const audits = await rows(
    `select event_type, user_id, ip, user_agent, details, created_at from auth.audit_log order by id desc limit 2`,
  );
  expect(audits.map((a) => a.event_type)).toEqual(["LOGIN_SUCCEEDED", "PASSKEY_SIGN_IN"]);
  expect(audits[0]!).toMatchObject({ user_id: annId, user_agent: "Firefox", details: { method: "PASSKEY" } });
  expect(audits[1]!.details).toMatchObject({ passkeyId: expect.any(Number) });
  expect(audits[0]!.created_at).toEqual(audits[1]!.created_at);
  const [key] = await rows(`select counter, last_used_at from auth.passkeys where user_id = $1`, [annId]);
  expect(Number(key!.counter)).toBeGreaterThan(0);
  expect(key!.last_used_at).toBeTruthy();
  const after = (await rows(`select last_seen_at from auth.known_browsers where user_id = $1`, [annId]))[0]!;
  expect(after.last_seen_at.getTime()).toBeGreaterThan(before.last_seen_at.getTime());
  expect(await alerts()).toHaveLength(0);
  // The refresh token works: it is the session just written.
  const refreshed = await auth.gql(`mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`, {
    t: signedIn.body.refreshToken,
  });
  expect(refreshed.body.errors).toBeUndefined();
});

it("a new browser still signs in the long way, mailed", async () => {
  const other = { "x-homegraph-browser": "a-stranger-browser-0123", "user-agent": "Chrome" };
  expect((await post("/auth/passkey/login", await answer(), other)).status).toBe(200);
  expect(await alerts()).toHaveLength(1);
  expect((await post("/auth/passkey/login", await answer(), other)).status).toBe(200);
  expect(await alerts()).toHaveLength(1);
});

it("two answers with one counter at once: one session, the other refused as a clone and counted", async () => {
  const stored = Number((await rows(`select counter from auth.passkeys where user_id = $1`, [annId]))[0]!.counter);
  const [a, b] = [await answer({ counter: stored + 1 }), await answer({ counter: stored + 1 })];
  const results = await Promise.all([post("/auth/passkey/login", a), post("/auth/passkey/login", b)]);
  expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  expect(results.find((r) => r.status === 401)!.body.error).toMatchObject({ code: "PASSKEY_CLONED" });
  expect((await rows(`select count(*)::int as n from auth.rate_limit_buckets where key like 'login:ip:%'`))[0]!.n).toBe(
    1,
  );
});

it("over the address's limit: RATE_LIMITED with its wait, and the challenge is not spent", async () => {
  await rows(`insert into auth.system_settings (key, value) values ('rateLimit.login.maxFailuresPerIp', '1')
    on conflict (key) do update set value = excluded.value`);
  try {
    // Asked for before the failure: starting a ceremony is refused too once the address is over.
    const held = await answer();
    const wrong = await post("/auth/passkey/login", await answer({ origin: "https://evil.test" }));
    expect(wrong.body.error).toMatchObject({ code: "PASSKEY_VERIFICATION_FAILED" });
    const limited = await post("/auth/passkey/login", held);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    await rows(`delete from auth.rate_limit_buckets`);
    expect((await post("/auth/passkey/login", held)).status).toBe(200);
  } finally {
    await rows(`delete from auth.system_settings where key = 'rateLimit.login.maxFailuresPerIp'`);
  }
});

it("a disabled person's passkey: refused, audited, no session", async () => {
  const sessions = (await rows(`select count(*)::int as n from auth.user_sessions`))[0]!.n as number;
  await rows(`update auth.users set disabled_at = now() where id = $1`, [annId]);
  try {
    const refused = await post("/auth/passkey/login", await answer());
    expect(refused.status).toBe(403);
    expect((await rows(`select count(*)::int as n from auth.user_sessions`))[0]!.n).toBe(sessions);
    const [failed] = await rows(`select event_type, details from auth.audit_log order by id desc limit 1`);
    expect(failed).toMatchObject({ event_type: "LOGIN_FAILED", details: { reason: "disabled", method: "PASSKEY" } });
  } finally {
    await rows(`update auth.users set disabled_at = null where id = $1`, [annId]);
  }
});

it("starting ceremonies: each counted and stored, none once the address is over its limit", async () => {
  await rows(`insert into auth.system_settings (key, value) values ('rateLimit.passkey.maxPerIp', '2')
    on conflict (key) do update set value = excluded.value`);
  try {
    const challenges = async () => (await rows(`select count(*)::int as n from auth.passkey_challenges`))[0]!.n;
    const stored = await challenges();
    const started = await post("/auth/passkey/options", {});
    expect(started.body).toMatchObject({
      challengeId: expect.any(String),
      options: { challenge: expect.any(String), rpId: "homegraph.example.com", allowCredentials: [] },
      expiresAt: expect.stringMatching(/Z$/),
    });
    expect((await post("/auth/passkey/options", {})).status).toBe(200);
    const limited = await post("/auth/passkey/options", {});
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    expect(await challenges()).toBe(stored + 2);
    const [bucket] = await rows(`select count from auth.rate_limit_buckets where key like 'passkey:begin:ip:%'`);
    expect(bucket!.count).toBe(2);
  } finally {
    await rows(`delete from auth.system_settings where key = 'rateLimit.passkey.maxPerIp'`);
  }
});

it("a malformed body is BAD_USER_INPUT", async () => {
  const res = await post("/auth/passkey/login", { challengeId: 5 });
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code: "BAD_USER_INPUT", field: "challengeId" });
});
