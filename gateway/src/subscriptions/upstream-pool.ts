import { markSpan, SpanKind, UnavailableError, type Logger, type SocketSession } from "@homegraph/common";
import type { GraphQLError } from "graphql";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { upstreamFailure } from "./errors.js";
import type { UpstreamEvent, UpstreamOperation } from "./federation.js";
import { stableJson } from "./stable-json.js";

export interface UpstreamPoolOptions {
  logger: Logger;
  /** Subgraph name to base URL from configuration: the service discovery, as for HTTP. */
  subgraphUrls: Record<string, string>;
  /** Reconnect backoff: first and longest wait, in milliseconds. */
  retryInitialMs?: number;
  retryMaxMs?: number;
}

/** A subscription one client needs from a subgraph. */
export interface UpstreamRequest {
  operation: UpstreamOperation;
  /** Only the variables `operation` uses. */
  variables: Record<string, unknown>;
  /** The client's socket: its token is the upstream connection's. */
  session: SocketSession;
  /** Subgraph URLs as the supergraph records them, for a subgraph the configuration does not name. */
  supergraphUrls: Record<string, string>;
}

/** What rides on an upstream subscription: its events, and how it ended. */
export interface UpstreamListener {
  event(event: UpstreamEvent): void;
  failed(errors: GraphQLError[]): void;
  ended(): void;
}

/** One subscription to a subgraph, shared by every client whose events it would carry. */
export interface SharedUpstream<L extends UpstreamListener> {
  readonly key: string;
  readonly listener: L;
}

interface Subscription<L extends UpstreamListener> extends SharedUpstream<L> {
  connection: UpstreamConnection;
  unsubscribe: () => void;
  finished: boolean;
}

/** One graphql-ws connection to a subgraph for one token, used by its shared subscriptions. */
interface UpstreamConnection {
  key: string;
  client: Client;
  users: number;
}

/**
 * The gateway's subscriptions to subgraphs. One upstream subscription serves every client
 * presenting the same token with the same operation and variables; one graphql-ws connection per
 * subgraph and token carries them, re-subscribing after a subgraph restarts.
 */
export class UpstreamPool<L extends UpstreamListener> {
  private readonly subscriptions = new Map<string, Subscription<L>>();
  private readonly connections = new Map<string, UpstreamConnection>();

  constructor(private readonly options: UpstreamPoolOptions) {}

  /** Upstream subscriptions and connections open now (for tests and diagnostics). */
  get counts(): { subscriptions: number; connections: number } {
    return { subscriptions: this.subscriptions.size, connections: this.connections.size };
  }

  /** The shared subscription that would carry this request's events, if one is open. */
  find(request: UpstreamRequest): SharedUpstream<L> | undefined {
    return this.subscriptions.get(subscriptionKey(request));
  }

  /**
   * Subscribes upstream once for every client that will share it; `listen` makes what rides on
   * it, given the way to end the subscription once nobody is left.
   */
  open(request: UpstreamRequest, listen: (close: () => void) => L): SharedUpstream<L> {
    const { operation, variables, session } = request;
    const key = subscriptionKey(request);
    const connection = this.connection(session, operation.serviceName, request.supergraphUrls);
    const subscription: Subscription<L> = {
      key,
      listener: listen(() => this.close(subscription)),
      connection,
      unsubscribe: () => undefined,
      finished: false,
    };
    connection.users++;
    this.subscriptions.set(key, subscription);
    const { listener } = subscription;
    // The subscription starts a trace the subgraph continues: W3C trace context in the subscribe
    // message's extensions (the socket is shared, so not in connection_init).
    const extensions = markSpan(`subscribe ${operation.serviceName}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        "graphql.operation.name": operation.operationName ?? "",
        "homegraph.subgraph": operation.serviceName,
      },
    });
    subscription.unsubscribe = connection.client.subscribe(
      {
        query: operation.operation,
        variables,
        operationName: operation.operationName ?? undefined,
        // Empty when tracing is off: nothing extra on the wire.
        ...(extensions.traceparent ? { extensions } : {}),
      },
      {
        next: (value) => listener.event(value as UpstreamEvent),
        error: (err) => {
          const errors = upstreamFailure(err ?? new Error("upstream subscription failed"), operation.serviceName);
          if (this.release(subscription)) listener.failed(errors);
        },
        complete: () => {
          if (this.release(subscription)) listener.ended();
        },
      },
    );
    return subscription;
  }

  /** Ends a shared subscription nobody listens to any more. */
  private close(subscription: Subscription<L>): void {
    if (this.release(subscription)) subscription.unsubscribe();
  }

  /**
   * Forgets a shared subscription (its connection closes when no other uses it); false when it was
   * already finished.
   */
  private release(subscription: Subscription<L>): boolean {
    if (subscription.finished) return false;
    subscription.finished = true;
    if (this.subscriptions.get(subscription.key) === subscription) this.subscriptions.delete(subscription.key);
    const connection = subscription.connection;
    if (--connection.users === 0) {
      if (this.connections.get(connection.key) === connection) this.connections.delete(connection.key);
      void connection.client.dispose();
    }
    return true;
  }

  /**
   * One graphql-ws connection per subgraph and token, carrying that token as the client's own
   * connection would; it closes when its last shared subscription ends.
   */
  private connection(
    session: SocketSession,
    serviceName: string,
    supergraphUrls: Record<string, string>,
  ): UpstreamConnection {
    const key = `${serviceName}\u0000${session.authorization ?? ""}`;
    const existing = this.connections.get(key);
    if (existing) return existing;
    const base = this.options.subgraphUrls[serviceName] ?? supergraphUrls[serviceName]?.replace(/\/graphql\/?$/, "");
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

/** The token is the scope: it is all the subgraphs judge by, so one token always gets one answer. */
function subscriptionKey({ operation, variables, session }: UpstreamRequest): string {
  return [
    operation.serviceName,
    session.authorization ?? "",
    operation.operation,
    operation.operationName ?? "",
    stableJson(variables),
  ].join("\u0000");
}
