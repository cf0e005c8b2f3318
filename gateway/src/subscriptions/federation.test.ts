/**
 * What the gateway's subscriptions rely on in Apollo's internals, checked against the installed
 * packages: a change in any of them fails here, with what to re-check, before it fails a client.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { GraphQLDataSource } from "@apollo/gateway";
import { createLogger } from "@homegraph/common";
import { parse, type ExecutionArgs } from "graphql";
import { loadSupergraph, type FederatedSupergraph, type QueryPlan } from "./federation";

/** The versions federation.ts was last verified with. */
const VERIFIED = "2.14.4";
const PACKAGES = ["@apollo/gateway", "@apollo/federation-internals", "@apollo/query-planner"] as const;

const UPGRADE = [
  `The gateway carries subscriptions on internals of ${PACKAGES.join(", ")}`,
  `(gateway/src/subscriptions/federation.ts, verified with ${VERIFIED}). When upgrading them, re-check:`,
  "- Supergraph.build, apiSchema(), subgraphsMetadata() and operationFromDocument still parse and plan;",
  "- QueryPlanner still plans a subscription as a SubscriptionNode whose `primary` FetchNode (serviceName,",
  "  operation, operationName, variableUsages) goes to the subgraph owning the root field and whose `rest`",
  "  fetches the other subgraphs' fields;",
  "- executeQueryPlan(plan, serviceMap, requestContext, operationContext, supergraphSchema, apiSchema) still",
  "  takes a data source's answer as its fetch's data (the event) and reads only request.variables,",
  "  request.operationName, context, logger, metrics and operationName from the request context;",
  "- buildOperationContext({ schema, operationDocument, operationName }) is unchanged.",
  "Then pin all three to the same version in gateway/package.json, set VERIFIED in this test to it, and run",
  "test/subscriptions.e2e.test.ts and test/subscriptions.redis.e2e.test.ts.",
].join("\n");

async function relied<T>(what: string, check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (err) {
    throw new Error(`${what}\n\n${UPGRADE}\n\n${(err as Error).message}`, { cause: err });
  }
}

const root = path.resolve(__dirname, "../../..");
const SUBSCRIPTION = `subscription Devices($ids: [ID!]) {
  deviceUpdated(deviceIds: $ids) { id label lastChangedBy { id displayName } }
}`;

/** auth as a stub data source: answers each User entity with a display name, and records what it was asked. */
function stubAuth() {
  const asked: unknown[] = [];
  const source: GraphQLDataSource = {
    process: async ({ request }) => {
      const representations = (request.variables?.representations ?? []) as { id: string }[];
      asked.push(representations);
      return { data: { _entities: representations.map((r) => ({ displayName: `User ${r.id}` })) } };
    },
  };
  return { asked, source };
}

function load(dataSources = new Map<string, GraphQLDataSource>()): FederatedSupergraph {
  const sdl = readFileSync(path.join(root, "schema/supergraph.graphql"), "utf8");
  return loadSupergraph(sdl, { logger: createLogger("gateway", "silent"), dataSources });
}

function args(supergraph: FederatedSupergraph): ExecutionArgs {
  return {
    schema: supergraph.apiSchema,
    document: parse(SUBSCRIPTION),
    variableValues: { ids: ["1"] },
    operationName: "Devices",
  };
}

describe("Apollo internals the gateway's subscriptions rely on", () => {
  it("are the versions gateway/package.json pins, and the ones federation.ts was verified with", async () => {
    const pinned = JSON.parse(readFileSync(path.join(root, "gateway/package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    for (const name of PACKAGES) {
      const installed = (
        JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version: string }
      ).version;
      await relied(`${name}: pinned ${pinned.dependencies[name]}, installed ${installed}.`, () => {
        expect(pinned.dependencies[name]).toBe(VERIFIED);
        expect(installed).toBe(VERIFIED);
      });
    }
  });

  it("plan a subscription as a primary fetch to the owning subgraph and a rest for the others", async () => {
    const supergraph = load();
    const plan = await relied("Planning a subscription changed shape.", () => {
      const plan = supergraph.plan(parse(SUBSCRIPTION), "Devices");
      expect(plan.node?.kind).toBe("Subscription");
      return plan;
    });
    await relied("A subscription plan's primary fetch changed.", () => {
      const node = plan.node?.kind === "Subscription" ? plan.node : undefined;
      expect(node?.primary).toMatchObject({
        kind: "Fetch",
        serviceName: "home",
        variableUsages: ["ids"],
        operation:
          "subscription Devices__home__0($ids:[ID!]){deviceUpdated(deviceIds:$ids){id label lastChangedBy{__typename id}}}",
        operationName: "Devices__home__0",
      });
      expect(supergraph.upstreamOf(plan)).toBe(node?.primary);
      expect(fetchesOf(node?.rest)).toEqual(["auth"]);
    });
    await relied("Planning a query no longer gives a plan without a primary fetch.", () => {
      expect(supergraph.upstreamOf(supergraph.plan(parse("{ devices { id } }")))).toBeUndefined();
    });
    await relied("The supergraph's subgraph URLs are no longer read.", () => {
      expect(supergraph.urls).toMatchObject({ home: expect.stringMatching(/^http:\/\/.+\/graphql$/) });
    });
  });

  it("execute a plan whose first fetch is the event, completing its entity fields through a data source", async () => {
    const auth = stubAuth();
    const supergraph = load(new Map([["auth", auth.source]]));
    const plan = supergraph.plan(parse(SUBSCRIPTION), "Devices");
    const complete = supergraph.eventCompleter(plan, args(supergraph), { requestId: "r-1" });
    // The executor merges into the data it is handed: each run gets its own event.
    const event = () => ({
      data: { deviceUpdated: { id: "1", label: "Porch light", lastChangedBy: { __typename: "User", id: "7" } } },
    });
    const result = await relied("executeQueryPlan no longer completes an event.", () => complete(event()));
    await relied("executeQueryPlan completed an event differently.", () => {
      expect(result).toEqual({
        data: { deviceUpdated: { id: "1", label: "Porch light", lastChangedBy: { id: "7", displayName: "User 7" } } },
      });
      expect(auth.asked).toEqual([[{ __typename: "User", id: "7" }]]);
    });
    await relied("executeQueryPlan no longer reports a failing entity fetch on the client's path.", async () => {
      const failing: GraphQLDataSource = {
        process: async () => ({
          data: { _entities: [null] },
          errors: [{ message: "auth is down", path: ["_entities", 0, "displayName"] }],
        }),
      };
      const down = load(new Map([["auth", failing]]));
      const completed = await down.eventCompleter(down.plan(parse(SUBSCRIPTION), "Devices"), args(down), {
        requestId: "r-2",
      })(event());
      expect(completed.data).toEqual({
        deviceUpdated: { id: "1", label: "Porch light", lastChangedBy: null },
      });
      expect(completed.errors?.[0]).toMatchObject({
        message: "auth is down",
        path: ["deviceUpdated", "lastChangedBy", "displayName"],
      });
    });
  });
});

/** The subgraphs a plan node fetches from, in order. */
function fetchesOf(node: NonNullable<QueryPlan["node"]> | undefined): string[] {
  if (!node) return [];
  switch (node.kind) {
    case "Fetch":
      return [node.serviceName];
    case "Flatten":
      return fetchesOf(node.node);
    case "Sequence":
    case "Parallel":
      return node.nodes.flatMap(fetchesOf);
    default:
      return [];
  }
}
