import { createPublicKey } from "node:crypto";
import { createLogger, createRemoteIdentityVerifier } from "@homegraph/common";
import jwt from "jsonwebtoken";
import type { RunningAuth } from "./app";
import { codeOf, login, LOGIN, readStreamUntil, REFRESH, type AuthUnderTest } from "./__tests__/helpers";
import { ME, PASSWORD, useAnnAndBo } from "./__tests__/household";

let auth: AuthUnderTest;
let annId: number;
// A grace of 1 s lets the tests see both sides of it quickly.
const { auditOf } = useAnnAndBo((household) => ({ auth, annId } = household), { REFRESH_REUSE_GRACE_SECONDS: "1" });

describe("refresh tokens", () => {
  it("rotates on every use; a rotated token used again after the grace ends the whole family", async () => {
    const first = await login(auth, "bo@example.com", PASSWORD);
    const second = (await auth.gql(REFRESH, { t: first.refreshToken })).body.data!.refreshToken;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const third = (await auth.gql(REFRESH, { t: second.refreshToken })).body.data!.refreshToken;
    const sid = (jwt.decode(third.accessToken) as jwt.JwtPayload).sid;
    expect((jwt.decode(first.accessToken) as jwt.JwtPayload).sid).toBe(sid);

    await new Promise((r) => setTimeout(r, 1200));
    const reuse = await auth.gql(REFRESH, { t: first.refreshToken });
    expect(codeOf(reuse)).toBe("UNAUTHENTICATED");
    // The newest token of the family, and its access token, stop working too.
    expect(codeOf(await auth.gql(REFRESH, { t: third.refreshToken }))).toBe("UNAUTHENTICATED");
    expect((await auth.gql(ME, {}, third.accessToken)).status).toBe(401);
    const [audit] = await auth.sql(
      `select * from auth.audit_log where event_type = 'REFRESH_REUSE_DETECTED' and details->>'sessionId' = $1`,
      [sid],
    );
    expect(audit).toBeDefined();
    const rows = await auth.sql(`select revoked_reason from auth.user_sessions where family_id::text = $1`, [sid]);
    expect(rows.every((r) => r.revoked_reason === "refresh_reuse")).toBe(true);
    expect((await auditOf("TOKEN_REFRESHED")).length).toBeGreaterThanOrEqual(2);
  });

  it("lets two tabs refresh with the same token at once (grace)", async () => {
    const first = await login(auth, "bo@example.com", PASSWORD);
    const [a, b] = await Promise.all([
      auth.gql(REFRESH, { t: first.refreshToken }),
      auth.gql(REFRESH, { t: first.refreshToken }),
    ]);
    expect(a.body.data?.refreshToken).toBeTruthy();
    expect(b.body.data?.refreshToken).toBeTruthy();
    expect((await auth.gql(ME, {}, b.body.data!.refreshToken.accessToken)).status).toBe(200);
  });

  it("refuses an expired session (idle limit)", async () => {
    const first = await login(auth, "bo@example.com", PASSWORD);
    const sid = (jwt.decode(first.accessToken) as jwt.JwtPayload).sid;
    await auth.sql(
      `update auth.user_sessions set expires_at = now() - interval '1 second' where family_id::text = $1`,
      [sid],
    );
    expect(codeOf(await auth.gql(REFRESH, { t: first.refreshToken }))).toBe("UNAUTHENTICATED");
  });

  it("sets idle and absolute expiry from configuration", async () => {
    const res = await auth.gql(LOGIN, { email: "bo@example.com", password: PASSWORD });
    const sid = (jwt.decode(res.body.data!.login.accessToken) as jwt.JwtPayload).sid;
    const [row] = await auth.sql(
      `select extract(epoch from expires_at - created_at) as idle, extract(epoch from absolute_expires_at - created_at) as abs
         from auth.user_sessions where family_id::text = $1`,
      [sid],
    );
    expect(Math.round(Number(row!.idle) / 86400)).toBe(7);
    expect(Math.round(Number(row!.abs) / 86400)).toBe(30);
  });
});

describe("revocation", () => {
  it("checks an access token's signature once; later requests check only its expiry, key and session", async () => {
    const session = await login(auth, "bo@example.com", PASSWORD);
    const verify = jest.spyOn(jwt, "verify");
    try {
      for (let i = 0; i < 3; i++) expect((await auth.gql(ME, {}, session.accessToken)).status).toBe(200);
      expect(verify).toHaveBeenCalledTimes(1);
      // A token no longer alike in a single character is another token: checked, and refused.
      const forged = `${session.accessToken.slice(0, -2)}${session.accessToken.endsWith("AA") ? "BB" : "AA"}`;
      expect((await auth.gql(ME, {}, forged)).status).toBe(401);
      expect(verify).toHaveBeenCalledTimes(2);
    } finally {
      verify.mockRestore();
    }
  });

  it("refuses the access token at once after logout, and publishes it on every replica", async () => {
    const replica = await auth.startReplica();
    try {
      const session = await login(auth, "bo@example.com", PASSWORD);
      const sid = (jwt.decode(session.accessToken) as jwt.JwtPayload).sid as string;
      const onReplica = () =>
        fetch(`${replica.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${session.accessToken}` },
          body: JSON.stringify({ query: ME }),
        });
      expect((await onReplica()).status).toBe(200);

      const streamA = readStreamUntil(`${auth.url()}/auth/revocations/stream`, (t) => t.includes(sid), 3000);
      const streamB = readStreamUntil(
        `${replica.url}/auth/revocations/stream`,
        (t) => t.includes(sid),
        3000,
        async () => {
          const started = Date.now();
          const out = await auth.gql(`mutation { logout }`, {}, session.accessToken);
          expect(out.body.data?.logout).toBe(true);
          // The same replica refuses it at once.
          expect((await auth.gql(ME, {}, session.accessToken)).status).toBe(401);
          // The other replica within a second, with no call to the first.
          for (;;) {
            if ((await onReplica()).status === 401) break;
            if (Date.now() - started > 1000) throw new Error("replica still accepts the token after 1 s");
            await new Promise((r) => setTimeout(r, 20));
          }
        },
      );
      const [a, b] = await Promise.all([streamA, streamB]);
      for (const text of [a, b]) {
        expect(text).toMatch(new RegExp(`event: revoked\\ndata: \\{"sid":"${sid}","exp":\\d+\\}`));
      }
      const listed = (await (await fetch(`${replica.url}/auth/revocations`)).json()) as { revoked: any[] };
      const entry = listed.revoked.find((r) => r.sid === sid);
      expect(entry.exp).toBeGreaterThan(Date.now() / 1000 + 800);
      expect((await auditOf("LOGOUT")).at(-1)!.details).toEqual({});
    } finally {
      await replica.close();
    }
  });

  it("applies a revocation made on a second replica to the first", async () => {
    const replica: RunningAuth = await auth.startReplica();
    try {
      const session = await login(auth, "bo@example.com", PASSWORD);
      const sid = (jwt.decode(session.accessToken) as jwt.JwtPayload).sid as string;
      const stream = readStreamUntil(
        `${auth.url()}/auth/revocations/stream`,
        (t) => t.includes(sid),
        3000,
        async () => {
          await fetch(`${replica.url}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${session.accessToken}` },
            body: JSON.stringify({ query: "mutation { logoutEverywhere }" }),
          });
        },
      );
      expect(await stream).toContain(sid);
      expect((await auth.gql(ME, {}, session.accessToken)).status).toBe(401);
    } finally {
      await replica.close();
    }
  });

  it("is understood by common's remote verifier (what the gateway and the other subgraphs use)", async () => {
    const remote = createRemoteIdentityVerifier({
      authUrl: auth.url(),
      issuer: "homegraph",
      audience: "homegraph",
      logger: createLogger("remote-test", "silent"),
    });
    try {
      await remote.start?.();
      const session = await login(auth, "bo@example.com", PASSWORD);
      expect(await remote.verify(`Bearer ${session.accessToken}`)).toMatchObject({ role: "MEMBER" });
      const started = Date.now();
      await auth.gql(`mutation { logout }`, {}, session.accessToken);
      for (;;) {
        const refused = await remote.verify(`Bearer ${session.accessToken}`).then(
          () => false,
          () => true,
        );
        if (refused) break;
        if (Date.now() - started > 1000) throw new Error("the remote verifier still accepts the token after 1 s");
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await remote.stop?.();
    }
  });

  it("lists the caller's sessions with the current one marked, and revokes only their own", async () => {
    const one = await login(auth, "ann@example.com", PASSWORD);
    const two = await login(auth, "ann@example.com", PASSWORD);
    const bo = await login(auth, "bo@example.com", PASSWORD);
    const mine = (await auth.gql(`{ mySessions { id current ip } }`, {}, two.accessToken)).body.data!.mySessions;
    const sidTwo = (jwt.decode(two.accessToken) as jwt.JwtPayload).sid;
    const sidOne = (jwt.decode(one.accessToken) as jwt.JwtPayload).sid;
    expect(mine.find((s: any) => s.current).id).toBe(sidTwo);
    expect(mine.map((s: any) => s.id)).toContain(sidOne);

    const boSid = (jwt.decode(bo.accessToken) as jwt.JwtPayload).sid;
    const other = await auth.gql(`mutation ($id: ID!) { revokeSession(id: $id) }`, { id: boSid }, two.accessToken);
    expect(codeOf(other)).toBe("NOT_FOUND");
    expect((await auth.gql(ME, {}, bo.accessToken)).status).toBe(200);

    const own = await auth.gql(`mutation ($id: ID!) { revokeSession(id: $id) }`, { id: sidOne }, two.accessToken);
    expect(own.body.data?.revokeSession).toBe(true);
    expect((await auth.gql(ME, {}, one.accessToken)).status).toBe(401);
    expect((await auth.gql(ME, {}, two.accessToken)).status).toBe(200);
  });
});

describe("access token checks", () => {
  const expect401 = async (token: string) => {
    const res = await auth.gql(ME, {}, token);
    expect(res.status).toBe(401);
    expect(res.body.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  };
  const claims = () => ({ sub: String(annId), sid: "00000000-0000-4000-8000-000000000000", role: "ADMIN", jti: "x" });

  it("refuses alg none, HS256 made with the public key, an expired token and another audience", async () => {
    const key = await auth.service.runtime.keys.signingKey();
    const jwks = (await (await fetch(`${auth.url()}/.well-known/jwks.json`)).json()) as { keys: any[] };
    const publicPem = createPublicKey({ key: jwks.keys[0], format: "jwk" }).export({ type: "spki", format: "pem" });
    const base = { issuer: "homegraph", audience: "homegraph", keyid: key.kid, expiresIn: 300 };

    const none = jwt.sign(claims(), "", { ...base, algorithm: "none" } as jwt.SignOptions);
    await expect401(none);
    const hmac = `${Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT", kid: key.kid })).toString("base64url")}.${Buffer.from(
      JSON.stringify({ ...claims(), iss: "homegraph", aud: "homegraph", exp: Math.floor(Date.now() / 1000) + 300 }),
    ).toString("base64url")}`;
    const { createHmac } = await import("node:crypto");
    await expect401(
      `${hmac}.${createHmac("sha256", publicPem as string)
        .update(hmac)
        .digest("base64url")}`,
    );
    await expect401(
      jwt.sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 60 }, key.privateKey, {
        algorithm: key.alg,
        keyid: key.kid,
        issuer: "homegraph",
        audience: "homegraph",
      }),
    );
    await expect401(jwt.sign(claims(), key.privateKey, { ...base, algorithm: key.alg, audience: "someone-else" }));
    await expect401(jwt.sign(claims(), key.privateKey, { ...base, algorithm: key.alg, issuer: "someone-else" }));
    await expect401(jwt.sign(claims(), key.privateKey, { ...base, algorithm: key.alg, keyid: "unknown" }));
    await expect401("not-a-jwt");
    const res = await auth.gql(ME, {}, undefined, { authorization: "Basic YWxhZGRpbjpvcGVuc2VzYW1l" });
    expect(res.status).toBe(401);
    // A properly signed token of ours passes (the negative cases are not failing for another reason).
    const good = jwt.sign(
      { ...claims(), sid: (jwt.decode((await login(auth, "ann@example.com", PASSWORD)).accessToken) as any).sid },
      key.privateKey,
      { ...base, algorithm: key.alg },
    );
    expect((await auth.gql(ME, {}, good)).status).toBe(200);
  });

  it("verifyToken tells services who a token speaks for", async () => {
    const { accessToken } = await login(auth, "bo@example.com", PASSWORD);
    const ok = await auth.gql(`query ($t: String!) { verifyToken(token: $t) { userId sessionId role expiresAt } }`, {
      t: accessToken,
    });
    expect(ok.body.data!.verifyToken).toMatchObject({ role: "MEMBER" });
    const bad = await auth.gql(`query ($t: String!) { verifyToken(token: $t) { userId } }`, { t: "nope" });
    expect(codeOf(bad)).toBe("UNAUTHENTICATED");
  });

  it("rotates keys: the new key signs, the old one still verifies and stays in the JWKS", async () => {
    const before = await login(auth, "bo@example.com", PASSWORD);
    const oldKid = jwt.decode(before.accessToken, { complete: true })!.header.kid;
    const newKid = await auth.service.runtime.keys.rotate();
    expect(newKid).not.toBe(oldKid);
    const after = await login(auth, "bo@example.com", PASSWORD);
    expect(jwt.decode(after.accessToken, { complete: true })!.header.kid).toBe(newKid);
    expect((await auth.gql(ME, {}, before.accessToken)).status).toBe(200);
    const jwks = (await (await fetch(`${auth.url()}/.well-known/jwks.json`)).json()) as { keys: any[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    const [row] = await auth.sql(`select private_key_enc from auth.signing_keys where kid = $1`, [newKid]);
    expect(row!.private_key_enc).not.toContain("PRIVATE KEY");
  });
});
