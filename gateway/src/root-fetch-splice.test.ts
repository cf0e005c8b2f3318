import { readFileSync } from "node:fs";
import path from "node:path";
import { Kind, parse, type OperationDefinitionNode } from "graphql";
import { keptAnswer, recipeFor, SplicedData, stringifyResult } from "./root-fetch-splice";
import { loadSupergraph } from "./subscriptions/federation";
import { createLogger } from "@homegraph/common";

const supergraph = loadSupergraph(readFileSync(path.resolve(__dirname, "../../schema/supergraph.graphql"), "utf8"), {
  logger: createLogger("test", "silent"),
  dataSources: new Map(),
});

function verdict(query: string) {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  return recipeFor(operation, supergraph.plan(document));
}

const DASHBOARD =
  "{ me { id displayName role } rooms { name deviceCount devices { id label type online stale lastChangedAt attributes { name value unit updatedAt } } } }";

describe("which queries are spliced", () => {
  it("the dashboard: two root fetches, answered in the client's order", () => {
    const recipe = verdict(DASHBOARD);
    expect(typeof recipe).toBe("object");
    if (typeof recipe === "string") return;
    expect(recipe.fetches.map((f) => f.node.serviceName).sort()).toEqual(["auth", "home"]);
    expect(recipe.order.map((o) => o.name)).toEqual(["me", "rooms"]);
  });

  it("aliases, arguments and variables, with one subgraph's fields on both sides of another's", () => {
    const recipe = verdict(
      "query ($id: ID!, $ended: Boolean!) { who: me { name: displayName } d: device(id: $id) { id label } passes: guestPasses(includeEnded: $ended) { id } }",
    );
    if (typeof recipe === "string") throw new Error(recipe);
    expect(recipe.order.map((o) => o.name)).toEqual(["who", "d", "passes"]);
    expect(recipe.order[0]!.fetch).toBe(recipe.order[2]!.fetch);
  });

  it.each([
    ["an entity fetch", "{ devices { id lastChangedBy { id displayName } } }"],
    ["a mutation", 'mutation { setSystemSetting(key: "signUp.enabled", value: "false") { key } }'],
    ["@include", "query ($a: Boolean!) { me { id displayName @include(if: $a) } }"],
    ["@skip at the root", "query ($a: Boolean!) { me @skip(if: $a) { id } rooms { name } }"],
    ["a fragment", "{ me { ...F } } fragment F on User { id }"],
    ["an inline fragment", "{ me { ... on User { id } } }"],
    ["__typename at the root", "{ __typename me { id } }"],
    ["introspection", "{ __schema { queryType { name } } }"],
    ["a root field twice", "{ me { id } me { displayName } }"],
  ])("not %s", (_, query) => {
    expect(typeof verdict(query)).toBe("string");
  });
});

describe("reading a subgraph's answer", () => {
  it("finds each root member's value in a plain data answer", () => {
    const text =
      '{"data":{"me":{"id":"1","name":"A \\"quoted\\" \\\\ name}"},"rooms":[{"n":1.5e3,"x":[true,null,{}]}]}}\n';
    const kept = keptAnswer(text)!;
    expect(kept.members.map((m) => [m.name, text.slice(m.start, m.end)])).toEqual([
      ["me", '{"id":"1","name":"A \\"quoted\\" \\\\ name}"}'],
      ["rooms", '[{"n":1.5e3,"x":[true,null,{}]}]'],
    ]);
  });

  it.each([
    ["errors", '{"errors":[{"message":"no"}],"data":{"me":null}}'],
    ["extensions after data", '{"data":{"me":{"id":"1"}},"extensions":{"x":1}}'],
    ["null data", '{"data":null}'],
    ["empty data", '{"data":{}}'],
    ["unbalanced brackets", '{"data":{"me":{"id":"1"]}}'],
    ["an unterminated string", '{"data":{"me":{"id":"1}}}'],
    ["trailing text", '{"data":{"me":1}} x'],
  ])("leaves an answer with %s to the generic path", (_, text) => {
    expect(keptAnswer(text)).toBeUndefined();
  });

  it("sends spliced data as its text, and anything else as Apollo Server would", () => {
    expect(stringifyResult({ data: new SplicedData('{"a":1}') as never })).toBe('{"data":{"a":1}}\n');
    expect(stringifyResult({ errors: [{ message: "x" }], data: null })).toBe(
      '{"errors":[{"message":"x"}],"data":null}\n',
    );
    expect(JSON.stringify({ data: new SplicedData('{"a":[1]}') })).toBe('{"data":{"a":[1]}}');
  });
});
