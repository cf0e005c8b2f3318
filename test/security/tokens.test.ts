/**
 * Attacks on identity, end to end against the real stack: forged, stale and misdirected access
 * tokens at the gateway and at each subgraph reached directly, revoked sessions, a reused refresh
 * token, and identity headers forged straight to each subgraph.
 */
import { generateKeyPairSync } from "node:crypto";
import jwt from "jsonwebtoken";
import { accessClaims, attackLog, codeOf, forgeAlgNone, forgeHs256WithPublicKey } from "../support/attacks";
import { postGraphQL, startStack, type SignedIn, type Stack } from "../support/stack";
import { generateTestKey, within } from "../support/tokens";

const log = attackLog("tokens");
// Auth signs with a key the suite knows, so it can make tokens auth never would.
const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const privatePem = privateKey.export({ format: "pem", type: "pkcs8" }) as string;

let stack: Stack;
let alice: SignedIn;
let kid: string;
let aliceId: number;

beforeAll(async () => {
  stack = await startStack({ authEnv: { JWT_PRIVATE_KEY: privatePem } });
  aliceId = await stack.addUser({ email: "alice@example.com", password: "correct horse battery", role: "ADMIN" });
  alice = await stack.signIn("alice@example.com", "correct horse battery");
  kid = jwt.decode(alice.accessToken, { complete: true })!.header.kid!;
});
afterAll(async () => {
  log.finish();
  await stack?.stop();
});

const claims = (extra: Record<string, unknown> = {}) => accessClaims(aliceId, extra);
const signReal = (c: Record<string, unknown>, header: Record<string, unknown> = {}) =>
  jwt.sign(c, privatePem, {
    algorithm: "ES256",
    header: { alg: "ES256", typ: "JWT", kid, ...header } as jwt.JwtHeader,
  });

/** Every place a token is checked: the gateway and each subgraph reached directly. */
const targets = () => [
  { name: "gateway", url: stack.gateway.url, query: `{ me { id } }` },
  { name: "auth", url: stack.auth.url, query: `{ me { id } }` },
  { name: "email", url: stack.email.url, query: `{ myEmailPreferences { digest } }` },
  { name: "home", url: stack.home.url, query: `{ rooms { name } }` },
];

async function attackEverywhere(attack: string, token: string, expected = "UNAUTHENTICATED") {
  for (const t of targets()) {
    const { status, body } = await postGraphQL(t.url, t.query, undefined, { authorization: `Bearer ${token}` });
    log.refused(
      attack,
      t.name,
      `${expected} ${expected === "UNAUTHENTICATED" ? 401 : 403}`,
      `${codeOf(body)} ${status}`,
    );
  }
}

describe("forged and stale access tokens", () => {
  it("the real token is accepted everywhere (the control)", async () => {
    for (const t of targets()) {
      const { status, body } = await postGraphQL(t.url, t.query, undefined, { authorization: alice.authorization });
      expect({ target: t.name, status, errors: body.errors }).toEqual({
        target: t.name,
        status: 200,
        errors: undefined,
      });
    }
  });

  it("alg: none", () => attackEverywhere("JWT alg none", forgeAlgNone(claims(), kid)));

  it("HS256 signed with the published public key", async () => {
    const jwks = (await (await fetch(`${stack.gateway.url}/.well-known/jwks.json`)).json()) as {
      keys: ({ kid: string } & Record<string, unknown>)[];
    };
    await attackEverywhere(
      "JWT HS256 with the public key",
      forgeHs256WithPublicKey(
        claims(),
        jwks.keys.find((k) => k.kid === kid)!,
      ),
    );
  });

  it("a foreign key with its own kid, and a kid naming a path or SQL", async () => {
    const foreign = generateTestKey("ES256");
    const byForeignKey = jwt.sign(claims(), foreign.privateKey, {
      algorithm: "ES256",
      header: { alg: "ES256", typ: "JWT", kid: foreign.kid } as jwt.JwtHeader,
    });
    await attackEverywhere("JWT signed by a foreign key", byForeignKey);
    // The real kid over a foreign signature: the verifier must check the signature, not just the kid.
    const foreignUnderRealKid = jwt.sign(claims(), foreign.privateKey, {
      algorithm: "ES256",
      header: { alg: "ES256", typ: "JWT", kid } as jwt.JwtHeader,
    });
    await attackEverywhere("JWT foreign signature under the real kid", foreignUnderRealKid);
    await attackEverywhere("JWT injected kid (path)", signReal(claims(), { kid: "../../../../dev/null" }));
    await attackEverywhere("JWT injected kid (SQL)", signReal(claims(), { kid: "x' OR '1'='1" }));
    // A JWKS URL of the attacker's own in the header must never be fetched.
    await attackEverywhere(
      "JWT jku/x5u header",
      signReal(claims(), { jku: "http://127.0.0.1:1/jwks.json", kid: "evil" }),
    );
  });

  it("expired, not yet valid, wrong issuer, wrong audience", async () => {
    const now = Math.floor(Date.now() / 1000);
    await attackEverywhere("JWT expired", signReal(claims({ iat: now - 1200, exp: now - 60 })));
    await attackEverywhere("JWT not yet valid (nbf)", signReal(claims({ nbf: now + 600 })));
    await attackEverywhere("JWT wrong iss", signReal(claims({ iss: "someone-else" })));
    await attackEverywhere("JWT wrong aud", signReal(claims({ aud: "another-household" })));
    await attackEverywhere(
      "JWT role escalated in the payload, old signature",
      `${alice.accessToken.split(".")[0]}.${Buffer.from(JSON.stringify(claims({ role: "ADMIN", sub: "999" }))).toString("base64url")}.${alice.accessToken.split(".")[2]}`,
    );
  });
});

describe("sessions", () => {
  it("a revoked session's access token is refused everywhere", async () => {
    await stack.addUser({ email: "rex@example.com", password: "correct horse battery" });
    const rex = await stack.signIn("rex@example.com", "correct horse battery");
    const res = await fetch(`${stack.gateway.url}/auth/logout`, {
      method: "POST",
      headers: { authorization: rex.authorization },
    });
    expect(res.status).toBe(204);
    // Revocations reach every service over SSE; give them a moment.
    await within(
      3000,
      async () =>
        (await postGraphQL(stack.home.url, `{ rooms { name } }`, undefined, { authorization: rex.authorization }))
          .status === 401,
    );
    await attackEverywhere("revoked session's access token", rex.accessToken);
  });

  it("a refresh token used twice ends the whole session", async () => {
    await stack.addUser({ email: "ria@example.com", password: "correct horse battery" });
    const ria = await stack.signIn("ria@example.com", "correct horse battery");
    const refresh = (token: string) =>
      fetch(`${stack.gateway.url}/auth/refresh`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ refreshToken: token }),
      });
    const first = await refresh(ria.refreshToken);
    expect(first.status).toBe(200);
    const rotated = (await first.json()) as { accessToken: string; refreshToken: string };
    // Past the grace for two tabs refreshing at once (REFRESH_REUSE_GRACE_SECONDS, 10 s by default).
    await stack.sql(`update auth.user_sessions set last_used_at = now() - interval '1 minute'`);
    const reuse = await refresh(ria.refreshToken);
    const reuseBody = (await reuse.json()) as { error: { code: string } };
    log.refused(
      "refresh token reused",
      "gateway /auth/refresh",
      "UNAUTHENTICATED 401",
      `${reuseBody.error.code} ${reuse.status}`,
    );
    // The thief's copy is the rotated one: it is dead too, and so is the session's access token.
    const after = await refresh(rotated.refreshToken);
    log.refused(
      "rotated refresh token after reuse",
      "gateway /auth/refresh",
      "UNAUTHENTICATED 401",
      `${((await after.json()) as { error: { code: string } }).error.code} ${after.status}`,
    );
    await within(
      3000,
      async () =>
        (
          await postGraphQL(stack.email.url, `{ myEmailPreferences { digest } }`, undefined, {
            authorization: `Bearer ${rotated.accessToken}`,
          })
        ).status === 401,
    );
    await attackEverywhere("access token of a session ended by reuse", rotated.accessToken);
  });
});

describe("identity headers forged straight to each subgraph", () => {
  const forged = {
    "x-user-id": "1",
    "x-user-role": "ADMIN",
    "x-forwarded-user": "1",
    "x-homegraph-user": JSON.stringify({ userId: 1, role: "ADMIN" }),
  };
  it("no header makes an anonymous caller anyone", async () => {
    for (const t of targets().filter((x) => x.name !== "gateway")) {
      const { status, body } = await postGraphQL(t.url, t.query, undefined, forged);
      log.refused("forged identity headers, no token", t.name, "UNAUTHENTICATED 200", `${codeOf(body)} ${status}`);
    }
    const { status, body } = await postGraphQL(stack.gateway.url, `{ me { id } }`, undefined, forged);
    log.refused("forged identity headers, no token", "gateway", "UNAUTHENTICATED 200", `${codeOf(body)} ${status}`);
  });

  it("a member's token plus admin headers stays a member", async () => {
    await stack.addUser({ email: "mo@example.com", password: "correct horse battery" });
    const mo = await stack.signIn("mo@example.com", "correct horse battery");
    const { body } = await postGraphQL(stack.auth.url, `{ systemSettings { key } }`, undefined, {
      ...forged,
      authorization: mo.authorization,
    });
    log.refused("member token + forged admin headers", "auth systemSettings", "FORBIDDEN", codeOf(body));
  });
});
