import http from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";

export interface TestKey {
  kid: string;
  alg: "ES256" | "RS256";
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as published in a JWKS. */
  jwk: Record<string, unknown>;
}

export function generateTestKey(alg: "ES256" | "RS256" = "ES256", kid = `test-${alg.toLowerCase()}-${randomUUID()}`) {
  const { privateKey, publicKey } =
    alg === "ES256"
      ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg, use: "sig" };
  return { kid, alg, privateKey, publicKey, jwk } satisfies TestKey;
}

export interface MintOptions {
  sub?: string | number;
  sid?: string;
  /** SERVICE with `sub: "service:<name>"`: a service token (docs/identity.md). */
  role?: "ADMIN" | "MEMBER" | "GUEST" | "SERVICE";
  iss?: string;
  aud?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** Seconds from now before which the token is not valid. */
  notBefore?: number;
  key?: TestKey;
  /** Header fields to set or override (a forged kid, say). */
  header?: Record<string, unknown>;
  /** Extra or replacement claims. */
  claims?: Record<string, unknown>;
}

export interface TestAuthServer {
  url: string;
  keys: TestKey[];
  /** Signs an access token the way the auth service does. */
  mint: (options?: MintOptions) => string;
  /** `Authorization` header value for a fresh token. */
  bearer: (options?: MintOptions) => string;
  /** Adds the session to the list and pushes it to every open stream. */
  revoke: (sid: string, exp?: number) => void;
  /** Closes every open revocation stream, as a restarting auth service would. */
  dropStreams: () => void;
  /** Requests seen, by path, to prove caching and reconnects. */
  hits: Record<string, number>;
  openStreams: () => number;
  /** Answers POST /graphql, so the server can also stand in for a subgraph behind the gateway. */
  onGraphQL?: (request: GraphQLRequest) => unknown;
  /** Every POST /graphql received, newest last. */
  graphqlRequests: GraphQLRequest[];
  /**
   * The household as auth's `/internal/users` lists it (to service tokens); the stand-in also
   * mints service tokens at `/internal/service-token` for any secret, so a subgraph under test can
   * call its peers as itself.
   */
  users: { id: number; email: string; displayName: string; role: "ADMIN" | "MEMBER" | "GUEST" }[];
  stop: () => Promise<void>;
}

export interface GraphQLRequest {
  query: string;
  variables: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
}

export const TEST_ISSUER = "homegraph";
export const TEST_AUDIENCE = "homegraph";

/**
 * A stand-in for the auth service's public endpoints (JWKS, revocation list and its SSE stream)
 * on a real local port, with the matching private keys so a test can mint tokens. Subgraph-only
 * tests point AUTH_URL at it.
 */
export async function startTestAuthServer(options: { keys?: TestKey[]; port?: number } = {}): Promise<TestAuthServer> {
  const keys = options.keys ?? [generateTestKey("ES256")];
  const revoked = new Map<string, number>();
  const streams = new Set<http.ServerResponse>();
  const hits: Record<string, number> = {};

  const graphqlRequests: GraphQLRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    hits[path] = (hits[path] ?? 0) + 1;
    if (path === "/graphql" && req.method === "POST") {
      let raw = "";
      for await (const chunk of req) raw += chunk;
      const { query, variables } = JSON.parse(raw) as { query: string; variables?: Record<string, unknown> };
      const request = { query, variables: variables ?? {}, headers: req.headers };
      graphqlRequests.push(request);
      const answer = (await handle.onGraphQL?.(request)) ?? { data: null, errors: [{ message: "no handler" }] };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(answer));
    } else if (path === "/internal/service-token" && req.method === "POST") {
      let raw = "";
      for await (const chunk of req) raw += chunk;
      const { service } = JSON.parse(raw || "{}") as { service?: string };
      const expiresIn = 300;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          token: mint({ sub: `service:${service ?? "test"}`, role: "SERVICE", expiresIn }),
          expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString(),
        }),
      );
    } else if (path === "/internal/users" && req.method === "GET") {
      const role = new URL(req.url ?? "/", "http://x").searchParams.get("role");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ users: handle.users.filter((u) => !role || u.role === role) }));
    } else if (path === "/health") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "healthy", service: "test-auth", checks: {} }));
    } else if (path === "/.well-known/jwks.json") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "public, max-age=300" });
      res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
    } else if (path === "/auth/revocations") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ revoked: [...revoked].map(([sid, exp]) => ({ sid, exp })) }));
    } else if (path === "/auth/revocations/stream") {
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      res.write(": connected\n\n");
      streams.add(res);
      req.on("close", () => streams.delete(res));
    } else {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "no such path" } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const mint = (o: MintOptions = {}) => {
    const key = o.key ?? keys[0]!;
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      sub: String(o.sub ?? 1),
      sid: o.sid ?? randomUUID(),
      role: o.role ?? "MEMBER",
      iss: o.iss ?? TEST_ISSUER,
      aud: o.aud ?? TEST_AUDIENCE,
      jti: randomUUID(),
      iat: now,
      exp: now + (o.expiresIn ?? 900),
      // As at a sign-in: a factor was just proven (override with `claims: { auth_time }`).
      ...(o.role === "SERVICE" ? {} : { auth_time: now }),
      ...(o.notBefore !== undefined ? { nbf: now + o.notBefore } : {}),
      ...o.claims,
    };
    return jwt.sign(payload, key.privateKey, {
      algorithm: key.alg,
      header: { alg: key.alg, typ: "JWT", kid: key.kid, ...o.header } as jwt.JwtHeader,
    });
  };

  const handle: TestAuthServer = {
    url,
    keys,
    graphqlRequests,
    users: [],
    mint,
    bearer: (o) => `Bearer ${mint(o)}`,
    revoke(sid, exp = Math.floor(Date.now() / 1000) + 900) {
      revoked.set(sid, exp);
      for (const res of streams) res.write(`event: revoked\ndata: ${JSON.stringify({ sid, exp })}\n\n`);
    },
    dropStreams() {
      for (const res of streams) res.destroy();
      streams.clear();
    },
    hits,
    openStreams: () => streams.size,
    stop: async () => {
      for (const res of streams) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return handle;
}

/** Polls `check` until it holds or `timeoutMs` passes; returns how long it took. */
export async function within(timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
