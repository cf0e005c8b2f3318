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
import {
  GraphQLError,
  print,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from "graphql";
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
  /** Plans by operation text: a thousand clients subscribing with one operation plan it once. */
  plans: Map<string, QueryPlan>;
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
/** Distinct operations whose plans are kept; beyond it the cache starts over (clients reuse a few). */
const PLAN_CACHE_SIZE = 500;

/** Where one client's results go; `fail` and `end` finish it. */
interface Sink {
  push(result: ExecutionResult): void;
  fail(errors: GraphQLError[]): void;
  end(): void;
}

/**
 * The clients of one upstream subscription that sent the same operation with the same variables:
 * each event is completed once for all of them.
 */
interface Audience {
  key: string;
  plan: QueryPlan;
  args: ExecutionArgs;
  operationContext: ReturnType<typeof buildOperationContext>;
  /** The first subscriber's request data, minus its socket: every member shares its token. */
  context: GatewayContext;
  sinks: Set<Sink>;
}

/** One subscription to a subgraph, shared by every client whose events it would carry. */
interface SharedSubscription {
  key: string;
  primary: FetchNode;
  state: PlanningState;
  audiences: Map<string, Audience>;
  connection: UpstreamConnection;
  unsubscribe: () => void;
  /** Events are completed concurrently but delivered in the order the subgraph sent them. */
  delivered: Promise<void>;
  finished: boolean;
}

/** One graphql-ws connection to a subgraph for one token, used by its shared subscriptions. */
interface UpstreamConnection {
  key: string;
  client: Client;
  users: number;
}

/**
 * Subscriptions through the gateway, as Apollo Router carries them: the query planner turns a
 * subscription into a `SubscriptionNode` whose `primary` fetch goes to the subgraph owning the
 * root field (over graphql-ws, with the client's token) and whose `rest` completes each event
 * from the other subgraphs. @apollo/gateway's executor runs `rest`: it is handed a plan whose
 * first fetch "returns" the event, so entity fetches, error paths and the shaping of the result to
 * the client's selection are exactly those of an HTTP query. Nothing here knows any field.
 *
 * Clients share: one upstream subscription serves every client presenting the same token with the
 * same `primary` operation and variables, and each of its events is completed once per distinct
 * client operation and fanned out to every client that sent it. The token is the scope because it
 * is all the subgraphs judge by (who, which role, which session, until when): two clients with one
 * token always get the same answer and are authorized, revoked and expired together.
 */
export class SubscriptionGateway {
  private state?: PlanningState;
  private readonly subscriptions = new Map<string, SharedSubscription>();
  private readonly connections = new Map<string, UpstreamConnection>();

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
        plans: new Map(),
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

  /** Upstream subscriptions and connections open now (for tests and diagnostics). */
  get upstreamCounts(): { subscriptions: number; connections: number } {
    return { subscriptions: this.subscriptions.size, connections: this.connections.size };
  }

  /** graphql-ws `subscribe`: plan, join (or open) the shared upstream subscription, receive its events. */
  subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const context = args.contextValue as GatewayWsContext;
    const state = this.state!;
    const operationText = print(args.document);
    let plan: QueryPlan;
    try {
      plan = this.plan(state, args.document, args.operationName ?? undefined, operationText);
    } catch (err) {
      return { errors: [asGraphQLError(err)] };
    }
    const node = plan.node;
    if (node?.kind !== "Subscription") return this.runPlan(state, plan, args, context, undefined);
    const { primary, rest } = node;
    const authorization = context.session.authorization ?? "";
    const variables = pick(args.variableValues ?? {}, primary.variableUsages);
    const subscriptionKey = [
      primary.serviceName,
      authorization,
      primary.operation,
      primary.operationName ?? "",
      stableJson(variables),
    ].join("\u0000");
    let shared = this.subscriptions.get(subscriptionKey);
    if (!shared || shared.state !== state) {
      try {
        shared = this.openShared(subscriptionKey, state, primary, variables, context);
      } catch (err) {
        return { errors: [asGraphQLError(err)] };
      }
    }
    const audienceKey = [operationText, args.operationName ?? "", stableJson(args.variableValues ?? {})].join("\u0000");
    let audience = shared.audiences.get(audienceKey);
    if (!audience) {
      audience = {
        key: audienceKey,
        plan: {
          kind: "QueryPlan",
          node: rest
            ? { kind: "Sequence", nodes: [{ ...primary, serviceName: EVENT_SOURCE }, rest] }
            : { ...primary, serviceName: EVENT_SOURCE },
        },
        args: { ...args, contextValue: undefined },
        operationContext: buildOperationContext({
          schema: state.apiSchemaJs,
          operationDocument: args.document,
          operationName: args.operationName ?? undefined,
        }),
        context: withoutSession(context),
        sinks: new Set(),
      };
      shared.audiences.set(audienceKey, audience);
    }
    return this.listen(shared, audience);
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

  private plan(state: PlanningState, document: DocumentNode, operationName?: string, text?: string): QueryPlan {
    const key = text === undefined ? undefined : `${operationName ?? ""}\u0000${text}`;
    const cached = key === undefined ? undefined : state.plans.get(key);
    if (cached) return cached;
    const operation = operationFromDocument(state.apiSchema, document, { operationName });
    const plan = state.planner.buildQueryPlan(operation);
    if (key !== undefined) {
      if (state.plans.size >= PLAN_CACHE_SIZE) state.plans.clear();
      state.plans.set(key, plan);
    }
    return plan;
  }

  /** Subscribes upstream once for every client that will share it. */
  private openShared(
    key: string,
    state: PlanningState,
    primary: FetchNode,
    variables: Record<string, unknown>,
    context: GatewayWsContext,
  ): SharedSubscription {
    const connection = this.connection(context.session, primary.serviceName, state);
    const shared: SharedSubscription = {
      key,
      primary,
      state,
      audiences: new Map(),
      connection,
      unsubscribe: () => undefined,
      delivered: Promise.resolve(),
      finished: false,
    };
    connection.users++;
    this.subscriptions.set(key, shared);
    const finish = (each: (sink: Sink) => void) => {
      if (shared.finished) return;
      this.release(shared);
      shared.delivered = shared.delivered.then(() => {
        for (const audience of shared.audiences.values()) for (const sink of audience.sinks) each(sink);
        shared.audiences.clear();
      });
    };
    shared.unsubscribe = connection.client.subscribe(
      {
        query: primary.operation,
        variables,
        operationName: primary.operationName ?? undefined,
      },
      {
        next: (value) => this.deliver(shared, value as WsResult),
        error: (err) => {
          const errors = upstreamFailure(err ?? new Error("upstream subscription failed"), primary.serviceName);
          finish((sink) => sink.fail(errors));
        },
        complete: () => finish((sink) => sink.end()),
      },
    );
    return shared;
  }

  /** Completes an event once per audience and hands each result to the audience's clients, in order. */
  private deliver(shared: SharedSubscription, event: WsResult): void {
    const results = [...shared.audiences.values()].map((audience) => ({
      audience,
      result: this.complete(shared, audience, event),
    }));
    shared.delivered = shared.delivered.then(async () => {
      for (const { audience, result } of results) {
        const value = await result;
        for (const sink of audience.sinks) sink.push(value);
      }
    });
  }

  private async complete(shared: SharedSubscription, audience: Audience, event: WsResult): Promise<ExecutionResult> {
    try {
      if (event.data == null) return { errors: (event.errors ?? []).map((e) => fromSubgraph(e, shared.primary)) };
      return await this.runPlan(
        shared.state,
        audience.plan,
        audience.args,
        audience.context,
        event,
        audience.operationContext,
      );
    } catch (err) {
      this.options.logger.error({ err }, "subscriptions: could not complete an event");
      return { errors: [asGraphQLError(err)] };
    }
  }

  /** One client's view of a shared subscription; leaving it lets the upstream go once nobody is left. */
  private listen(shared: SharedSubscription, audience: Audience): AsyncIterableIterator<ExecutionResult> {
    const queue: ExecutionResult[] = [];
    let done = false;
    let wake: (() => void) | undefined;
    const notify = () => {
      wake?.();
      wake = undefined;
    };
    const leave = () => {
      if (!audience.sinks.delete(sink)) return;
      if (audience.sinks.size === 0 && shared.audiences.get(audience.key) === audience) {
        shared.audiences.delete(audience.key);
      }
      if (shared.audiences.size === 0 && !shared.finished) {
        this.release(shared);
        shared.unsubscribe();
      }
    };
    const sink: Sink = {
      push: (result) => {
        queue.push(result);
        notify();
      },
      fail: (errors) => {
        queue.push({ errors });
        done = true;
        notify();
      },
      end: () => {
        done = true;
        notify();
      },
    };
    audience.sinks.add(sink);
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        for (;;) {
          if (queue.length) return { value: queue.shift()!, done: false };
          if (done) {
            leave();
            return { value: undefined, done: true };
          }
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
      // Unlike an async generator's, this answers at once even while `next` waits for an event.
      return: async () => {
        done = true;
        queue.length = 0;
        leave();
        notify();
        return { value: undefined, done: true };
      },
    };
    return iterator;
  }

  /** Forgets a shared subscription (its connection closes when no other uses it). */
  private release(shared: SharedSubscription): void {
    if (shared.finished) return;
    shared.finished = true;
    if (this.subscriptions.get(shared.key) === shared) this.subscriptions.delete(shared.key);
    const connection = shared.connection;
    if (--connection.users === 0) {
      if (this.connections.get(connection.key) === connection) this.connections.delete(connection.key);
      void connection.client.dispose();
    }
  }

  private async runPlan(
    state: PlanningState,
    plan: QueryPlan,
    args: ExecutionArgs,
    context: GatewayContext,
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

  /**
   * One graphql-ws connection per subgraph and token, carrying that token as the client's own
   * connection would; it closes when its last shared subscription ends.
   */
  private connection(session: SocketSession, serviceName: string, state: PlanningState): UpstreamConnection {
    const key = `${serviceName}\u0000${session.authorization ?? ""}`;
    const existing = this.connections.get(key);
    if (existing) return existing;
    const base = this.options.subgraphUrls[serviceName] ?? state.urls[serviceName]?.replace(/\/graphql\/?$/, "");
    if (!base) throw new UnavailableError(`The ${serviceName} service has no configured address.`);
    const url = `${base.replace(/^http/, "ws").replace(/\/$/, "")}/graphql`;
    const logger = this.options.logger.child({ subgraph: serviceName, requestId: session.requestId });
    const initial = this.options.retryInitialMs ?? 250;
    const max = this.options.retryMaxMs ?? 5000;
    let wasConnected = false;
    const client = createClient({
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
    const connection: UpstreamConnection = { key, client, users: 0 };
    this.connections.set(key, connection);
    return connection;
  }
}

/** The request data rest fetches carry, without the socket (which may close before the audience ends). */
function withoutSession(context: GatewayWsContext): GatewayContext {
  const { requestId, authorization, identity, userAgent, clientIp } = context;
  return { requestId, authorization, identity, userAgent, clientIp };
}

function pick(variables: Record<string, unknown>, names: readonly string[] | undefined): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names ?? []) if (name in variables) picked[name] = variables[name];
  return picked;
}

/** JSON with object keys sorted, so equal variables make equal keys whatever order a client sent. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
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
