/**
 * Sign-in for the whole graph, through the real stack: the real auth subgraph issues, the gateway
 * and every subgraph verify with packages/common, revocations are pushed over SSE.
 */
import { generateKeyPairSync } from "node:crypto";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import jwt from "jsonwebtoken";
import { accessClaims, forgeAlgNone, forgeHs256WithPublicKey } from "./support/attacks";
import { postGraphQL, startGatewayFor, startStack, type SignedIn, type Stack } from "./support/stack";
import { within } from "./support/tokens";
import { TOTP } from "otpauth";

const EMAIL = "test@example.com";
const PASSWORD = "password";

// Auth signs with a key the test knows (JWT_PRIVATE_KEY), so it can also make tokens auth never would.
const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const privatePem = privateKey.export({ format: "pem", type: "pkcs8" }) as string;

let stack: Stack;
let userId: number;

beforeAll(async () => {
  // DEMO_SEED: the first-run household of a fresh `npm start`, with the seed's own test credentials.
  stack = await startStack({ authEnv: { JWT_PRIVATE_KEY: privatePem, DEMO_SEED: "1" } });
  userId = Number((await stack.signIn(EMAIL, PASSWORD)).user.id);
});
afterAll(() => stack?.stop());

const gatewayPost = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.gateway.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

async function kidOf(token: string): Promise<string> {
  return (jwt.decode(token, { complete: true })!.header.kid as string) ?? "";
}

describe("the seed's sign-in flow at the gateway", () => {
  let session: SignedIn;

  it("POST /auth/login answers a token, and GET /auth/verify accepts it", async () => {
    const res = await gatewayPost("/auth/login", { email: EMAIL, password: PASSWORD });
    expect(res.status).toBe(200);
    session = (await res.json()) as SignedIn;
    expect(session).toMatchObject({ tokenType: "Bearer", user: { id: String(userId), role: "ADMIN" } });
    expect(res.headers.get("set-cookie")).toMatch(
      /^hg_refresh=[^;]+; Max-Age=\d+; Path=\/auth; Expires=.*HttpOnly; SameSite=Strict$/,
    );

    const verify = await fetch(`${stack.gateway.url}/auth/verify`, {
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    expect(verify.status).toBe(200);
    expect(await verify.json()).toMatchObject({ userId, role: "ADMIN", sessionId: expect.any(String) });
  });

  it("the token verifies with a standard JWKS consumer against the gateway's /.well-known/jwks.json", async () => {
    // jose is ESM-only and jest runs CommonJS here, so the consumer runs as a plain Node process.
    const script = `
      import { createRemoteJWKSet, jwtVerify } from "jose";
      const jwks = createRemoteJWKSet(new URL(process.env.JWKS_URL));
      const { payload, protectedHeader } = await jwtVerify(process.env.TOKEN, jwks, {
        issuer: "homegraph", audience: "homegraph", algorithms: ["ES256", "RS256"],
      });
      console.log(JSON.stringify({ payload, protectedHeader }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
      cwd: __dirname,
      env: { ...process.env, JWKS_URL: `${stack.gateway.url}/.well-known/jwks.json`, TOKEN: session.accessToken },
    });
    const { payload, protectedHeader } = JSON.parse(stdout) as { payload: object; protectedHeader: { kid: string } };
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload).toMatchObject({
      sub: String(userId),
      role: "ADMIN",
      sid: expect.any(String),
      jti: expect.any(String),
    });
  });

  it("the token opens the whole graph, through the gateway and at each subgraph directly", async () => {
    const authorization = `Bearer ${session.accessToken}`;
    const viaGateway = await stack.query(
      `{ devices { label } user(id: ${userId}) { emailsSent devicesChanged { label } } }`,
      undefined,
      {
        authorization,
      },
    );
    expect(viaGateway.body.errors).toBeUndefined();
    const home = await postGraphQL(stack.home.url, `{ devices { label } }`, undefined, { authorization });
    expect(home.body.errors).toBeUndefined();
    const email = await postGraphQL(
      stack.email.url,
      `{ _entities(representations: [{ __typename: "User", id: "${userId}" }]) { ... on User { emailsSent } } }`,
      undefined,
      { authorization },
    );
    expect(email.body.errors).toBeUndefined();
  });

  it("GET /users/profile answers the signed-in person", async () => {
    const res = await fetch(`${stack.gateway.url}/users/profile`, {
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: String(userId), email: EMAIL, role: "ADMIN" });
  });

  it("POST /auth/refresh with the cookie answers a new token", async () => {
    const res = await fetch(`${stack.gateway.url}/auth/refresh`, {
      method: "POST",
      headers: { cookie: `hg_refresh=${session.refreshToken}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(200);
    const next = (await res.json()) as SignedIn;
    expect(next.accessToken).not.toBe(session.accessToken);
    expect(next.refreshToken).not.toBe(session.refreshToken);
  });

  it("after logout the same access token is refused by the gateway and by each subgraph directly within 1 s", async () => {
    const signedIn = await stack.signIn(EMAIL, PASSWORD);
    const { authorization } = signedIn;
    const probes: Record<string, () => Promise<number>> = {
      gateway: async () => (await stack.query(`{ devices { label } }`, undefined, { authorization })).status,
      auth: async () => (await postGraphQL(stack.auth.url, `{ me { id } }`, undefined, { authorization })).status,
      email: async () =>
        (
          await postGraphQL(
            stack.email.url,
            `{ _entities(representations: [{ __typename: "User", id: "1" }]) { ... on User { emailsSent } } }`,
            undefined,
            { authorization },
          )
        ).status,
      home: async () =>
        (await postGraphQL(stack.home.url, `{ devices { label } }`, undefined, { authorization })).status,
    };
    for (const probe of Object.values(probes)) expect(await probe()).toBe(200);

    const logout = await gatewayPost("/auth/logout", {}, { authorization });
    expect(logout.status).toBe(204);
    const loggedOutAt = Date.now();
    await Promise.all(
      Object.entries(probes).map(async ([name, probe]) => {
        await within(1000, async () => (await probe()) === 401).catch(() => {
          throw new Error(`${name} still accepts the token ${Date.now() - loggedOutAt} ms after logout`);
        });
      }),
    );
    expect(Date.now() - loggedOutAt).toBeLessThan(1000);
    const verify = await fetch(`${stack.gateway.url}/auth/verify`, { headers: { authorization } });
    expect(verify.status).toBe(401);
    expect(await verify.json()).toEqual({
      error: { code: "UNAUTHENTICATED", message: "This session has ended. Sign in again." },
    });
  });
});

describe("tokens the gateway refuses with 401", () => {
  let signed: SignedIn;
  let kid: string;
  beforeAll(async () => {
    signed = await stack.signIn(EMAIL, PASSWORD);
    kid = await kidOf(signed.accessToken);
  });

  const expect401 = async (token: string) => {
    const { status, body } = await stack.query(`{ devices { label } }`, undefined, {
      authorization: `Bearer ${token}`,
    });
    expect(status).toBe(401);
    expect(body.errors).toEqual([{ message: expect.any(String), extensions: { code: "UNAUTHENTICATED" } }]);
    return body.errors![0]!.message;
  };

  const claims = () => accessClaims(userId);

  it("alg none", async () => {
    await expect401(forgeAlgNone(claims(), kid));
  });

  it("HS256 signed with the auth service's public key as the secret", async () => {
    const jwks = (await (await fetch(`${stack.gateway.url}/.well-known/jwks.json`)).json()) as {
      keys: ({ kid: string } & Record<string, unknown>)[];
    };
    const jwk = jwks.keys.find((k) => k.kid === kid)!;
    await expect401(forgeHs256WithPublicKey(claims(), jwk));
  });

  it("expired, though signed with the real key", async () => {
    const token = jwt.sign(
      { ...claims(), iat: Math.floor(Date.now() / 1000) - 1000, exp: Math.floor(Date.now() / 1000) - 60 },
      privatePem,
      {
        algorithm: "ES256",
        keyid: kid,
      },
    );
    expect(await expect401(token)).toBe("Your session has expired. Sign in again.");
  });

  it("for another audience: the same real token at a gateway that serves another audience", async () => {
    const other = await startGatewayFor(stack, { JWT_AUDIENCE: "another-household" });
    try {
      const { status, body } = await postGraphQL(other.url, `{ devices { label } }`, undefined, {
        authorization: signed.authorization,
      });
      expect(status).toBe(401);
      expect(body.errors?.[0]?.message).toBe("This access token is meant for another service. Sign in again.");
    } finally {
      await other.close();
    }
    const forged = jwt.sign({ ...claims(), aud: "another-household" }, privatePem, { algorithm: "ES256", keyid: kid });
    await expect401(forged);
  });
});

describe("brute force at the gateway's REST paths", () => {
  it("answers repeated failed sign-ins for one account with 429, Retry-After and RATE_LIMITED", async () => {
    await stack.addUser({ email: "pat@example.com", password: "correct horse battery", role: "MEMBER" });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 12 && !limited; i++) {
      const res = await gatewayPost("/auth/login", { email: "pat@example.com", password: `wrong-${i}` });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses[0]).toBe(401);
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await limited!.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.message).toEqual(expect.any(String));
  });

  it("refuses an admin mutation to a member with FORBIDDEN", async () => {
    await stack.addUser({ email: "kim@example.com", password: "correct horse battery", role: "MEMBER" });
    const kim = await stack.signIn("kim@example.com", "correct horse battery");
    const { body } = await stack.query(
      `mutation { setSystemSetting(key: "signUp.enabled", value: "true") { key } }`,
      undefined,
      { authorization: `Bearer ${kim.accessToken}` },
    );
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("two-step sign-in at the gateway", () => {
  it("POST /auth/login answers 401 SECOND_FACTOR_REQUIRED with a challenge; /auth/login/second-factor finishes it", async () => {
    const id = await stack.addUser({ email: "two-step@example.com", password: "correct horse battery" });
    const first = await stack.signIn("two-step@example.com", "correct horse battery");
    const begun = await postGraphQL(
      stack.gateway.url,
      `mutation { beginTotpEnrollment { secret } }`,
      {},
      {
        authorization: first.authorization,
      },
    );
    const totp = new TOTP({ secret: begun.body.data!.beginTotpEnrollment.secret });
    const confirmed = await postGraphQL(
      stack.gateway.url,
      `mutation ($c: String!) { confirmTotpEnrollment(code: $c) { enabled } }`,
      { c: totp.generate() },
      { authorization: first.authorization },
    );
    expect(confirmed.body.data!.confirmTotpEnrollment.enabled).toBe(true);

    const login = await gatewayPost("/auth/login", {
      email: "two-step@example.com",
      password: "correct horse battery",
    });
    expect(login.status).toBe(401);
    const { error } = (await login.json()) as { error: Record<string, unknown> };
    expect(error).toMatchObject({
      code: "SECOND_FACTOR_REQUIRED",
      challenge: expect.any(String),
      methods: ["TOTP", "RECOVERY_CODE"],
    });

    // As if the app showed its next code (the enrolment's was spent in its time step).
    await stack.sql(`update auth.user_totp set last_step = last_step - 2 where user_id = $1`, [id]);
    const done = await gatewayPost("/auth/login/second-factor", { challenge: error.challenge, code: totp.generate() });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ tokenType: "Bearer", user: { id: String(id) } });
    expect(done.headers.get("set-cookie")).toMatch(/^hg_refresh=[^;]+;.*, hg_browser=/);
  });
});
