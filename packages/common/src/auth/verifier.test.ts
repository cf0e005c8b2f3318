import { createHmac, randomUUID } from "node:crypto";
import { createLogger } from "../logging/logger";
import {
  AppError,
  ForbiddenError,
  SecondFactorEnrolmentRequiredError,
  UnauthenticatedError,
  UnavailableError,
} from "../errors/errors";
import {
  generateTestKey,
  startTestAuthServer,
  TEST_AUDIENCE,
  TEST_ISSUER,
  within,
  type TestAuthServer,
} from "../../../../test/support/tokens";
import { authChecker, OPEN_DURING_ENROLMENT, requireService } from "./auth-checker";
import { requireRecentAuth } from "./step-up";
import { createRemoteKeySource, createStaticKeySource } from "./keys";
import { connectRevocationStream, createRevocationSet } from "./revocations";
import { createIdentityVerifier, identityFromClaims } from "./verifier";
import { createRemoteIdentityVerifier } from "./remote";

const logger = createLogger("test", "silent");
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

let auth: TestAuthServer;
const es = generateTestKey("ES256");
const rs = generateTestKey("RS256");

beforeAll(async () => {
  auth = await startTestAuthServer({ keys: [es, rs] });
});
afterAll(() => auth?.stop());

function localVerifier() {
  const revocations = createRevocationSet();
  const keys = createStaticKeySource({ keys: [es.jwk, rs.jwk] as never });
  return {
    revocations,
    verifier: createIdentityVerifier({ keys, revocations, issuer: TEST_ISSUER, audience: TEST_AUDIENCE }),
  };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("createIdentityVerifier", () => {
  const { verifier, revocations } = localVerifier();

  it.each([
    ["ES256", es],
    ["RS256", rs],
  ])("accepts a valid %s token and returns who is calling", async (_alg, key) => {
    const identity = await verifier.verify(auth.bearer({ key, sub: 42, sid: "s-1", role: "ADMIN" }));
    expect(identity).toMatchObject({ userId: 42, sessionId: "s-1", role: "ADMIN" });
    expect(identity!.tokenId).toMatch(/^[0-9a-f-]{36}$/);
    expect(identity!.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("treats a missing or empty header as anonymous, and any other scheme as a mistake", async () => {
    expect(await verifier.verify(undefined)).toBeUndefined();
    expect(await verifier.verify("")).toBeUndefined();
    const basic = await refusal(verifier.verify("Basic dXNlcjpwYXNz"));
    expect(basic).toBeInstanceOf(UnauthenticatedError);
    expect(basic.message).toBe("Send the access token as 'Authorization: Bearer <token>'.");
    expect((await refusal(verifier.verify("Bearer not-a-jwt"))).message).toMatch(/malformed/);
  });

  it("refuses alg none", async () => {
    const payload = { sub: "1", sid: "s", role: "ADMIN", iss: TEST_ISSUER, aud: TEST_AUDIENCE, jti: randomUUID() };
    const token = `${b64({ alg: "none", typ: "JWT", kid: es.kid })}.${b64({ ...payload, exp: Date.now() / 1000 + 600 })}.`;
    const err = await refusal(verifier.verify(`Bearer ${token}`));
    expect(err.extensions.code).toBe("UNAUTHENTICATED");
    expect(err.message).toBe("This access token is not signed the way Homegraph signs tokens. Sign in again.");
  });

  it("refuses an HS256 token whose secret is the public key (algorithm confusion)", async () => {
    for (const key of [es, rs]) {
      const pem = key.publicKey.export({ format: "pem", type: "spki" }) as string;
      const now = Math.floor(Date.now() / 1000);
      const unsigned = `${b64({ alg: "HS256", typ: "JWT", kid: key.kid })}.${b64({
        sub: "1",
        sid: "s",
        role: "ADMIN",
        iss: TEST_ISSUER,
        aud: TEST_AUDIENCE,
        jti: randomUUID(),
        iat: now,
        exp: now + 600,
      })}`;
      const token = `${unsigned}.${createHmac("sha256", pem).update(unsigned).digest("base64url")}`;
      const err = await refusal(verifier.verify(`Bearer ${token}`));
      expect(err.message).toMatch(/not signed the way Homegraph signs tokens/);
    }
  });

  it("refuses a token whose header claims RS256 over the EC key", async () => {
    const token = auth.mint({ key: rs, header: { kid: es.kid } });
    expect((await refusal(verifier.verify(`Bearer ${token}`))).extensions.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a kid that is not in the JWKS, and one signed by another key under a known kid", async () => {
    const stranger = generateTestKey("ES256");
    expect((await refusal(verifier.verify(auth.bearer({ key: stranger })))).message).toBe(
      "This access token was signed with a key Homegraph does not know. Sign in again.",
    );
    const impostor = { ...stranger, kid: es.kid };
    expect((await refusal(verifier.verify(auth.bearer({ key: impostor })))).message).toBe(
      "This access token's signature is not valid. Sign in again.",
    );
  });

  it.each([
    ["a path", "../../../etc/passwd"],
    ["SQL", "x' OR '1'='1"],
    ["a URL", "https://evil.example/jwks.json"],
    ["an empty string", ""],
    ["500 characters", "a".repeat(500)],
  ])("refuses a forged kid (%s) without using it", async (_what, kid) => {
    const err = await refusal(verifier.verify(auth.bearer({ header: { kid } })));
    expect(err.message).toBe("This access token does not name its key. Sign in again.");
  });

  it("refuses a token without a kid", async () => {
    const err = await refusal(verifier.verify(auth.bearer({ header: { kid: undefined } })));
    expect(err.message).toMatch(/does not name its key/);
  });

  it("refuses an expired token, allowing 5 s of clock skew", async () => {
    const err = await refusal(verifier.verify(auth.bearer({ expiresIn: -60 })));
    expect(err.message).toBe("Your session has expired. Sign in again.");
    await expect(verifier.verify(auth.bearer({ expiresIn: -2 }))).resolves.toBeDefined();
  });

  it("refuses a token that is not valid yet", async () => {
    const err = await refusal(verifier.verify(auth.bearer({ notBefore: 60 })));
    expect(err.message).toMatch(/not valid yet/);
    await expect(verifier.verify(auth.bearer({ notBefore: 2 }))).resolves.toBeDefined();
  });

  it("refuses another issuer and another audience", async () => {
    expect((await refusal(verifier.verify(auth.bearer({ iss: "someone-else" })))).message).toBe(
      "This access token was issued by another service. Sign in again.",
    );
    expect((await refusal(verifier.verify(auth.bearer({ aud: "another-app" })))).message).toBe(
      "This access token is meant for another service. Sign in again.",
    );
  });

  it("refuses tokens that lack the claims Homegraph issues", async () => {
    for (const claims of [{ sub: "abc" }, { sid: 5 }, { role: "ROOT" }, { jti: undefined }, { sub: "0" }]) {
      const err = await refusal(verifier.verify(auth.bearer({ claims })));
      expect(err.message).toBe("This access token is missing required claims. Sign in again.");
    }
  });

  it("accepts a service token as a service with no person behind it", async () => {
    const identity = await verifier.verify(auth.bearer({ sub: "service:email", role: "SERVICE", expiresIn: 300 }));
    expect(identity).toMatchObject({ userId: 0, role: "SERVICE", service: "email" });
  });

  it("refuses service tokens that mix with a person's claims, live long, or name no service", async () => {
    for (const options of [
      { sub: "service:email", role: "ADMIN" as const },
      { sub: "7", role: "SERVICE" as const },
      { sub: "service:", role: "SERVICE" as const },
      { sub: "service:../auth", role: "SERVICE" as const },
      { sub: "service:Email", role: "SERVICE" as const },
      { sub: "service:email", role: "SERVICE" as const, expiresIn: 3600 },
    ]) {
      const err = await refusal(verifier.verify(auth.bearer(options)));
      expect(err.message).toBe("This access token is missing required claims. Sign in again.");
    }
  });

  it("refuses a token of a revoked session, and forgets the revocation once it cannot matter", async () => {
    const sid = randomUUID();
    const token = auth.bearer({ sid });
    await expect(verifier.verify(token)).resolves.toBeDefined();
    revocations.add(sid, Math.floor(Date.now() / 1000) + 900);
    expect((await refusal(verifier.verify(token))).message).toBe("This session has ended. Sign in again.");

    let now = Date.now();
    const set = createRevocationSet(() => now);
    set.add("old", Math.floor(now / 1000) + 10);
    expect(set.has("old")).toBe(true);
    now += 11_000;
    expect(set.has("old")).toBe(false);
    expect(set.size).toBe(0);
  });
});

describe("createIdentityVerifier's memory of verified tokens", () => {
  it("still refuses a token it verified before once it has expired or its key is no longer known", async () => {
    const known = new Map([[es.kid, createStaticKeySource({ keys: [es.jwk] as never })]]);
    const keys = { getKey: async (kid: string) => known.get(kid)?.getKey(kid) };
    const verifier = createIdentityVerifier({
      keys,
      revocations: createRevocationSet(),
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
    });
    // Expired 4 s ago: within the 5 s of clock skew for about a second more.
    const expiring = auth.bearer({ key: es, expiresIn: -4 });
    await expect(verifier.verify(expiring)).resolves.toBeDefined();
    const other = auth.bearer({ key: es, sub: 7 });
    await expect(verifier.verify(other)).resolves.toMatchObject({ userId: 7 });
    await new Promise((r) => setTimeout(r, 1_200));
    expect((await refusal(verifier.verify(expiring))).message).toBe("Your session has expired. Sign in again.");

    known.delete(es.kid);
    expect((await refusal(verifier.verify(other))).message).toMatch(/a key Homegraph does not know/);
  });
});

describe("createRemoteKeySource", () => {
  it("fetches the JWKS once, refetches on an unknown kid at most once per interval, and picks up a new key", async () => {
    const server = await startTestAuthServer();
    try {
      const keys = createRemoteKeySource(server.url, { minRefetchIntervalMs: 300 });
      const verifier = createIdentityVerifier({
        keys,
        revocations: createRevocationSet(),
        issuer: TEST_ISSUER,
        audience: TEST_AUDIENCE,
      });
      await Promise.all([verifier.verify(server.bearer()), verifier.verify(server.bearer())]);
      await verifier.verify(server.bearer());
      expect(server.hits["/.well-known/jwks.json"]).toBe(1);

      // Made-up kids cannot make it hammer the auth service.
      for (let i = 0; i < 5; i++) await refusal(verifier.verify(server.bearer({ key: generateTestKey() })));
      expect(server.hits["/.well-known/jwks.json"]).toBe(1);

      // Key rotation: the new key is published, then used; the verifier finds it after the interval.
      const rotated = generateTestKey("ES256");
      server.keys.push(rotated);
      await new Promise((r) => setTimeout(r, 350));
      await expect(verifier.verify(server.bearer({ key: rotated }))).resolves.toBeDefined();
      expect(server.hits["/.well-known/jwks.json"]).toBe(2);
    } finally {
      await server.stop();
    }
  });

  it("keeps the last good keys while auth is down, and says so plainly when it never had any", async () => {
    const server = await startTestAuthServer();
    const keys = createRemoteKeySource(server.url, { minRefetchIntervalMs: 0, retryAfterFailureMs: 0, timeoutMs: 500 });
    const verifier = createIdentityVerifier({
      keys,
      revocations: createRevocationSet(),
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
    });
    const token = server.bearer();
    await verifier.verify(token);
    await server.stop();
    await expect(verifier.verify(token)).resolves.toBeDefined();
    expect((await refusal(verifier.verify(server.bearer({ key: generateTestKey() })))).extensions.code).toBe(
      "UNAUTHENTICATED",
    );

    const never = createIdentityVerifier({
      keys: createRemoteKeySource(server.url, { timeoutMs: 500 }),
      revocations: createRevocationSet(),
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
    });
    const err = await refusal(never.verify(token));
    expect(err).toBeInstanceOf(UnavailableError);
  });
});

describe("connectRevocationStream", () => {
  it("loads the list, applies pushed revocations, and after a drop reconnects and reloads the list", async () => {
    const server = await startTestAuthServer();
    server.revoke("before-start");
    const set = createRevocationSet();
    const stream = connectRevocationStream(server.url, set, logger, { initialBackoffMs: 50 });
    try {
      await stream.firstAttempt;
      expect(set.has("before-start")).toBe(true);
      expect(stream.connected).toBe(true);

      server.revoke("pushed");
      expect(await within(1000, () => set.has("pushed"))).toBeLessThan(1000);

      server.dropStreams();
      // Revoked while no stream is open: only the reload after reconnecting can learn of it.
      server.revoke("while-disconnected");
      await within(2000, () => set.has("while-disconnected"));
      expect(server.hits["/auth/revocations"]).toBe(2);
      await within(1000, () => server.openStreams() === 1);

      server.revoke("after-reconnect");
      await within(1000, () => set.has("after-reconnect"));
    } finally {
      await stream.stop();
      await server.stop();
    }
  });

  it("starts without auth, retries with backoff, and connects once auth is up", async () => {
    const probe = await startTestAuthServer();
    const port = Number(new URL(probe.url).port);
    await probe.stop();
    const set = createRevocationSet();
    const stream = connectRevocationStream(probe.url, set, logger, { initialBackoffMs: 50, maxBackoffMs: 200 });
    const server = await (async () => {
      await stream.firstAttempt;
      expect(stream.connected).toBe(false);
      return startTestAuthServer({ port });
    })();
    try {
      server.revoke("known-at-start");
      await within(2000, () => stream.connected && set.has("known-at-start"));
      server.revoke("pushed");
      await within(1000, () => set.has("pushed"));
    } finally {
      await stream.stop();
      await server.stop();
    }
  });

  it("a remote verifier starts when auth is down and stops cleanly", async () => {
    const verifier = createRemoteIdentityVerifier({
      authUrl: "http://127.0.0.1:1",
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      logger,
    });
    const started = Date.now();
    await verifier.start();
    expect(Date.now() - started).toBeLessThan(3500);
    await verifier.stop();
  });
});

describe("authChecker", () => {
  const identity = { userId: 1, sessionId: "s", role: "MEMBER" as const, tokenId: "t", expiresAt: new Date() };
  const check = (ctx: object, roles: ("ADMIN" | "MEMBER" | "GUEST")[]) =>
    (() => authChecker({ context: ctx, root: {}, args: {}, info: {} as never }, roles))();

  it("asks anonymous callers to sign in, lets members in, keeps members out of admin fields", () => {
    expect(() => check({}, [])).toThrow(UnauthenticatedError);
    expect(check({ identity }, [])).toBe(true);
    expect(check({ identity }, ["MEMBER"])).toBe(true);
    expect(() => check({ identity }, ["ADMIN"])).toThrow(ForbiddenError);
    expect(check({ identity: { ...identity, role: "ADMIN" } }, ["ADMIN"])).toBe(true);
    expect(check({ identity: { ...identity, role: "ADMIN" } }, ["MEMBER"])).toBe(true);
  });

  it("keeps guests out of everything not opened to GUEST, and lets everyone through GUEST", () => {
    const guest = { ...identity, role: "GUEST" as const };
    expect(() => check({ identity: guest }, [])).toThrow(ForbiddenError);
    expect(() => check({ identity: guest }, ["MEMBER"])).toThrow(ForbiddenError);
    expect(() => check({ identity: guest }, ["ADMIN"])).toThrow(ForbiddenError);
    expect(check({ identity: guest }, ["GUEST"])).toBe(true);
    expect(check({ identity }, ["GUEST"])).toBe(true);
    expect(check({ identity: { ...identity, role: "ADMIN" } }, ["GUEST"])).toBe(true);
  });

  it("verifies a GUEST's token claims like a member's, and nothing else as a role", () => {
    const claims = { sub: "7", sid: "s", jti: "j", exp: Math.floor(Date.now() / 1000) + 600 };
    expect(identityFromClaims({ ...claims, role: "GUEST" })?.role).toBe("GUEST");
    expect(identityFromClaims({ ...claims, role: "OWNER" })).toBeUndefined();
  });

  it("lets a service token through no role check, and only a service token through requireService", () => {
    const service = { ...identity, userId: 0, role: "SERVICE" as const, service: "auth" };
    expect(() => check({ identity: service }, [])).toThrow(ForbiddenError);
    expect(() => check({ identity: service }, ["ADMIN"])).toThrow(ForbiddenError);
    expect(requireService(service)).toBe("auth");
    expect(() => requireService(undefined)).toThrow(UnauthenticatedError);
    expect(() => requireService({ ...identity, role: "ADMIN" })).toThrow(ForbiddenError);
    expect(() => requireService(service, new UnauthenticatedError("bad token"))).toThrow("bad token");
  });
});

describe("step-up and enrolment-only sessions", () => {
  const base = { sub: "7", sid: "s", role: "MEMBER", jti: "j", exp: Math.floor(Date.now() / 1000) + 600 };

  it("reads auth_time and enrol from the claims", () => {
    const at = Math.floor(Date.now() / 1000) - 30;
    expect(identityFromClaims({ ...base, auth_time: at })?.authTime).toEqual(new Date(at * 1000));
    expect(identityFromClaims(base)?.authTime).toBeUndefined();
    expect(identityFromClaims({ ...base, enrol: true })?.enrolmentOnly).toBe(true);
    expect(identityFromClaims({ ...base, enrol: "yes" })?.enrolmentOnly).toBeUndefined();
  });

  it("requireRecentAuth: STEP_UP_REQUIRED with maxAgeSeconds unless a factor was proven within it", () => {
    const now = Date.now();
    const identity = identityFromClaims(base)!;
    const refusal = (f: () => void) => {
      try {
        f();
      } catch (err) {
        return (err as AppError).extensions;
      }
      return undefined;
    };
    expect(refusal(() => requireRecentAuth(identity))).toEqual({ code: "STEP_UP_REQUIRED", maxAgeSeconds: 300 });
    expect(refusal(() => requireRecentAuth({ ...identity, authTime: new Date(now - 301_000) }, 300, now))).toEqual({
      code: "STEP_UP_REQUIRED",
      maxAgeSeconds: 300,
    });
    expect(
      refusal(() => requireRecentAuth({ ...identity, authTime: new Date(now - 299_000) }, 300, now)),
    ).toBeUndefined();
    expect(refusal(() => requireRecentAuth(undefined))).toMatchObject({ code: "STEP_UP_REQUIRED" });
  });

  it("an enrolment-only session reaches only the operations open during enrolment", () => {
    const identity = { ...identityFromClaims(base)!, enrolmentOnly: true };
    const info = (parent: string) => ({ parentType: { name: parent } }) as never;
    const run = (parent: string, roles: string[]) =>
      authChecker({ context: { identity }, root: {}, args: {}, info: info(parent) }, roles as never);
    expect(() => run("Query", [])).toThrow(SecondFactorEnrolmentRequiredError);
    expect(() => run("Mutation", ["MEMBER"])).toThrow(SecondFactorEnrolmentRequiredError);
    expect(run("Mutation", [OPEN_DURING_ENROLMENT])).toBe(true);
    expect(run("User", [])).toBe(true);
    expect(
      authChecker(
        { context: { identity: { ...identity, enrolmentOnly: undefined } }, root: {}, args: {}, info: info("Query") },
        [],
      ),
    ).toBe(true);
  });
});
