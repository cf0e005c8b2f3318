/**
 * The one place the gateway reaches into Apollo Federation below its public gateway API: the
 * supergraph parser and API schema (@apollo/federation-internals), the query planner
 * (@apollo/query-planner) and @apollo/gateway's plan executor (`executeQueryPlan`,
 * `buildOperationContext`). Their shapes are pinned to the versions in gateway/package.json and
 * checked by federation.test.ts; an upgrade starts there.
 */
import {
  buildOperationContext,
  executeQueryPlan,
  type ApolloGateway,
  type GraphQLDataSource,
  type ServiceMap,
} from "@apollo/gateway";
import { operationFromDocument, Supergraph, type Schema } from "@apollo/federation-internals";
import { QueryPlanner, type QueryPlan } from "@apollo/query-planner";
import type { Logger } from "@homegraph/common";
import type { DocumentNode, ExecutionArgs, ExecutionResult, GraphQLSchema } from "graphql";
import type { GatewayContext } from "../context.js";

export type { QueryPlan };

/** What Apollo Server hands the gateway's executor for one HTTP request. */
export type GatewayRequestContext = Parameters<ApolloGateway["executor"]>[0];

/** The planner's name for the fetch of the event itself; no subgraph can be called this. */
const EVENT_SOURCE = "__subscription_event__";

/** The fetch a subscription plan sends to the subgraph owning its root field. */
export interface UpstreamOperation {
  serviceName: string;
  operation: string;
  operationName: string | undefined;
  variableUsages?: string[];
}

/** One event of an upstream subscription, as graphql-ws delivers it. */
export interface UpstreamEvent {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Turns one event into a client's result, shaped to that client's own operation. */
export type EventCompleter = (event: UpstreamEvent) => Promise<ExecutionResult>;

export interface FederationOptions {
  logger: Logger;
  /** The gateway's own data sources by subgraph name, so `rest` fetches go the HTTP path. */
  dataSources: Map<string, GraphQLDataSource>;
}

/** A supergraph the gateway serves, ready to plan and run operations on. */
export interface FederatedSupergraph {
  /** What clients' operations are validated against. */
  readonly apiSchema: GraphQLSchema;
  /** Subgraph name to its GraphQL URL as the supergraph records it (config overrides it). */
  readonly urls: Record<string, string>;
  plan(document: DocumentNode, operationName?: string): QueryPlan;
  /** The `primary` fetch of a subscription plan; undefined for queries and mutations. */
  upstreamOf(plan: QueryPlan): UpstreamOperation | undefined;
  /** Runs a plan over the subgraphs exactly as an HTTP request would. */
  execute(plan: QueryPlan, args: ExecutionArgs, context: GatewayContext): Promise<ExecutionResult>;
  /**
   * Runs a plan for a request Apollo Server handed the gateway, as @apollo/gateway's executor does
   * after planning, on the given data sources (the root-fetch splice's answers already received).
   */
  executeRequest(
    plan: QueryPlan,
    requestContext: GatewayRequestContext,
    serviceMap: ServiceMap,
  ): Promise<ExecutionResult>;
  /**
   * How each event of a subscription plan is completed for one client operation: the executor is
   * handed a plan whose first fetch "returns" the event and whose `rest` fetches the other
   * subgraphs' fields, so entity fetches, error paths and the shaping of the result to the client's
   * selection are exactly those of an HTTP query.
   */
  eventCompleter(plan: QueryPlan, args: ExecutionArgs, context: GatewayContext): EventCompleter;
}

/** Parses and plans on a supergraph's SDL; throws when it cannot be planned on. */
export function loadSupergraph(supergraphSdl: string, options: FederationOptions): FederatedSupergraph {
  const supergraph = Supergraph.build(supergraphSdl);
  const apiSchema = supergraph.apiSchema();
  const apiSchemaJs = apiSchema.toGraphQLJSSchema();
  const supergraphSchemaJs = supergraph.schema.toGraphQLJSSchema();
  const planner = new QueryPlanner(supergraph);
  const urls: Record<string, string> = {};
  for (const subgraph of supergraph.subgraphsMetadata?.() ?? []) urls[subgraph.name] = subgraph.url;
  const planned = { apiSchema, apiSchemaJs, supergraphSchemaJs, options };

  return {
    apiSchema: apiSchemaJs,
    urls,
    plan: (document, operationName) =>
      planner.buildQueryPlan(operationFromDocument(apiSchema, document, { operationName })),
    upstreamOf: (plan) => (plan.node?.kind === "Subscription" ? plan.node.primary : undefined),
    execute: (plan, args, context) => runPlan(planned, plan, args, context, undefined),
    executeRequest: async (plan, requestContext, serviceMap) => {
      const operationContext = buildOperationContext({
        schema: apiSchemaJs,
        operationDocument: requestContext.document,
        operationName: requestContext.request.operationName,
      });
      const result = await executeQueryPlan(
        plan,
        serviceMap,
        requestContext,
        operationContext,
        supergraphSchemaJs,
        apiSchema,
      );
      return result as ExecutionResult;
    },
    eventCompleter: (plan, args, context) => {
      if (plan.node?.kind !== "Subscription") throw new TypeError("not a subscription plan");
      const { primary, rest } = plan.node;
      const eventPlan: QueryPlan = {
        kind: "QueryPlan",
        node: rest
          ? { kind: "Sequence", nodes: [{ ...primary, serviceName: EVENT_SOURCE }, rest] }
          : { ...primary, serviceName: EVENT_SOURCE },
      };
      const operationContext = operationContextOf(apiSchemaJs, args);
      return (event) => runPlan(planned, eventPlan, args, context, event, operationContext);
    },
  };
}

interface Planned {
  apiSchema: Schema;
  apiSchemaJs: GraphQLSchema;
  supergraphSchemaJs: GraphQLSchema;
  options: FederationOptions;
}

function operationContextOf(schema: GraphQLSchema, args: ExecutionArgs) {
  return buildOperationContext({
    schema,
    operationDocument: args.document,
    operationName: args.operationName ?? undefined,
  });
}

async function runPlan(
  planned: Planned,
  plan: QueryPlan,
  args: ExecutionArgs,
  context: GatewayContext,
  event: UpstreamEvent | undefined,
  operationContext = operationContextOf(planned.apiSchemaJs, args),
): Promise<ExecutionResult> {
  const serviceMap: ServiceMap = Object.fromEntries(planned.options.dataSources);
  if (event) serviceMap[EVENT_SOURCE] = { process: async () => event as never };
  // The executor reads only these parts of Apollo Server's request context.
  const requestContext = {
    request: { variables: args.variableValues ?? {}, operationName: args.operationName ?? undefined },
    context,
    logger: planned.options.logger,
    metrics: {},
    operationName: args.operationName ?? null,
  };
  const result = await executeQueryPlan(
    plan,
    serviceMap,
    requestContext as never,
    operationContext,
    planned.supergraphSchemaJs,
    planned.apiSchema,
  );
  return result as ExecutionResult;
}
