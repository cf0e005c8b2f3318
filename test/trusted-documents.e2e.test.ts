/**
 * Trusted documents on the real stack (PostgreSQL, the hub simulator): a gateway in enforce mode
 * refuses a member's own operation with OPERATION_NOT_TRUSTED, over HTTP and over WebSocket, runs
 * the web app's operations exactly as its Apollo Client sends them, and lets an admin's Sandbox
 * query and introspection through; a gateway in log mode lets the member's through and counts it.
 */
import { InMemoryCache } from "@apollo/client";
import { Kind, print, type DocumentNode, type OperationDefinitionNode } from "graphql";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import * as web from "../web/src/gql/graphql";
import { DashboardDocument, MeDocument } from "../web/src/gql/graphql";
import type { RunningGateway } from "../gateway/src/app";
import { scrapeMetrics } from "./support/metrics";
import { postGraphQL, startGatewayFor, startStack, type Stack } from "./support/stack";

/** What the web app puts on the wire for one of its documents. */
const asWebSends = (doc: DocumentNode) => print(new InMemoryCache().transformDocument(doc));
const SNOOP = `query Snoop { users { items { id email } } }`;
const INTROSPECTION = `query { __schema { queryType { name } } }`;

let stack: Stack;
let member: string;
let admin: string;
let logGateway: RunningGateway;

beforeAll(async () => {
  stack = await startStack({ hub: true, gatewayEnv: { TRUSTED_DOCUMENTS: "enforce" } });
  await stack.addUser({ email: "ada@example.com", password: "correct horse", displayName: "Ada", role: "ADMIN" });
  await stack.addUser({ email: "max@example.com", password: "correct horse", displayName: "Max", role: "MEMBER" });
  ({ authorization: admin } = await stack.signIn("ada@example.com", "correct horse"));
  ({ authorization: member } = await stack.signIn("max@example.com", "correct horse"));
  logGateway = await startGatewayFor(stack, { TRUSTED_DOCUMENTS: "log" });
}, 120_000);
afterAll(async () => {
  await logGateway?.close();
  await stack?.stop();
});

describe("TRUSTED_DOCUMENTS=enforce", () => {
  it("refuses a member's operation that is not the web app's, with a stable code and 403", async () => {
    for (const query of [SNOOP, INTROSPECTION, `query Me { me { id email } }`]) {
      const { status, body } = await stack.query(query, undefined, { authorization: member });
      expect({ query, status, codes: body.errors?.map((e) => e.extensions?.code), data: body.data ?? null }).toEqual({
        query,
        status: 403,
        codes: ["OPERATION_NOT_TRUSTED"],
        data: null,
      });
    }
  });

  it("refuses it without a token too", async () => {
    const { body } = await stack.query(SNOOP);
    expect(body.errors?.[0]?.extensions?.code).toBe("OPERATION_NOT_TRUSTED");
  });

  it("runs the web app's own operations, as its Apollo Client sends them, for the member", async () => {
    const me = await stack.query(asWebSends(MeDocument), undefined, { authorization: member });
    expect(me.body.errors).toBeUndefined();
    expect(me.body.data?.me).toEqual({ id: expect.any(String), __typename: "User" });
    const dashboard = await stack.query(asWebSends(DashboardDocument), undefined, { authorization: member });
    expect(dashboard.body.errors).toBeUndefined();
    expect(dashboard.status).toBe(200);
  });

  it("trusts every query of the web app (run as the member; required variables left out, so nothing runs twice)", async () => {
    const queries = Object.values(web).filter((doc) =>
      (doc as DocumentNode)?.definitions?.some(
        (d) => d.kind === Kind.OPERATION_DEFINITION && (d as OperationDefinitionNode).operation === "query",
      ),
    ) as DocumentNode[];
    expect(queries.length).toBeGreaterThan(15);
    for (const doc of queries) {
      const { body } = await stack.query(asWebSends(doc), undefined, { authorization: member });
      const codes = (body.errors ?? []).map((e) => e.extensions?.code);
      expect({ sent: asWebSends(doc).slice(0, 60), codes }).not.toEqual(
        expect.objectContaining({ codes: expect.arrayContaining(["OPERATION_NOT_TRUSTED"]) }),
      );
    }
  });

  it("lets an admin's Sandbox query and introspection through", async () => {
    const snoop = await stack.query(SNOOP, undefined, { authorization: admin });
    expect(snoop.body.errors).toBeUndefined();
    expect(snoop.body.data?.users.items.map((u: { email: string }) => u.email).sort()).toEqual([
      "ada@example.com",
      "max@example.com",
    ]);
    const schema = await stack.query(INTROSPECTION, undefined, { authorization: admin });
    expect(schema.body.data?.__schema.queryType.name).toBe("Query");
  });

  it("refuses a member's unknown subscription over WebSocket, and counts each refusal", async () => {
    const client = createClient({
      url: `${stack.gateway.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: member },
      retryAttempts: 0,
    });
    try {
      const outcome = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: `subscription Watch { deviceUpdated { id label } }` },
          { next: (r) => resolve(r), error: (e) => resolve(e), complete: () => resolve("complete") },
        );
      });
      expect(JSON.stringify(outcome)).toContain("OPERATION_NOT_TRUSTED");
    } finally {
      await client.dispose();
    }
    const metrics = await scrapeMetrics(stack.gateway.url);
    expect(metrics.value("homegraph_unknown_operations_total", { mode: "enforce" })).toBeGreaterThanOrEqual(5);
  });
});

describe("TRUSTED_DOCUMENTS=log", () => {
  it("lets the member's unknown operation through and counts it", async () => {
    const before =
      (await scrapeMetrics(logGateway.url)).value("homegraph_unknown_operations_total", { mode: "log" }) ?? 0;
    const { status, body } = await postGraphQL(logGateway.url, `query Me { me { id email } }`, undefined, {
      authorization: member,
    });
    expect(status).toBe(200);
    expect(body.data?.me.email).toBe("max@example.com");
    await postGraphQL(logGateway.url, asWebSends(MeDocument), undefined, { authorization: member });
    const after = (await scrapeMetrics(logGateway.url)).value("homegraph_unknown_operations_total", { mode: "log" });
    expect(after).toBe(before + 1);
  });
});
