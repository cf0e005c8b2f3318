import { generateKeyPairSync } from "node:crypto";
import jwt from "jsonwebtoken";
import { configFromEnv } from "./config";
import { login, startAuth, type AuthUnderTest } from "./__tests__/helpers";

describe("configuration", () => {
  const base = { DATABASE_URL: "postgres://localhost/x" };

  it("requires AUTH_SECRET in production, naming it", () => {
    expect(() => configFromEnv({ ...base, NODE_ENV: "production" })).toThrow(/AUTH_SECRET: is required in production/);
    const secrets = { AUTH_SECRET: "3f9a".repeat(16), SERVICE_SECRET: "b7c1".repeat(16) };
    expect(() => configFromEnv({ ...base, NODE_ENV: "production", ...secrets })).not.toThrow();
  });

  it("refuses a bcrypt cost below 10, and half of the admin pair", () => {
    expect(() => configFromEnv({ ...base, BCRYPT_COST: "9" })).toThrow(/BCRYPT_COST: must be at least 10/);
    expect(() => configFromEnv({ ...base, ADMIN_EMAIL: "a@example.com" })).toThrow(/ADMIN_PASSWORD/);
    // The operator's password obeys the same rules as anyone's.
    expect(() => configFromEnv({ ...base, ADMIN_EMAIL: "a@example.com", ADMIN_PASSWORD: "password" })).toThrow(
      /ADMIN_PASSWORD: This password is one of the 10,000 most common/,
    );
    expect(configFromEnv(base).auth).toMatchObject({
      bcryptCost: 12,
      accessTokenTtlSeconds: 900,
      refreshAbsoluteDays: 30,
      refreshIdleDays: 7,
      refreshReuseGraceSeconds: 10,
      algorithm: "ES256",
      publicUrl: "http://localhost:6003",
      demoSeed: false,
    });
  });
});

describe("passkey origins", () => {
  const base = { DATABASE_URL: "postgres://localhost/x" };

  it("the RP ID is PUBLIC_URL's host; WEBAUTHN_ORIGINS adds origins on it, and refuses others by name", () => {
    expect(configFromEnv({ ...base, PUBLIC_URL: "https://home.example.com/" }).auth.webauthn).toMatchObject({
      rpId: "home.example.com",
      rpName: "Homegraph",
      origins: ["https://home.example.com"],
    });
    const dev = configFromEnv({ ...base, WEBAUTHN_ORIGINS: "http://localhost:5173, http://localhost:6003" });
    expect(dev.auth.webauthn).toMatchObject({
      rpId: "localhost",
      origins: ["http://localhost:6003", "http://localhost:5173"],
    });
    expect(() =>
      configFromEnv({ ...base, PUBLIC_URL: "https://home.example.com", WEBAUTHN_ORIGINS: "https://evil.test" }),
    ).toThrow(/WEBAUTHN_ORIGINS: https:\/\/evil.test is not on home.example.com/);
    expect(() => configFromEnv({ ...base, WEBAUTHN_ORIGINS: "not a url" })).toThrow(/WEBAUTHN_ORIGINS/);
  });
});

describe("first run", () => {
  let auth: AuthUnderTest | undefined;
  afterEach(async () => {
    await auth?.stop();
    auth = undefined;
  });

  it("seeds the demo household with DEMO_SEED=1, once", async () => {
    auth = await startAuth({ DEMO_SEED: "1" });
    const admin = await login(auth, "test@example.com", "password");
    expect((await auth.gql(`{ me { role } }`, {}, admin.accessToken)).body.data!.me.role).toBe("ADMIN");
    await auth.restart();
    const users = await auth.sql(`select email, role from auth.users order by id`);
    expect(users).toEqual([
      { email: "test@example.com", role: "ADMIN" },
      { email: "sam@example.com", role: "MEMBER" },
    ]);
  });

  it("creates the admin from ADMIN_EMAIL / ADMIN_PASSWORD; signs with JWT_PRIVATE_KEY when configured (RS256)", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    auth = await startAuth({
      JWT_PRIVATE_KEY: pem,
      ADMIN_EMAIL: "boss@example.com",
      ADMIN_PASSWORD: "the boss passphrase",
    });
    const { accessToken } = await login(auth, "boss@example.com", "the boss passphrase");
    expect((jwt.decode(accessToken) as jwt.JwtPayload).role).toBe("ADMIN");
    const header = jwt.decode(accessToken, { complete: true })!.header;
    expect(header.alg).toBe("RS256");
    const jwks = (await (await fetch(`${auth.url()}/.well-known/jwks.json`)).json()) as { keys: any[] };
    expect(jwks.keys.find((k) => k.kid === header.kid)).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(await auth.sql(`select * from auth.signing_keys`)).toEqual([]);
  });
});
