import { execFile } from "node:child_process";
import { createPublicKey } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { promisify } from "node:util";
import jwt from "jsonwebtoken";
import { CallerGoneError, PasswordHasher } from "./services/password-hasher";
import { codeOf, createUser, login, LOGIN, REFRESH, type AuthUnderTest } from "./__tests__/helpers";
import { ME, PASSWORD, useAnnAndBo } from "./__tests__/household";

const run = promisify(execFile);
let auth: AuthUnderTest;
let annId: number;
const { auditOf } = useAnnAndBo((household) => ({ auth, annId } = household));

describe("sign-in", () => {
  it("issues an ES256 access token with the documented claims and a kid from the JWKS", async () => {
    const res = await auth.gql(LOGIN, { email: "ANN@example.com", password: PASSWORD }, undefined, {
      "user-agent": "jest-browser",
    });
    const payload = res.body.data!.login;
    const decoded = jwt.decode(payload.accessToken, { complete: true })!;
    expect(decoded.header).toMatchObject({ alg: "ES256", typ: "JWT" });
    const claims = decoded.payload as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: String(annId), role: "ADMIN", iss: "homegraph", aud: "homegraph" });
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(typeof claims.sid).toBe("string");
    expect(typeof claims.jti).toBe("string");
    expect(payload.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const jwksRes = await fetch(`${auth.url()}/.well-known/jwks.json`);
    expect(jwksRes.headers.get("cache-control")).toBe("public, max-age=300");
    const jwks = (await jwksRes.json()) as { keys: Record<string, any>[] };
    const jwk = jwks.keys.find((k) => k.kid === decoded.header.kid)!;
    expect(jwk).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(jwk.d).toBeUndefined();
    expect(() => jwt.verify(payload.accessToken, createPublicKey({ key: jwk as any, format: "jwk" }))).not.toThrow();

    // The refresh token is stored only as its hash; the session records where it came from.
    const [session] = await auth.sql(`select * from auth.user_sessions where family_id::text = $1`, [claims.sid]);
    expect(session!.token).not.toBe(payload.refreshToken);
    expect(session!.token).toMatch(/^[0-9a-f]{64}$/);
    expect(session!.user_agent).toBe("jest-browser");
    expect(session!.ip).toBe("127.0.0.1");
    const audit = await auditOf("LOGIN_SUCCEEDED");
    expect(audit.at(-1)).toMatchObject({ user_id: annId, ip: "127.0.0.1", user_agent: "jest-browser" });
  });

  it("verifies with a standard JWKS consumer (jose's createRemoteJWKSet)", async () => {
    const { accessToken } = await login(auth, "ann@example.com", PASSWORD);
    const script = `
      import { createRemoteJWKSet, jwtVerify } from "jose";
      const jwks = createRemoteJWKSet(new URL(process.argv[1]));
      const { payload } = await jwtVerify(process.argv[2], jwks, { issuer: "homegraph", audience: "homegraph" });
      console.log(payload.sub);`;
    const { stdout } = await run(process.execPath, [
      "--input-type=module",
      "-e",
      script,
      `${auth.url()}/.well-known/jwks.json`,
      accessToken,
    ]);
    expect(stdout.trim()).toBe(String(annId));
  });

  it("answers an unknown email and a wrong password alike, and audits both", async () => {
    const wrong = await auth.gql(LOGIN, { email: "ann@example.com", password: "not the password" });
    const unknown = await auth.gql(LOGIN, { email: "nobody@example.com", password: "not the password" });
    expect(codeOf(wrong)).toBe("UNAUTHENTICATED");
    expect(wrong.body.errors![0]!.message).toBe(unknown.body.errors![0]!.message);
    const failures = await auditOf("LOGIN_FAILED");
    expect(failures.slice(-2).map((r) => [r.user_id, r.details.reason])).toEqual([
      [annId, "wrong_password"],
      [null, "unknown_email"],
    ]);
    expect(JSON.stringify(failures)).not.toContain("not the password");
  });

  it("refuses a forged x-user-id header, and a missing token, on protected fields", async () => {
    const forged = await auth.gql(ME, {}, undefined, { "x-user-id": String(annId), "x-user-role": "ADMIN" });
    expect(codeOf(forged)).toBe("UNAUTHENTICATED");
    expect(codeOf(await auth.gql(`{ users { total } }`))).toBe("UNAUTHENTICATED");
  });

  it("runs bcrypt off the event loop", async () => {
    // Niced as the service runs them, so the threads do not crowd this one out on a busy machine.
    const hasher = new PasswordHasher(11, 2, 10);
    let maxLag = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxLag = Math.max(maxLag, now - last - 5);
      last = now;
    }, 5);
    try {
      const hashes = await Promise.all(Array.from({ length: 8 }, (_, i) => hasher.hash(`pw-${i}`)));
      expect(await hasher.compare("pw-3", hashes[3]!)).toBe(true);
    } finally {
      clearInterval(timer);
      await hasher.close();
    }
    // Eight cost-11 hashes take over a second of CPU; the main thread never stalled for long.
    expect(maxLag).toBeLessThan(100);
  });

  it("runs the password threads at the nice value it is given, leaving the event loop's priority alone", async () => {
    const niceOf = () =>
      readdirSync("/proc/self/task").map((tid) =>
        Number(readFileSync(`/proc/self/task/${tid}/stat`, "utf8").split(") ")[1]!.split(" ")[16]),
      );
    if (process.platform !== "linux") {
      console.log("skipped: per-thread nice values are a Linux behaviour, and this is " + process.platform);
      return;
    }
    const mine = os.getPriority();
    const before = niceOf().filter((n) => n === 13).length;
    const hasher = new PasswordHasher(10, 2, 13);
    try {
      await Promise.all([hasher.hash("pw-a"), hasher.hash("pw-b")]);
      expect(niceOf().filter((n) => n === 13).length).toBe(before + 2);
      expect(os.getPriority()).toBe(mine);
    } finally {
      await hasher.close();
    }
  });

  it("drops a queued check whose caller has hung up, and checks the ones behind it", async () => {
    const hasher = new PasswordHasher(10, 1);
    try {
      const hash = await hasher.hash("pw");
      let hungUp = false;
      const first = hasher.compare("pw", hash, () => hungUp);
      // Queued behind the first on the one thread; its caller hangs up while it waits.
      const abandoned = hasher.compareWithDummy("pw", () => hungUp);
      const after = hasher.compare("pw", hash, () => false);
      hungUp = true;
      // Already on the thread when its caller went: it finishes.
      await expect(first).resolves.toBe(true);
      await expect(abandoned).rejects.toBeInstanceOf(CallerGoneError);
      await expect(after).resolves.toBe(true);
    } finally {
      await hasher.close();
    }
  });

  it("rehashes on sign-in when the configured cost has risen", async () => {
    await createUser(auth, { email: "cost@example.com", password: PASSWORD });
    const replica = await auth.startReplica({ BCRYPT_COST: "11" });
    try {
      const res = await fetch(`${replica.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: LOGIN, variables: { email: "cost@example.com", password: PASSWORD } }),
      });
      expect(res.status).toBe(200);
      const [row] = await auth.sql(`select password_hash from auth.users where email = 'cost@example.com'`);
      expect(row!.password_hash).toMatch(/^\$2b\$11\$/);
    } finally {
      await replica.close();
    }
  });
});

describe("rate limits", () => {
  const setSetting = (key: string, value: unknown) =>
    auth.sql(
      `insert into auth.system_settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value`,
      [key, JSON.stringify(value)],
    );
  afterEach(() => auth.sql(`delete from auth.system_settings where key like 'rateLimit.%'`));

  it("refuses sign-in with RATE_LIMITED and retryAfterSeconds once an account's failures are used up", async () => {
    await setSetting("rateLimit.login.maxFailuresPerAccount", 2);
    await setSetting("rateLimit.delay.afterFailures", 100);
    for (let i = 0; i < 2; i++) {
      expect(codeOf(await auth.gql(LOGIN, { email: "bo@example.com", password: "wrong-one" }))).toBe("UNAUTHENTICATED");
    }
    const limited = await auth.gql(LOGIN, { email: "bo@example.com", password: PASSWORD });
    expect(codeOf(limited)).toBe("RATE_LIMITED");
    expect(limited.body.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("grows the delay after an account's repeated failures, without making the rest of the household wait", async () => {
    await setSetting("rateLimit.delay.afterFailures", 1);
    expect(codeOf(await auth.gql(LOGIN, { email: "x1@example.com", password: "wrong-one" }))).toBe("UNAUTHENTICATED");
    const limited = await auth.gql(LOGIN, { email: "x1@example.com", password: "wrong-two" });
    expect(codeOf(limited)).toBe("RATE_LIMITED");
    expect(limited.body.errors![0]!.extensions!.retryAfterSeconds).toBe(1);
    // Another person at the same address (one household, one IP) is not slowed down by it.
    expect(codeOf(await auth.gql(LOGIN, { email: "x2@example.com", password: "wrong-one" }))).toBe("UNAUTHENTICATED");
  });

  it("caps failures per IP across accounts", async () => {
    await setSetting("rateLimit.login.maxFailuresPerIp", 2);
    await setSetting("rateLimit.delay.afterFailures", 100);
    expect(codeOf(await auth.gql(LOGIN, { email: "y1@example.com", password: "wrong-one" }))).toBe("UNAUTHENTICATED");
    expect(codeOf(await auth.gql(LOGIN, { email: "y2@example.com", password: "wrong-one" }))).toBe("UNAUTHENTICATED");
    const limited = await auth.gql(LOGIN, { email: "y3@example.com", password: "wrong-one" });
    expect(codeOf(limited)).toBe("RATE_LIMITED");
  });

  it("limits refreshes and password reset requests per IP", async () => {
    await setSetting("rateLimit.refresh.maxPerIp", 1);
    await auth.gql(REFRESH, { t: "whatever" });
    expect(codeOf(await auth.gql(REFRESH, { t: "whatever" }))).toBe("RATE_LIMITED");
    await setSetting("rateLimit.passwordReset.maxPerIp", 1);
    const reset = `mutation ($e: String!) { requestPasswordReset(email: $e) }`;
    expect((await auth.gql(reset, { e: "a@example.com" })).body.data?.requestPasswordReset).toBe(true);
    expect(codeOf(await auth.gql(reset, { e: "b@example.com" }))).toBe("RATE_LIMITED");
  });
});
