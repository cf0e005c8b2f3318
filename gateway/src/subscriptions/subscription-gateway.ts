import type { GraphQLDataSource } from "@apollo/gateway";
import type { Logger, SocketOperation, SocketSession } from "@homegraph/common";
import { print, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from "graphql";
import type { GatewayContext } from "../context.js";
import { asGraphQLError } from "./errors.js";
import { Broadcast } from "./fan-out.js";
import type { QueryPlan } from "./federation.js";
import { SubscriptionPlanner, type PlanningState } from "./planner.js";
import { UpstreamPool, type SharedUpstream } from "./upstream-pool.js";

export interface GatewayWsContext extends GatewayContext {
  session: SocketSession;
  /** The client's operation on its socket: its results can be sent already serialised. */
  operation?: SocketOperation;
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

/**
 * Subscriptions through the gateway, as Apollo Router carries them: the query planner turns a
 * subscription into a `SubscriptionNode` whose `primary` fetch goes to the subgraph owning the
 * root field (over graphql-ws, with the client's token) and whose `rest` completes each event
 * from the other subgraphs (federation.ts). Nothing here knows any field.
 *
 * Clients share: one upstream subscription serves every client presenting the same token with the
 * same `primary` operation and variables (upstream-pool.ts), and each of its events is completed
 * once per distinct client operation, serialised once, and fanned out to every client that sent it
 * (fan-out.ts). The token is the scope because it is all the subgraphs judge by (who, which role,
 * which session, until when): two clients with one token always get the same answer and are
 * authorized, revoked and expired together.
 */
export class SubscriptionGateway {
  private readonly planner: SubscriptionPlanner;
  private readonly upstreams: UpstreamPool<Broadcast>;

  constructor(private readonly options: SubscriptionGatewayOptions) {
    this.planner = new SubscriptionPlanner({ logger: options.logger, dataSources: options.dataSources });
    this.upstreams = new UpstreamPool(options);
  }

  /** Takes a supergraph the gateway now serves (its first load and each reload). */
  update(supergraphSdl: string): void {
    this.planner.update(supergraphSdl);
  }

  get schema(): GraphQLSchema {
    return this.planner.schema;
  }

  /** The supergraph planned on now (shared with the root-fetch splice); undefined before the first. */
  get planning(): PlanningState | undefined {
    return this.planner.loaded;
  }

  /** Upstream subscriptions and connections open now (for tests and diagnostics). */
  get upstreamCounts(): { subscriptions: number; connections: number } {
    return this.upstreams.counts;
  }

  /** graphql-ws `subscribe`: plan, join (or open) the shared upstream subscription, receive its events. */
  subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const context = args.contextValue as GatewayWsContext;
    const operationText = print(args.document);
    let plan: QueryPlan;
    const state = this.planner.current;
    try {
      plan = this.planner.plan(state, args.document, args.operationName ?? undefined, operationText);
    } catch (err) {
      return { errors: [asGraphQLError(err)] };
    }
    const { supergraph } = state;
    const primary = supergraph.upstreamOf(plan);
    if (!primary) return supergraph.execute(plan, args, context);
    const request = {
      operation: primary,
      variables: pick(args.variableValues ?? {}, primary.variableUsages),
      session: context.session,
      supergraphUrls: supergraph.urls,
    };
    let shared: SharedUpstream<Broadcast> | undefined = this.upstreams.find(request);
    if (!shared || shared.listener.state !== state) {
      try {
        shared = this.upstreams.open(
          request,
          (close) => new Broadcast(state, { serviceName: primary.serviceName, logger: this.options.logger, close }),
        );
      } catch (err) {
        return { errors: [asGraphQLError(err)] };
      }
    }
    return shared.listener.join(
      args,
      operationText,
      () => supergraph.eventCompleter(plan, { ...args, contextValue: undefined }, withoutSession(context)),
      context.operation?.sendResult,
    );
  };

  /** graphql-ws `execute`: queries and mutations over the socket run the same plans as over HTTP. */
  execute = async (args: ExecutionArgs): Promise<ExecutionResult> => {
    const state = this.planner.current;
    try {
      const plan = this.planner.plan(state, args.document, args.operationName ?? undefined);
      return await state.supergraph.execute(plan, args, args.contextValue as GatewayWsContext);
    } catch (err) {
      return { errors: [asGraphQLError(err)] };
    }
  };
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
