import { buildOperationContext, executeQueryPlan, type GraphQLDataSource, type ServiceMap } from "@apollo/gateway";
import { operationFromDocument, Supergraph, type Schema } from "@apollo/federation-internals";
import { QueryPlanner, type FetchNode, type QueryPlan } from "@apollo/query-planner";
import {
  AppError,
  ErrorCode,
  UnauthenticatedError,
  UnavailableError,
  type Logger,
  type SocketSession,
} from "@homegraph/common";
import { GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from "graphql";
import { createClient, type Client, type ExecutionResult as WsResult } from "graphql-ws";
import WebSocket from "ws";
import type { GatewayContext } from "./context.js";

/** What planning needs from the supergraph the gateway serves; rebuilt on every reload. */
interface PlanningState {
  apiSchema: Schema;
  /** What clients' operations are validated against. */
  apiSchemaJs: GraphQLSchema;
  supergraphSchemaJs: GraphQLSchema;
  planner: QueryPlanner;
  /** Subgraph name to its GraphQL URL as the supergraph records it (config overrides it). */
  urls: Record<string, string>;
}

export interface GatewayWsContext extends GatewayContext {
  session: SocketSession;
}

export interface SubscriptionGatewayOptions {
  logger: Logger;
  /** Subgraph name to base URL from configuration: the service discovery, as for HTTP. */
  subgraphUrls: Record<string, string>;
  /** The gateway's own data sources by subgraph name, so `rest` fetches go the HTTP path. */
  dataSources: Map<string, GraphQLDataSource>;
  /** Upstream reconnect backoff: first and longest wait, in milliseconds. */
  retryInitialMs?: number;
  retryMaxMs?: number;
}

/** The planner's name for the fetch of the event itself; no subgraph can be called this. */
const EVENT_SOURCE = "__subscription_event__";

/**
 * Subscriptions through the gateway, as Apollo Router carries them: the query planner turns a
 * subscription into a `SubscriptionNode` whose `primary` fetch goes to the subgraph owning the
 * root field (over graphql-ws, with the client's token) and whose `rest` completes each event
 * from the other subgraphs. @apollo/gateway's executor runs `rest`: it is handed a plan whose
 * first fetch "returns" the event, so entity fetches, error paths and the shaping of the result to
 * the client's selection are exactly those of an HTTP query. Nothing here knows any field.
 */
export class SubscriptionGateway {
  private state?: PlanningState;
  private readonly upstreams = new WeakMap<SocketSession, Map<string, Client>>();

  constructor(private readonly options: SubscriptionGatewayOptions) {}

  /** Takes a supergraph the gateway now serves (its first load and each reload). */
  update(supergraphSdl: string): void {
    try {
      const supergraph = Supergraph.build(supergraphSdl);
      const apiSchema = supergraph.apiSchema();
      const urls: Record<string, string> = {};
      for (const subgraph of supergraph.subgraphsMetadata?.() ?? []) urls[subgraph.name] = subgraph.url;
      this.state = {
        apiSchema,
        apiSchemaJs: apiSchema.toGraphQLJSSchema(),
        supergraphSchemaJs: supergraph.schema.toGraphQLJSSchema(),
        planner: new QueryPlanner(supergraph),
        urls,
      };
    } catch (err) {
      this.options.logger.error(
        { err },
        "subscriptions: could not plan on the new supergraph; keeping the previous one",
      );
    }
  }

  get schema(): GraphQLSchema {
    if (!this.state) throw new UnavailableError("The gateway is still starting. Please try again shortly.");
    return this.state.apiSchemaJs;
  }

  /** graphql-ws `subscribe`: plan, subscribe upstream, complete and shape each event. */
  subscribe = async (args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> => {
    const context = args.contextValue as GatewayWsContext;
    const state = this.state!;
    let plan: QueryPlan;
    try {
      plan = this.plan(state, args.document, args.operationName ?? undefined);
    } catch (err) {
      return { errors: [asGraphQLError(err)] };
    }
    const node = plan.node;
    if (node?.kind !== "Subscription") return this.runPlan(state, plan, args, context, undefined);
    const { primary, rest } = node;
    let client: Client;
    try {
      client = this.upstream(context.session, primary.serviceName, state);
    } catch (err) {
      return { errors: [asGraphQLError(err)] };
    }
    const variables = pick(args.variableValues ?? {}, primary.variableUsages);
    const operationContext = buildOperationContext({
      schema: state.apiSchemaJs,
      operationDocument: args.document,
      operationName: args.operationName ?? undefined,
    });
    const eventPlan: QueryPlan = {
      kind: "QueryPlan",
      node: rest
        ? { kind: "Sequence", nodes: [{ ...primary, serviceName: EVENT_SOURCE }, rest] }
        : { ...primary, serviceName: EVENT_SOURCE },
    };
    const events = subscribeUpstream(client, {
      query: primary.operation,
      variables,
      operationName: primary.operationName ?? undefined,
    });
    const complete = async (event: WsResult): Promise<ExecutionResult> => {
      if (event.data == null) return { errors: (event.errors ?? []).map((e) => fromSubgraph(e, primary)) };
      return this.runPlan(state, eventPlan, args, context, event, operationContext);
    };
    return (async function* () {
      try {
        for await (const event of events) yield await complete(event);
      } catch (err) {
        yield { errors: upstreamFailure(err, primary.serviceName) };
      }
    })();
  };

  /** graphql-ws `execute`: queries and mutations over the socket run the same plans as over HTTP. */
  execute = async (args: ExecutionArgs): Promise<ExecutionResult> => {
    const state = this.state!;
    try {
      const plan = this.plan(state, args.document, args.operationName ?? undefined);
      return await this.runPlan(state, plan, args, args.contextValue as GatewayWsContext, undefined);
    } catch (err) {
      return { errors: [asGraphQLError(err)] };
    }
  };

  private plan(state: PlanningState, document: DocumentNode, operationName?: string): QueryPlan {
    const operation = operationFromDocument(state.apiSchema, document, { operationName });
    return state.planner.buildQueryPlan(operation);
  }

  private async runPlan(
    state: PlanningState,
    plan: QueryPlan,
    args: ExecutionArgs,
    context: GatewayWsContext,
    event: WsResult | undefined,
    operationContext = buildOperationContext({
      schema: state.apiSchemaJs,
      operationDocument: args.document,
      operationName: args.operationName ?? undefined,
    }),
  ): Promise<ExecutionResult> {
    const serviceMap: ServiceMap = Object.fromEntries(this.options.dataSources);
    if (event) serviceMap[EVENT_SOURCE] = { process: async () => event as never };
    const requestContext = {
      request: { variables: args.variableValues ?? {}, operationName: args.operationName ?? undefined },
      context,
      logger: this.options.logger,
      metrics: {},
      operationName: args.operationName ?? null,
    };
    const result = await executeQueryPlan(
      plan,
      serviceMap,
      requestContext as never,
      operationContext,
      state.supergraphSchemaJs,
      state.apiSchema,
    );
    return result as ExecutionResult;
  }

  /** One graphql-ws client per client socket and subgraph, so upstream identity is the client's own. */
  private upstream(session: SocketSession, serviceName: string, state: PlanningState): Client {
    let clients = this.upstreams.get(session);
    if (!clients) {
      const created = new Map<string, Client>();
      clients = created;
      this.upstreams.set(session, created);
      session.socket.once("close", () => {
        for (const client of created.values()) void client.dispose();
        created.clear();
      });
    }
    let client = clients.get(serviceName);
    if (client) return client;
    const base = this.options.subgraphUrls[serviceName] ?? state.urls[serviceName]?.replace(/\/graphql\/?$/, "");
    if (!base) throw new UnavailableError(`The ${serviceName} service has no configured address.`);
    const url = `${base.replace(/^http/, "ws").replace(/\/$/, "")}/graphql`;
    const logger = this.options.logger.child({ subgraph: serviceName, requestId: session.requestId });
    const initial = this.options.retryInitialMs ?? 250;
    const max = this.options.retryMaxMs ?? 5000;
    let wasConnected = false;
    client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: {
        ...(session.authorization ? { authorization: session.authorization } : {}),
        requestId: session.requestId,
      },
      lazy: true,
      lazyCloseTimeout: 1000,
      // A subgraph that restarts or is briefly away must not end the client's subscriptions: the
      // client library re-subscribes every active operation once it is back.
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: async (retries) => {
        const wait = Math.min(max, initial * 2 ** retries) * (0.5 + Math.random() / 2);
        await new Promise((resolve) => setTimeout(resolve, wait));
      },
      keepAlive: 10_000,
      on: {
        connected: () => {
          if (wasConnected) logger.info("subscriptions: subgraph socket back; operations resubscribed");
          wasConnected = true;
        },
        closed: (event) => {
          const code = (event as { code?: number }).code;
          if (wasConnected && code !== 1000) logger.warn({ code }, "subscriptions: subgraph socket lost; retrying");
        },
      },
    });
    clients.set(serviceName, client);
    return client;
  }
}

function pick(variables: Record<string, unknown>, names: readonly string[] | undefined): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names ?? []) if (name in variables) picked[name] = variables[name];
  return picked;
}

/** An upstream subscription as an async iterator that ends when the subgraph completes it. */
function subscribeUpstream(
  client: Client,
  payload: { query: string; variables: Record<string, unknown>; operationName?: string },
): AsyncIterable<WsResult> {
  return {
    [Symbol.asyncIterator]() {
      const queue: WsResult[] = [];
      let failure: unknown;
      let done = false;
      let wake: (() => void) | undefined;
      const notify = () => {
        wake?.();
        wake = undefined;
      };
      const unsubscribe = client.subscribe(payload, {
        next: (value) => {
          queue.push(value as WsResult);
          notify();
        },
        error: (err) => {
          failure = err ?? new Error("upstream subscription failed");
          notify();
        },
        complete: () => {
          done = true;
          notify();
        },
      });
      return {
        async next(): Promise<IteratorResult<WsResult>> {
          for (;;) {
            if (queue.length) return { value: queue.shift()!, done: false };
            if (failure !== undefined) throw failure;
            if (done) return { value: undefined, done: true };
            await new Promise<void>((resolve) => (wake = resolve));
          }
        },
        async return(): Promise<IteratorResult<WsResult>> {
          done = true;
          unsubscribe();
          notify();
          return { value: undefined, done: true };
        },
      };
    },
  };
}

function asGraphQLError(err: unknown): GraphQLError {
  if (err instanceof GraphQLError) {
    // The planner's and operation parser's own complaints are about the client's operation.
    if (err instanceof AppError || err.extensions?.code) return err;
    return new AppError(ErrorCode.BAD_USER_INPUT, err.message);
  }
  return new GraphQLError((err as Error)?.message ?? "subscription failed", { originalError: err as Error });
}

/** A subgraph's error as the client sees it: its code and message kept, its path made the client's. */
function fromSubgraph(
  error: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> },
  primary: FetchNode,
) {
  return new GraphQLError(error.message, {
    path: error.path,
    extensions: { ...error.extensions, serviceName: primary.serviceName },
  });
}

/** Why an upstream subscription ended in failure, with a code the client can act on. */
function upstreamFailure(err: unknown, serviceName: string): GraphQLError[] {
  if (Array.isArray(err)) {
    return err.map(
      (e: { message: string; extensions?: Record<string, unknown> }) =>
        new GraphQLError(e.message, { extensions: { ...e.extensions, serviceName } }),
    );
  }
  const code = (err as { code?: number })?.code;
  if (code === 4401) return [new UnauthenticatedError("Your session has ended. Sign in again.")];
  if (code === 4403) return [new AppError(ErrorCode.FORBIDDEN, "You may not subscribe to this.")];
  return [new UnavailableError(`The ${serviceName} service is unavailable right now. Please try again shortly.`)];
}
