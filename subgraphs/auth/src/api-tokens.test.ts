/**
 * API tokens at the auth service: created only after a step-up, the secret shown once and stored as
 * a keyed hash, listed without it, exchanged for access tokens that never pass step-up, and refused
 * once revoked or expired.
 */
import jwt from "jsonwebtoken";
import { codeOf, login, REFRESH, type AuthUnderTest } from "./__tests__/helpers";
import { ME, PASSWORD, useAnnAndBo } from "./__tests__/household";

let auth: AuthUnderTest;
let annId: number;
const { auditOf } = useAnnAndBo((household) => ({ auth, annId } = household));

const CREATE = `mutation ($n: String!, $d: Int) {
  createApiToken(name: $n, expiresInDays: $d) { token apiToken { id name createdAt expiresAt lastUsedAt } } }`;
const LIST = `{ myApiTokens { id name createdAt expiresAt lastUsedAt } }`;
const REVOKE = `mutation ($id: ID!) { revokeApiToken(id: $id) }`;
const EXCHANGE = `mutation ($t: String!) { exchangeApiToken(token: $t) { accessToken expiresAt } }`;

async function create(token: string, name: string, days: number | null = 30) {
  const res = await auth.gql(CREATE, { n: name, d: days }, token);
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.createApiToken as { token: string; apiToken: { id: string; expiresAt: string | null } };
}
const exchange = (secret: string) => auth.gql(EXCHANGE, { t: secret });

describe("API tokens", () => {
  it("creating one needs a fresh factor", async () => {
    const ann = await login(auth, "ann@example.com", PASSWORD);
    await auth.sql(`update auth.user_sessions set auth_time = now() - interval '301 seconds' where user_id = $1`, [
      annId,
    ]);
    const stale = (await auth.gql(REFRESH, { t: ann.refreshToken })).body.data!.refreshToken.accessToken;
    const res = await auth.gql(CREATE, { n: "script", d: 30 }, stale);
    expect(codeOf(res)).toBe("STEP_UP_REQUIRED");
    expect((await auditOf("STEP_UP_REQUIRED")).at(-1)!.details).toMatchObject({ operation: "createApiToken" });
    expect(await auth.sql(`select * from auth.api_tokens`)).toEqual([]);
  });

  it("shows the secret once, stores only a keyed hash, lists without it; its access tokens never pass step-up", async () => {
    const ann = await login(auth, "ann@example.com", PASSWORD);
    const created = await create(ann.accessToken, "Sandbox", 90);
    expect(created.token).toMatch(/^hgp_[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(created.apiToken.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);
    const stored = JSON.stringify(await auth.sql(`select * from auth.api_tokens`));
    expect(stored).not.toContain(created.token);
    expect(stored).not.toContain(created.token.slice(4));
    const listed = await auth.gql(LIST, {}, ann.accessToken);
    expect(listed.body.data!.myApiTokens).toEqual([
      expect.objectContaining({ id: created.apiToken.id, name: "Sandbox", lastUsedAt: null }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(created.token);
    expect((await auditOf("API_TOKEN_CREATED")).at(-1)).toMatchObject({ user_id: annId });

    const exchanged = await exchange(created.token);
    const access = exchanged.body.data!.exchangeApiToken.accessToken as string;
    const claims = jwt.decode(access) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: String(annId), sid: created.apiToken.id, role: "ADMIN" });
    expect(claims.auth_time).toBeUndefined();
    expect((await auth.gql(ME, {}, access)).body.data!.me.id).toBe(String(annId));
    // First use audited once; lastUsedAt moves at most once a minute.
    await exchange(created.token);
    expect((await auditOf("API_TOKEN_USED")).filter((r) => r.details.tokenId === created.apiToken.id)).toHaveLength(1);
    const used = (await auth.gql(LIST, {}, ann.accessToken)).body.data!.myApiTokens[0].lastUsedAt;
    expect(Math.abs(Date.parse(used) - Date.now())).toBeLessThan(10_000);

    // Cannot do what needs a step-up, and cannot step up itself.
    const role = await auth.gql(`mutation { setUserRole(id: "${annId}", role: ADMIN) { role } }`, {}, access);
    expect(codeOf(role)).toBe("STEP_UP_REQUIRED");
    expect(codeOf(await auth.gql(CREATE, { n: "another", d: 1 }, access))).toBe("STEP_UP_REQUIRED");
    const stepUp = await auth.gql(`mutation { stepUp(password: "${PASSWORD}") { accessToken } }`, {}, access);
    expect(codeOf(stepUp)).toBe("FORBIDDEN");
    // Not a session: mySessions does not show it.
    const sessions = await auth.gql(`{ mySessions { id } }`, {}, ann.accessToken);
    expect(sessions.body.data!.mySessions.map((s: { id: string }) => s.id)).not.toContain(created.apiToken.id);
  });

  it("revoked: its access tokens stop at once and it is no longer exchanged; someone else's cannot be revoked", async () => {
    const ann = await login(auth, "ann@example.com", PASSWORD);
    const bo = await login(auth, "bo@example.com", PASSWORD);
    const created = await create(ann.accessToken, "to revoke");
    const access = (await exchange(created.token)).body.data!.exchangeApiToken.accessToken;
    expect(codeOf(await auth.gql(REVOKE, { id: created.apiToken.id }, bo.accessToken))).toBe("NOT_FOUND");
    expect(codeOf(await auth.gql(REVOKE, { id: "'; drop table auth.api_tokens; --" }, bo.accessToken))).toBe(
      "NOT_FOUND",
    );
    expect((await auth.gql(REVOKE, { id: created.apiToken.id }, ann.accessToken)).body.data!.revokeApiToken).toBe(true);
    expect((await auth.gql(ME, {}, access)).status).toBe(401);
    expect(codeOf(await exchange(created.token))).toBe("UNAUTHENTICATED");
    expect((await auth.gql(LIST, {}, ann.accessToken)).body.data!.myApiTokens).not.toContainEqual(
      expect.objectContaining({ id: created.apiToken.id }),
    );
    expect((await auditOf("API_TOKEN_REVOKED")).at(-1)!.details).toMatchObject({ tokenId: created.apiToken.id });
    expect((await auditOf("API_TOKEN_REFUSED")).at(-1)!.details).toMatchObject({ reason: "revoked" });
    // The revocation reaches other replicas through the list they load.
    const listed = await fetch(`${auth.url()}/auth/revocations`).then(
      (r) => r.json() as Promise<{ revoked: { sid: string }[] }>,
    );
    expect(listed.revoked.map((r) => r.sid)).toContain(created.apiToken.id);
  });

  it("expired: refused; an access token never outlives its API token", async () => {
    const ann = await login(auth, "ann@example.com", PASSWORD);
    const created = await create(ann.accessToken, "short", 1);
    await auth.sql(`update auth.api_tokens set expires_at = now() + interval '2 minutes' where id = $1`, [
      created.apiToken.id,
    ]);
    const { expiresAt } = (await exchange(created.token)).body.data!.exchangeApiToken;
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(120_000);
    await auth.sql(`update auth.api_tokens set expires_at = now() - interval '1 second' where id = $1`, [
      created.apiToken.id,
    ]);
    expect(codeOf(await exchange(created.token))).toBe("UNAUTHENTICATED");
    expect((await auditOf("API_TOKEN_REFUSED")).at(-1)!.details).toMatchObject({ reason: "expired" });
  });

  it("signing out everywhere ends API tokens too; at most 20 live tokens", async () => {
    const bo = await login(auth, "bo@example.com", PASSWORD);
    const kept = await create(bo.accessToken, "long lived", null);
    expect(kept.apiToken.expiresAt).toBeNull();
    for (let i = 1; i < 20; i++) await create(bo.accessToken, `token ${i}`);
    const over = await auth.gql(CREATE, { n: "one too many", d: 1 }, bo.accessToken);
    expect(codeOf(over)).toBe("CONFLICT");
    await auth.gql(`mutation { logoutEverywhere }`, {}, bo.accessToken);
    expect(codeOf(await exchange(kept.token))).toBe("UNAUTHENTICATED");
  });

  it("guessing is refused alike and rate limited per address", async () => {
    const codes: unknown[] = [];
    for (let i = 0; i < 22; i++) codes.push(codeOf(await exchange(`hgp_${"A".repeat(42)}${i % 10}`)));
    expect(codes.slice(0, 20).every((c) => c === "UNAUTHENTICATED")).toBe(true);
    expect(codes.slice(20)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
  });
});
