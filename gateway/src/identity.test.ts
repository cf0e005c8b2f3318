/**
 * The gateway's side of docs/identity.md for GraphQL and auth's public endpoints, against the
 * stand-ins of __tests__/identity-stand-ins.ts.
 */
import { createHmac, randomUUID } from "node:crypto";
import { within, type TestAuthServer } from "../../test/support/tokens";
import type { RunningGateway } from "./app";
import { startIdentityStandIns, type IdentityStandIns } from "./__tests__/identity-stand-ins";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

let auth: TestAuthServer;
let home: TestAuthServer;
let gateway: RunningGateway;
let call: IdentityStandIns["call"];
let graphql: IdentityStandIns["graphql"];
let standIns: IdentityStandIns | undefined;

beforeAll(async () => {
  standIns = await startIdentityStandIns();
  ({ auth, home, gateway, call, graphql } = standIns);
});
afterAll(() => standIns?.stop());

describe("GraphQL at the gateway", () => {
  it("forwards a verified token unchanged with the request id, user agent and client address", async () => {
    const authorization = auth.bearer({ sub: 3 });
    const { status, body } = await graphql("{ devices { label } }", {
      authorization,
      "x-request-id": "trace-7",
      "user-agent": "homegraph-test/1.0",
      "x-user-id": "999",
    });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { devices: [{ label: "Porch light" }] } });
    const sent = home.graphqlRequests.at(-1)!.headers;
    expect(sent.authorization).toBe(authorization);
    expect(sent["x-request-id"]).toBe("trace-7");
    expect(sent["user-agent"]).toBe("homegraph-test/1.0");
    expect(sent["x-forwarded-for"]).toMatch(/127\.0\.0\.1$/);
    // A plain identity header never travels: subgraphs would not trust it anyway.
    expect(sent["x-user-id"]).toBeUndefined();
  });

  it("shares one subgraph request among identical queries in flight with the same token, never among mutations", async () => {
    const previous = home.onGraphQL;
    // Slow enough that the concurrent requests overlap.
    home.onGraphQL = async (request) => {
      await new Promise((r) => setTimeout(r, 300));
      return previous?.(request);
    };
    try {
      const [ann, bob] = [auth.bearer({ sub: 3 }), auth.bearer({ sub: 4 })];
      const before = home.graphqlRequests.length;
      const answers = await Promise.all(
        [...Array(10).fill(ann), ...Array(10).fill(bob)].map((authorization: string) =>
          graphql("{ devices { label } }", { authorization }),
        ),
      );
      for (const { status, body } of answers) {
        expect(status).toBe(200);
        expect(body).toEqual({ data: { devices: [{ label: "Porch light" }] } });
      }
      const sent = home.graphqlRequests.slice(before);
      expect(sent).toHaveLength(2);
      expect(sent.map((r) => r.headers.authorization).sort()).toEqual([ann, bob].sort());

      const mutations = home.graphqlRequests.length;
      await Promise.all(
        Array.from({ length: 3 }, () =>
          graphql(
            `
              mutation {
                setSwitch(deviceId: "1", on: true) {
                  id
                }
              }
            `,
            { authorization: ann },
          ),
        ),
      );
      expect(home.graphqlRequests.length - mutations).toBe(3);
    } finally {
      home.onGraphQL = previous;
    }
  });

  it("lets an anonymous request through without a token, for the subgraphs' @Authorized to judge", async () => {
    const { status } = await graphql("{ devices { label } }");
    expect(status).toBe(200);
    expect(home.graphqlRequests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it("takes the client address from x-forwarded-for only from a trusted proxy (loopback by default)", async () => {
    await graphql("{ devices { label } }", { "x-forwarded-for": "203.0.113.9" });
    expect(home.graphqlRequests.at(-1)!.headers["x-forwarded-for"]).toBe("203.0.113.9");
  });

  it("answers alg none, HS256 with the public key, expired, another audience and an unknown key with 401", async () => {
    const key = auth.keys[0]!;
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: "1", sid: "s", role: "ADMIN", iss: "homegraph", aud: "homegraph", jti: "j", exp: now + 600 };
    const none = `${b64({ alg: "none", typ: "JWT", kid: key.kid })}.${b64(claims)}.`;
    const unsigned = `${b64({ alg: "HS256", typ: "JWT", kid: key.kid })}.${b64(claims)}`;
    const pem = key.publicKey.export({ format: "pem", type: "spki" }) as string;
    const hs256 = `${unsigned}.${createHmac("sha256", pem).update(unsigned).digest("base64url")}`;
    const before = home.graphqlRequests.length;
    for (const token of [
      none,
      hs256,
      auth.mint({ expiresIn: -60 }),
      auth.mint({ aud: "another-app" }),
      auth.mint({ iss: "elsewhere" }),
      auth.mint({ header: { kid: "no-such-key" } }),
    ]) {
      const { status, body, headers } = await graphql("{ devices { label } }", { authorization: `Bearer ${token}` });
      expect(status).toBe(401);
      expect(body).toEqual({
        errors: [{ message: expect.stringMatching(/\.$/), extensions: { code: "UNAUTHENTICATED" } }],
      });
      expect(headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    expect(home.graphqlRequests.length).toBe(before);
    const expired = await graphql("{ devices { label } }", { authorization: auth.bearer({ expiresIn: -60 }) });
    expect(expired.body!.errors[0].message).toBe("Your session has expired. Sign in again.");
  });

  it("refuses a token within 1 s of auth pushing its session's revocation", async () => {
    const sid = randomUUID();
    const authorization = auth.bearer({ sid });
    expect((await graphql("{ devices { label } }", { authorization })).status).toBe(200);
    auth.revoke(sid);
    const took = await within(
      1000,
      async () => (await graphql("{ devices { label } }", { authorization })).status === 401,
    );
    expect(took).toBeLessThan(1000);
  });
});

describe("auth's public endpoints through the gateway", () => {
  it("serves the JWKS and the revocation list", async () => {
    const jwks = await call("/.well-known/jwks.json");
    expect(jwks.status).toBe(200);
    expect(jwks.body).toEqual({ keys: auth.keys.map((k) => k.jwk) });
    expect(jwks.headers.get("cache-control")).toBe("public, max-age=300");
    auth.revoke("listed");
    const list = await call("/auth/revocations");
    expect(list.body!.revoked).toEqual(expect.arrayContaining([{ sid: "listed", exp: expect.any(Number) }]));
  });

  it("streams revocations as they happen, not buffered", async () => {
    const abort = new AbortController();
    const res = await fetch(`${gateway.url}/auth/revocations/stream`, { signal: abort.signal });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let seen = "";
    const started = Date.now();
    await within(1000, () => auth.openStreams() >= 2); // the gateway's own verifier holds one
    auth.revoke("streamed");
    while (!seen.includes('"sid":"streamed"')) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value);
    }
    expect(seen).toContain('event: revoked\ndata: {"sid":"streamed"');
    expect(Date.now() - started).toBeLessThan(1500);
    abort.abort();
    // The upstream connection ends with the client's.
    await within(1000, () => auth.openStreams() === 1);
  });
});
