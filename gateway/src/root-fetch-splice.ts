/**
 * A cheaper answer for queries whose plan is only root fetches, such as the web app's dashboard
 * (`me` from auth, `rooms` from home: `Parallel { Fetch(auth), Fetch(home) }`).
 *
 * On the generic path each subgraph's answer is parsed by its data source, merged, walked again
 * against the client's operation by @apollo/gateway to shape the client's answer, and serialised by
 * Apollo Server: on the dashboard that is most of the gateway's CPU per request (see README). When
 * every fetch of the plan asks its subgraph for exactly what the client asked for at the root, the
 * subgraphs' `data` members already are the client's answer, in the client's field order inside
 * each member (graphql-js answers in selection order). So we send the same fetches through the same
 * data sources (headers, timeout, breaker, sharing, metrics), keep each answer as text, and splice
 * the members in the client's root-field order into text Apollo Server sends as is
 * (`stringifyResult`). Whenever an answer is anything but a clean `{"data":{…}}` (errors,
 * extensions, a subgraph down, an odd body), the answers already received go through
 * @apollo/gateway's own executor exactly as on the generic path, without sending anything again.
 */
import { Kind, getVariableValues, parse, print } from "graphql";
import type {
  ExecutionResult,
  FieldNode,
  FormattedExecutionResult,
  OperationDefinitionNode,
  SelectionSetNode,
  VariableDefinitionNode,
} from "graphql";
import type { ApolloGateway, GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { FetchNode } from "@apollo/query-planner";
import type { Logger } from "@homegraph/common";
import type { GatewayContext } from "./context.js";
import type { GatewayRequestContext as RequestContext, QueryPlan } from "./subscriptions/federation.js";
import type { PlanningState } from "./subscriptions/planner.js";

type Executor = ApolloGateway["executor"];
type ProcessResult = Awaited<ReturnType<GraphQLDataSource["process"]>>;

/** Set on the context of a fetch whose answer the data source should keep as text (KeptAnswer). */
export const KEEP_TEXT = Symbol("keep subgraph answer as text");
/** Where a data source puts a kept answer in the response it returns. */
export const KEPT = Symbol("kept subgraph answer");

export type TextContext = GatewayContext & { [KEEP_TEXT]?: true };

/** A subgraph's answer `{"data":{…}}` kept as text, with where each root member's value is. */
export interface KeptAnswer {
  text: string;
  /** Each member of `data` in the answer's order: its name and its value's [start, end) in `text`. */
  members: { name: string; start: number; end: number }[];
}

/** How each query the gateway served went: spliced, generic (not eligible), or replayed (answers not clean). */
export type SpliceOutcome = "spliced" | "replayed" | "generic";

// ---- reading a subgraph's answer ------------------------------------------------------------------

const QUOTE = 34;
const BACKSLASH = 92;
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

function skipSpace(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

/** Just past the string starting at `at` (a quote), or -1. Strings are skipped natively (indexOf). */
function endOfString(text: string, at: number): number {
  for (let quote = text.indexOf('"', at + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
  }
  return -1;
}

/**
 * Just past the JSON value starting at `at`, or -1. Checks structure only (brackets that match,
 * strings that end, tokens between them): the body is a subgraph's JSON.stringify, and the
 * structure is what decides where each member ends.
 */
function endOfValue(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === QUOTE) return endOfString(text, at);
  if (first !== 123 && first !== 91) {
    // A number, true, false or null: up to the next delimiter.
    let end = at;
    for (; end < text.length; end++) {
      const c = text.charCodeAt(end);
      if (c === 44 || c === 125 || c === 93 || c === 58 || c === QUOTE || c === 123 || c === 91 || isSpace(c)) break;
    }
    return end > at ? end : -1;
  }
  const open: number[] = [];
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = endOfString(text, i);
      if (i < 0) return -1;
      continue;
    }
    if (c === 123 || c === 91) open.push(c);
    else if (c === 125 || c === 93) {
      if (open.pop() !== c - 2) return -1; // `{` is 123 and `}` 125, `[` 91 and `]` 93
      if (!open.length) return i + 1;
    }
    i++;
  }
  return -1;
}

/**
 * The answer when it is exactly `{"data":{…}}` (JSON whitespace allowed), with its members found;
 * undefined otherwise (errors, extensions, `data: null`, anything else), which then takes the
 * generic path. One pass of character codes, strings skipped by indexOf: a fraction of parsing.
 */
export function keptAnswer(text: string): KeptAnswer | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 123) return undefined;
  i = skipSpace(text, i + 1);
  if (!text.startsWith('"data"', i)) return undefined;
  i = skipSpace(text, i + 6);
  if (text.charCodeAt(i) !== 58) return undefined;
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) !== 123) return undefined;
  i = skipSpace(text, i + 1);
  const members: KeptAnswer["members"] = [];
  if (text.charCodeAt(i) === 125) return undefined; // no root field: never a planned fetch's answer
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return undefined;
    const nameEnd = endOfString(text, i);
    if (nameEnd < 0) return undefined;
    const name = text.slice(i + 1, nameEnd - 1);
    // GraphQL response names never need escapes; one that has any is not ours to splice.
    if (name.includes("\\")) return undefined;
    i = skipSpace(text, nameEnd);
    if (text.charCodeAt(i) !== 58) return undefined;
    const start = skipSpace(text, i + 1);
    const end = endOfValue(text, start);
    if (end < 0) return undefined;
    members.push({ name, start, end });
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c === 125) break;
    if (c !== 44) return undefined;
    i = skipSpace(text, i + 1);
  }
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) !== 125) return undefined; // another member after `data`: errors, extensions…
  return skipSpace(text, i + 1) === text.length ? { text, members } : undefined;
}

/** What a data source's response holds when its answer was kept as text. */
export function keptOf(response: unknown): KeptAnswer | undefined {
  return (response as { [KEPT]?: KeptAnswer } | undefined)?.[KEPT];
}

/** A kept answer as the data source would have answered without KEEP_TEXT (for the generic path). */
function parsedResponse(response: ProcessResult): ProcessResult {
  const kept = keptOf(response);
  if (!kept) return response;
  const { [KEPT]: _kept, ...rest } = response as ProcessResult & { [KEPT]?: KeptAnswer };
  return { ...(JSON.parse(kept.text) as ProcessResult), ...rest };
}

// ---- the answer Apollo Server sends -------------------------------------------------------------

/**
 * The client's `data`, already serialised. Apollo Server hands it to `stringifyResult` below
 * untouched (no plugin of ours reads `data`); whatever else serialises it still gets the same JSON.
 */
export class SplicedData {
  constructor(readonly json: string) {}

  toJSON(): unknown {
    return JSON.parse(this.json);
  }
}

/** Apollo Server's `stringifyResult`: a spliced answer goes out as its text, anything else as JSON. */
export function stringifyResult(result: FormattedExecutionResult): string {
  if (result.data instanceof SplicedData && result.errors === undefined && result.extensions === undefined) {
    return `{"data":${result.data.json}}\n`;
  }
  return `${JSON.stringify(result)}\n`;
}

// ---- which plans qualify ------------------------------------------------------------------------

interface SplicedFetch {
  node: FetchNode;
  /** The root fields this fetch answers, by response name. */
  names: Set<string>;
}

/** How to answer one client operation by splicing; cached per operation. */
interface Recipe {
  /** Sent one after another (a Sequence) or all at once (a single Fetch, or a Parallel). */
  sequential: boolean;
  fetches: SplicedFetch[];
  /** The client's root fields in its order, and the fetch answering each. */
  order: { name: string; fetch: number }[];
}

/** How to splice an operation's answer, or why it takes the generic path (debug log). */
type Verdict = Recipe | string;

function usesFragmentsOrDirectives(selectionSet: SelectionSetNode): boolean {
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return true;
    if (selection.directives?.length) return true;
    if (selection.selectionSet && usesFragmentsOrDirectives(selection.selectionSet)) return true;
  }
  return false;
}

function rootFields(operation: OperationDefinitionNode): FieldNode[] | undefined {
  const fields: FieldNode[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return undefined;
    fields.push(selection);
  }
  return fields;
}

const responseName = (field: FieldNode) => (field.alias ?? field.name).value;

/** The Fetch nodes of a plan made only of root fetches; undefined for any other shape. */
function rootFetches(node: QueryPlan["node"]): { fetches: FetchNode[]; sequential: boolean } | undefined {
  if (!node) return undefined;
  if (node.kind === "Fetch") return { fetches: [node], sequential: false };
  if (node.kind !== "Parallel" && node.kind !== "Sequence") return undefined;
  if (!node.nodes.every((n): n is FetchNode => n.kind === "Fetch")) return undefined;
  return { fetches: node.nodes, sequential: node.kind === "Sequence" };
}

/**
 * Whether `operation` (the client's) is answered by `plan`'s fetches selecting exactly its root
 * fields: compared on printed fields (alias, arguments, nested selection), so a field the planner
 * added (`__typename`, a key) or changed makes the operation take the generic path.
 */
export function recipeFor(operation: OperationDefinitionNode, plan: QueryPlan): Verdict {
  if (operation.operation !== "query") return "not a query";
  if (operation.directives?.length) return "operation directives";
  if (operation.variableDefinitions?.some((v) => v.directives?.length)) return "variable directives";
  if (usesFragmentsOrDirectives(operation.selectionSet)) return "fragments or directives";
  const fields = rootFields(operation)!;
  const names = fields.map(responseName);
  if (names.some((n) => n.startsWith("__"))) return "introspection at the root";
  if (new Set(names).size !== names.length) return "a root field selected twice";
  const printed = new Map(fields.map((f) => [responseName(f), print(f)]));
  const clientVariables = new Map(
    (operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, printVariable(v)]),
  );

  const shape = rootFetches(plan.node);
  if (!shape) return "plan is not only root fetches";
  const owner = new Map<string, number>();
  const fetches: SplicedFetch[] = [];
  for (const [index, node] of shape.fetches.entries()) {
    if (node.requires || node.inputRewrites?.length || node.outputRewrites?.length || node.contextRewrites?.length)
      return "fetch with requires or rewrites";
    if (node.operationKind && node.operationKind !== "query") return "fetch is not a query";
    const subgraphDocument = node.operationDocumentNode ?? parse(node.operation);
    if (subgraphDocument.definitions.length !== 1) return "subgraph operation with fragments";
    const subgraphOperation = subgraphDocument.definitions[0];
    if (subgraphOperation?.kind !== Kind.OPERATION_DEFINITION || subgraphOperation.operation !== "query")
      return "subgraph operation is not a query";
    if (subgraphOperation.directives?.length) return "subgraph operation directives";
    // Variables must mean the same upstream: same type and default as the client declared them.
    for (const definition of subgraphOperation.variableDefinitions ?? []) {
      if (clientVariables.get(definition.variable.name.value) !== printVariable(definition))
        return "subgraph variable differs";
    }
    const subgraphFields = rootFields(subgraphOperation);
    if (!subgraphFields?.length) return "subgraph operation has no root fields";
    const mine = new Set<string>();
    for (const field of subgraphFields) {
      const name = responseName(field);
      if (printed.get(name) !== print(field)) return `root field ${name} differs upstream`;
      if (owner.has(name) || mine.has(name)) return `root field ${name} fetched twice`;
      owner.set(name, index);
      mine.add(name);
    }
    fetches.push({ node, names: mine });
  }
  if (owner.size !== names.length) return "a root field no fetch answers";
  return {
    sequential: shape.sequential,
    fetches,
    order: names.map((name) => ({ name, fetch: owner.get(name)! })),
  };
}

function printVariable(definition: VariableDefinitionNode): string {
  return `${print(definition.type)}=${definition.defaultValue ? print(definition.defaultValue) : ""}`;
}

// ---- the executor -------------------------------------------------------------------------------

export interface RootFetchSpliceOptions {
  logger: Logger;
  dataSources: Map<string, GraphQLDataSource>;
  /** Told how each query went (a metric, and what the tests watch). */
  observe?: (outcome: SpliceOutcome) => void;
}

/** Distinct operations whose verdicts are kept; beyond it the cache starts over (clients reuse a few). */
const VERDICT_CACHE_SIZE = 500;

export class RootFetchSplice {
  /** Per supergraph served: each operation's plan and whether it qualifies. */
  private readonly verdicts = new WeakMap<PlanningState, Map<string, { plan: QueryPlan; verdict: Verdict }>>();

  /** The supergraph the gateway serves, planned on (the subscription planner's); none: generic path. */
  private state?: PlanningState;

  constructor(private readonly options: RootFetchSpliceOptions) {}

  /**
   * Takes the planning state of the supergraph the gateway now serves, or undefined when there is
   * none that matches it (a reload the planner could not plan on): every query then goes generic.
   */
  serve(state: PlanningState | undefined): void {
    this.state = state;
  }

  /** Wraps the executor Apollo Server gets from the gateway's `load()`. */
  wrap(generic: Executor): Executor {
    return async (requestContext) => {
      const planned = this.recipe(requestContext);
      if (!planned) {
        this.options.observe?.("generic");
        return generic(requestContext);
      }
      return this.run(planned.state, planned.plan, planned.recipe, requestContext);
    };
  }

  private recipe(requestContext: RequestContext) {
    const { state } = this;
    if (!state || requestContext.operation?.operation !== "query") return undefined;
    // Variables the generic executor would refuse: let it refuse them, with its own errors.
    const definitions = requestContext.operation.variableDefinitions;
    if (definitions?.length) {
      const { errors } = getVariableValues(requestContext.schema, definitions, requestContext.request.variables ?? {});
      if (errors?.length) return undefined;
    }
    let verdicts = this.verdicts.get(state);
    if (!verdicts) this.verdicts.set(state, (verdicts = new Map()));
    const key = `${requestContext.request.operationName ?? ""}\u0000${requestContext.queryHash}`;
    let entry = verdicts.get(key);
    if (!entry) {
      try {
        const plan = state.supergraph.plan(requestContext.document, requestContext.request.operationName ?? undefined);
        entry = { plan, verdict: recipeFor(requestContext.operation, plan) };
      } catch (err) {
        // The generic executor plans it again and reports what is wrong the way clients expect.
        entry = { plan: { kind: "QueryPlan" }, verdict: `not planned: ${(err as Error).message}` };
      }
      if (typeof entry.verdict === "string") {
        this.options.logger.debug(
          { operationName: requestContext.request.operationName, reason: entry.verdict },
          "root-fetch splice: generic path",
        );
      }
      if (verdicts.size >= VERDICT_CACHE_SIZE) verdicts.clear();
      verdicts.set(key, entry);
    }
    return typeof entry.verdict === "string" ? undefined : { state, plan: entry.plan, recipe: entry.verdict };
  }

  private async run(
    state: PlanningState,
    plan: QueryPlan,
    recipe: Recipe,
    requestContext: RequestContext,
  ): Promise<ExecutionResult> {
    const context: TextContext = { ...(requestContext.context as GatewayContext), [KEEP_TEXT]: true };
    const send = (fetch: SplicedFetch): Promise<ProcessResult> => {
      const source = this.options.dataSources.get(fetch.node.serviceName);
      if (!source) return Promise.reject(new Error(`Couldn't find service with name "${fetch.node.serviceName}"`));
      // What @apollo/gateway's executeFetch sends for a root fetch (no requires, no trace).
      const variables: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      const provided = requestContext.request.variables;
      for (const name of fetch.node.variableUsages ?? []) {
        if (provided && Object.hasOwn(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
      }
      const options = {
        kind: "incoming operation",
        request: { query: fetch.node.operation, variables, operationName: fetch.node.operationName },
        incomingRequestContext: requestContext,
        context,
        document: fetch.node.operationDocumentNode,
        pathInIncomingRequest: [],
      } as unknown as GraphQLDataSourceProcessOptions;
      return source.process(options);
    };
    let sent: Promise<ProcessResult>[];
    if (recipe.sequential) {
      sent = [];
      for (const fetch of recipe.fetches) {
        const answer = send(fetch);
        sent.push(answer);
        await answer.catch(() => undefined);
      }
    } else {
      sent = recipe.fetches.map(send);
    }
    const settled = await Promise.allSettled(sent);
    const kept = settled.map((s, i) =>
      s.status === "fulfilled" ? matching(keptOf(s.value), recipe.fetches[i]!.names) : undefined,
    );
    if (kept.every((k) => k !== undefined)) {
      this.options.observe?.("spliced");
      const members = recipe.order.map(({ name, fetch }) => {
        const answer = kept[fetch]!;
        const { start, end } = answer.members.find((m) => m.name === name)!;
        return `"${name}":${answer.text.slice(start, end)}`;
      });
      return { data: new SplicedData(`{${members.join(",")}}`) as unknown as Record<string, unknown> };
    }
    // Not clean: the answers already received, as the generic path would have had them.
    this.options.observe?.("replayed");
    const replay = new Map<string, Promise<ProcessResult>>();
    recipe.fetches.forEach((fetch, i) =>
      replay.set(`${fetch.node.serviceName}\u0000${fetch.node.operation}`, sent[i]!),
    );
    const serviceMap: Record<string, GraphQLDataSource> = {};
    for (const [name, source] of this.options.dataSources) {
      serviceMap[name] = {
        process: (options) => {
          const answer = replay.get(`${name}\u0000${options.request.query}`);
          return answer ? answer.then(parsedResponse) : source.process(options);
        },
      };
    }
    return state.supergraph.executeRequest(plan, requestContext, serviceMap);
  }
}

/** The kept answer when its members are exactly the fetch's root fields. */
function matching(answer: KeptAnswer | undefined, names: Set<string>): KeptAnswer | undefined {
  if (!answer || answer.members.length !== names.size) return undefined;
  const seen = new Set(answer.members.map((m) => m.name));
  return seen.size === names.size && [...names].every((n) => seen.has(n)) ? answer : undefined;
}
