/**
 * The GraphQL lane (packages/common/src/server/graphql-lane.ts): `POST /graphql` answered without
 * Express must give what Express gives. Each request goes to `/graphql` (the lane, when it takes
 * it) and to `/graphql?via=express` (a query string, which the lane leaves to Express, and which
 * Apollo ignores on a POST), on the gateway and on a subgraph, and the two answers must match:
 * status, body and every header but the date and a fresh request id. The lane's counter on
 * /metrics says which requests it took.
 */
import type { RunningGateway } from "../gateway/src/app";
import { scrapeMetrics } from "./support/metrics";
import { startGatewayFor, startStack, type Stack } from "./support/stack";

let stack: Stack;
let laneOff: RunningGateway;
let admin: string;

interface Sent {
  status: number;
  text: string;
  headers: Record<string, string>;
}

async function send(url: string, body: string, headers: Record<string, string>): Promise<Sent> {
  const res = await fetch(url, { method: "POST", headers, body });
  const kept: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (name !== "date" && !(name === "x-request-id" && !headers["x-request-id"])) kept[name] = value;
  });
  return { status: res.status, text: await res.text(), headers: kept };
}

async function laneCount(url: string): Promise<number> {
  return (await scrapeMetrics(url)).value("homegraph_http_graphql_lane_total") ?? 0;
}

/** The request through the lane and through Express: the same answer; whether the lane took it. */
async function same(base: string, body: string, headers: Record<string, string> = {}) {
  const all = { "content-type": "application/json", ...headers };
  const before = await laneCount(base);
  const lane = await send(`${base}/graphql`, body, all);
  const taken = (await laneCount(base)) > before;
  const express = await send(`${base}/graphql?via=express`, body, all);
  expect(lane.status).toBe(express.status);
  expect(lane.text).toBe(express.text);
  expect(lane.headers).toEqual(express.headers);
  return { taken, status: lane.status, body: lane.text ? (JSON.parse(lane.text) as any) : undefined, lane };
}

const ME = JSON.stringify({ query: "{ me { id displayName role } }" });

beforeAll(async () => {
  stack = await startStack();
  laneOff = await startGatewayFor(stack, { GRAPHQL_LANE: "false" });
  await stack.addUser({ email: "ava@example.com", password: "password", displayName: "Ava", role: "ADMIN" });
  admin = (await stack.signIn("ava@example.com", "password")).authorization;
}, 60_000);

afterAll(async () => {
  await laneOff?.close();
  await stack?.stop();
});

describe("the gateway's lane gives what Express gives", () => {
  it("answers a signed-in query, with the security headers, no-store and the caller's request id", async () => {
    const { taken, body, lane } = await same(stack.gateway.url, ME, {
      authorization: admin,
      "x-request-id": "lane-test-1",
    });
    expect(taken).toBe(true);
    expect(body.data.me.displayName).toBe("Ava");
    expect(lane.headers["x-request-id"]).toBe("lane-test-1");
    expect(lane.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(lane.headers["x-content-type-options"]).toBe("nosniff");
    expect(lane.headers["cache-control"]).toBe("no-store");
  });

  it("answers an anonymous caller with the field's own error", async () => {
    const { taken, body } = await same(stack.gateway.url, ME);
    expect(taken).toBe(true);
    expect(body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a bad token with 401 and WWW-Authenticate before anything runs", async () => {
    const { taken, status, lane } = await same(stack.gateway.url, ME, { authorization: "Bearer not-a-token" });
    expect(taken).toBe(true);
    expect(status).toBe(401);
    expect(lane.headers["www-authenticate"]).toContain("invalid_token");
  });

  it("refuses a body that is not JSON, or JSON that is not an object, with BAD_USER_INPUT", async () => {
    for (const body of ['{"query": "{ me { id }', '"a string"', "42"]) {
      const answer = await same(stack.gateway.url, body, { authorization: admin });
      expect(answer.taken).toBe(true);
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    }
  });

  it("keeps the request limits: too many tokens, too long a batch", async () => {
    const long = JSON.stringify({ query: `{ ${"me { id } ".repeat(800)} }` });
    const tokens = await same(stack.gateway.url, long, { authorization: admin });
    expect(tokens.taken).toBe(true);
    expect(tokens.body.errors[0].extensions.reason).toBe("MAX_TOKENS");
    const batch = JSON.stringify(Array.from({ length: 11 }, () => ({ query: "{ me { id } }" })));
    const batched = await same(stack.gateway.url, batch, { authorization: admin });
    expect(batched.body.errors[0].extensions.reason).toBe("MAX_BATCH");
  });

  it("answers validation errors and a batch within the limit as Apollo does", async () => {
    const invalid = await same(stack.gateway.url, JSON.stringify({ query: "{ nope }" }), { authorization: admin });
    expect(invalid.taken).toBe(true);
    expect(invalid.status).toBe(400);
    const batch = JSON.stringify([{ query: "{ me { id } }" }, { query: "{ me { role } }" }]);
    const batched = await same(stack.gateway.url, batch, { authorization: admin });
    expect(batched.taken).toBe(true);
    expect(batched.body).toHaveLength(2);
  });

  it("takes the web app's own origin with its CORS answer; leaves a foreign origin and API tokens to Express", async () => {
    const own = await same(stack.gateway.url, ME, { authorization: admin, origin: new URL(stack.gateway.url).origin });
    expect(own.taken).toBe(true);
    const foreign = await same(stack.gateway.url, ME, { authorization: admin, origin: "https://evil.example" });
    expect(foreign.taken).toBe(false);
    expect(foreign.status).toBe(403);
    const apiToken = await same(stack.gateway.url, ME, { authorization: "Bearer hgp_notarealtoken00000000000000" });
    expect(apiToken.taken).toBe(false);
    expect(apiToken.status).toBe(401);
  });

  it("leaves other content types and encodings to Express (CSRF prevention answers them)", async () => {
    const text = await same(stack.gateway.url, ME, { "content-type": "text/plain", authorization: admin });
    expect(text.taken).toBe(false);
    expect(text.status).toBe(400);
    const utf8 = await same(stack.gateway.url, ME, {
      "content-type": "application/json; charset=utf-8",
      authorization: admin,
    });
    expect(utf8.taken).toBe(true);
    expect(utf8.body.data.me.role).toBe("ADMIN");
  });

  it("is off with GRAPHQL_LANE=false, and the answer is the same", async () => {
    const before = await laneCount(laneOff.url);
    const off = await send(`${laneOff.url}/graphql`, ME, { "content-type": "application/json", authorization: admin });
    expect(await laneCount(laneOff.url)).toBe(before);
    const on = await send(`${stack.gateway.url}/graphql`, ME, {
      "content-type": "application/json",
      authorization: admin,
    });
    expect(off.text).toBe(on.text);
  });
});

describe("a subgraph's lane gives what Express gives", () => {
  it("answers the caller and refuses a bad token the same way", async () => {
    const ok = await same(stack.auth.url, ME, { authorization: admin });
    expect(ok.taken).toBe(true);
    expect(ok.body.data.me.displayName).toBe("Ava");
    const bad = await same(stack.auth.url, ME, { authorization: "Bearer not-a-token" });
    expect(bad.status).toBe(401);
    const notJson = await same(stack.auth.url, "{", { authorization: admin });
    expect(notJson.status).toBe(400);
  });
});
