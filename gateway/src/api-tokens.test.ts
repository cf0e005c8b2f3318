/**
 * API tokens through the gateway against the real stack: `Authorization: Bearer hgp_…` on /graphql
 * and on a WebSocket's connection_init, POST /auth/token for scripts, and revocation and expiry
 * reaching the gateway's cached access tokens within seconds.
 */
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { startStack, type Stack } from "../../test/support/stack";
import { within } from "../../test/support/tokens";

const PASSWORD = "correct horse battery";
let stack: Stack;
let adaId: number;
let ada: string;

beforeAll(async () => {
  stack = await startStack();
  adaId = await stack.addUser({ email: "ada@example.com", password: PASSWORD, role: "ADMIN" });
  ada = (await stack.signIn("ada@example.com", PASSWORD)).authorization;
});
afterAll(() => stack?.stop());

const ME = `{ me { id email } }`;
const CREATE = `mutation ($n: String!, $d: Int) { createApiToken(name: $n, expiresInDays: $d) { token apiToken { id } } }`;

async function newToken(name: string): Promise<{ token: string; id: string }> {
  const res = await stack.query(CREATE, { n: name, d: 30 }, { authorization: ada });
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return { token: res.body.data.createApiToken.token, id: res.body.data.createApiToken.apiToken.id };
}
const asToken = (token: string) => ({ authorization: `Bearer ${token}` });
const revoke = (id: string) =>
  stack.query(`mutation ($id: ID!) { revokeApiToken(id: $id) }`, { id }, { authorization: ada });

describe("API tokens at the gateway", () => {
  it("answers `me` for Bearer hgp_…, and keeps answering from its cached exchange", async () => {
    const { token } = await newToken("sandbox");
    for (let i = 0; i < 3; i++) {
      const res = await stack.query(ME, {}, asToken(token));
      expect(res.status).toBe(200);
      expect(res.body.data!.me).toEqual({ id: String(adaId), email: "ada@example.com" });
    }
    // One exchange served the three requests: lastUsedAt was set once, the first use audited once.
    const used = await stack.sql(`select * from auth.audit_log where event_type = 'API_TOKEN_USED'`);
    expect(used).toHaveLength(1);
  });

  it("POST /auth/token gives a script an access token, from the body or the Bearer header", async () => {
    const { token } = await newToken("script");
    const post = (init: RequestInit) => fetch(`${stack.gateway.url}/auth/token`, { method: "POST", ...init });
    const fromBody = await post({ headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
    expect(fromBody.status).toBe(200);
    expect(fromBody.headers.get("cache-control")).toBe("no-store");
    const body = (await fromBody.json()) as { accessToken: string; expiresIn: number; expiresAt: string };
    expect(body).toMatchObject({ tokenType: "Bearer", accessToken: expect.stringMatching(/^ey/) });
    expect(body.expiresIn).toBeGreaterThan(0);
    const me = await stack.query(ME, {}, asToken(body.accessToken));
    expect(me.body.data!.me.id).toBe(String(adaId));
    const fromHeader = await post({ headers: asToken(token) });
    expect(fromHeader.status).toBe(200);
    const wrong = await post({ headers: asToken(`hgp_${"x".repeat(43)}`) });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
  });

  it("cannot unlock or change roles: its access tokens never count as a step-up", async () => {
    const { token } = await newToken("no step-up");
    const role = await stack.query(
      `mutation { setUserRole(id: "${adaId}", role: ADMIN) { role } }`,
      {},
      asToken(token),
    );
    expect(role.body.errors![0]!.extensions!.code).toBe("STEP_UP_REQUIRED");
    const unlock = await stack.query(`mutation { unlock(deviceId: "1") { id } }`, {}, asToken(token));
    expect(unlock.body.errors![0]!.extensions!.code).toBe("STEP_UP_REQUIRED");
  });

  it("revoked: refused within seconds, over HTTP and on an open WebSocket", async () => {
    const { token, id } = await newToken("to revoke");
    expect((await stack.query(ME, {}, asToken(token))).status).toBe(200);
    const closes: number[] = [];
    let connected = false;
    const client = createClient({
      url: `${stack.gateway.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
      onNonLazyError: () => undefined,
      retryAttempts: 0,
      on: { connected: () => (connected = true), closed: (e) => closes.push((e as { code: number }).code) },
    });
    try {
      await within(5000, () => connected);
      const revokedAt = Date.now();
      expect((await revoke(id)).body.data!.revokeApiToken).toBe(true);
      await within(5000, async () => (await stack.query(ME, {}, asToken(token))).status === 401);
      await within(5000, () => closes.includes(4401));
      expect(Date.now() - revokedAt).toBeLessThan(5000);
    } finally {
      await client.dispose();
    }
  });

  it("expired: refused once the cached exchange runs out, which is never after the token's expiry", async () => {
    const { token, id } = await newToken("short");
    await stack.sql(`update auth.api_tokens set expires_at = now() + interval '3 seconds' where id = $1`, [id]);
    expect((await stack.query(ME, {}, asToken(token))).status).toBe(200);
    await within(10_000, async () => (await stack.query(ME, {}, asToken(token))).status === 401);
  });
});
