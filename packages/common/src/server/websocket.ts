import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  specifiedRules,
  validate,
  type ExecutionArgs,
  type GraphQLError,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import type { Context, ServerOptions } from "graphql-ws";
import { useServer, type Extra } from "graphql-ws/use/ws";
import type { WebSocket, WebSocketServer } from "ws";
import type { Identity, IdentityVerifier } from "../auth/identity.js";
import { AppError, formatError } from "../errors/errors.js";
import type { Logger } from "../logging/logger.js";
import { markSpan, SpanKind } from "../tracing/context.js";

/** Close codes a client acts on: sign in again (4401), or it may not do this at all (4403). */
export const CloseCode = { Unauthorized: 4401, Forbidden: 4403, TryAgainLater: 1013 } as const;

/** What a socket carries once `connection_init` has been accepted. */
export interface SocketSession {
  identity?: Identity;
  /** The Authorization value the client sent (after `resolveAuthorization`), forwarded unchanged (as over HTTP). */
  authorization?: string;
  requestId: string;
  request: IncomingMessage;
  socket: WebSocket;
}

/**
 * One operation a client started on a socket. `sendResult` sends a result the caller has already
 * serialised (the JSON of an ExecutionResult without errors) as the operation's `next` message,
 * exactly as graphql-ws would frame it, so that one serialisation can serve every client of a
 * fan-out; it returns false when the socket is no longer open. It bypasses graphql-ws's queue:
 * the caller keeps it in order with what graphql-ws itself still sends for the operation.
 */
export interface SocketOperation {
  id: string;
  sendResult(json: string): boolean;
}

/** graphql-ws's `next` message around a serialised result (its fields in graphql-ws's order). */
export function nextMessage(id: string, resultJson: string): string {
  return `${nextHead(id)}${resultJson}}`;
}

const nextHead = (id: string) => `{"id":${JSON.stringify(id)},"type":"next","payload":`;

/**
 * The bytes of the result a fan-out is sending, encoded once for all of its clients: a fan-out
 * hands every client the same string, one after another, so the last one encoded is the one asked
 * for again (the comparison is of the same string, not of its characters).
 */
let lastResult: string | undefined;
let lastResultBytes: Buffer = Buffer.alloc(0);
function resultBytes(json: string): Buffer {
  if (json !== lastResult) {
    lastResult = json;
    lastResultBytes = Buffer.from(`${json}}`);
  }
  return lastResultBytes;
}

/**
 * Connections whose writes wait until this turn of the event loop has ended. A fan-out that falls
 * behind reads several events at once and hands each client one result per event: corked, a
 * client's results of the turn leave in one write (one system call, one read at the other end)
 * instead of one each. Nothing waits longer than the turn, so a lone event goes out as before.
 */
const corked = new Set<Duplex>();
let uncorking: NodeJS.Immediate | undefined;

function writeAtEndOfTurn(connection: Duplex): void {
  if (corked.has(connection)) return;
  connection.cork();
  corked.add(connection);
  uncorking ??= setImmediate(() => {
    uncorking = undefined;
    for (const c of corked) c.uncork();
    corked.clear();
  });
}

type SocketExtra = Extra & { session?: SocketSession };
type SocketContext = Context<Record<string, unknown> | undefined, SocketExtra>;

export interface GraphQLWebSocketOptions<TContext> {
  wss: WebSocketServer;
  verifier: IdentityVerifier;
  logger: Logger;
  /** A function when the schema can change (the gateway's supergraph reloads). */
  schema: GraphQLSchema | (() => GraphQLSchema);
  context: (session: SocketSession, operation: SocketOperation) => TContext | Promise<TContext>;
  /** Replaces graphql-js `subscribe` (the gateway plans and forwards instead of resolving). */
  subscribe?: (args: ExecutionArgs) => ReturnType<NonNullable<ServerOptions["subscribe"]>>;
  execute?: (args: ExecutionArgs) => ReturnType<NonNullable<ServerOptions["execute"]>>;
  /** How often open sockets are checked for a revoked session; expiry is checked as often. */
  sessionCheckIntervalMs?: number;
  /**
   * How long a socket stays open past its token's expiry or after its session was seen revoked. The
   * client's edge (the gateway) closes at once with 4401; a subgraph behind it waits this long, so
   * the client learns why from that close rather than from an error its subscription got when the
   * subgraph's socket closed first.
   */
  expiryGraceMs?: number;
  /** Production hides internal error details from socket clients, as over HTTP. */
  production: boolean;
  keepAliveMs?: number;
  /** Extra rules every operation must pass (the GraphQL limits), as over HTTP. */
  validationRules?: readonly ValidationRule[];
  /**
   * Turns the client's Authorization into the one to verify and forward (the gateway exchanges an
   * API token for an access token here); its AppErrors close the socket like a bad token.
   */
  resolveAuthorization?: (authorization: string | undefined, request: IncomingMessage) => Promise<string | undefined>;
}

export interface GraphQLWebSocketEndpoint {
  /** Sockets open now. */
  readonly size: number;
  /** Subscriptions (and operations running) on those sockets now. */
  readonly subscriptions: number;
  dispose(): Promise<void>;
}

/** Close reasons are limited to 123 bytes by the protocol. */
const reason = (message: string) => Buffer.from(message).subarray(0, 123).toString();

/**
 * A cheap per-socket "is this session still alive?". A verifier that keeps a revocation set
 * (the remote verifier every service but auth uses) is asked directly, which costs a map lookup;
 * any other verifier re-checks the whole token.
 */
function revocationProbe(verifier: IdentityVerifier): {
  cheap: boolean;
  revoked: (s: SocketSession) => Promise<boolean>;
} {
  const set = (verifier as { revocations?: { has?: (sid: string) => boolean } }).revocations;
  const has = set?.has?.bind(set);
  if (has) {
    return { cheap: true, revoked: async (s) => !!s.identity && has(s.identity.sessionId) };
  }
  return {
    cheap: false,
    revoked: async (s) => {
      try {
        await verifier.verify(s.authorization);
        return false;
      } catch (err) {
        return err instanceof AppError && err.code === "UNAUTHENTICATED";
      }
    },
  };
}

/**
 * graphql-ws on a service's `/graphql`, authenticated like HTTP: `connectionParams.authorization`
 * is verified on `connection_init` (a bad token closes the socket with 4401; no token is anonymous
 * and each field decides with `@Authorized`), and a socket whose session is revoked or whose token
 * expires is closed with 4401, since a socket otherwise outlives every token check.
 */
export function serveGraphQLOverWebSocket<TContext>(
  options: GraphQLWebSocketOptions<TContext>,
): GraphQLWebSocketEndpoint {
  const { verifier } = options;
  const logger = options.logger.child({ component: "graphql-ws" });
  const sessions = new Set<SocketSession>();
  /** Every accepted socket's graphql-ws context: its `subscriptions` are the operations open on it. */
  const contexts = new Set<SocketContext>();
  const probe = revocationProbe(verifier);

  const close = (session: SocketSession, code: number, message: string) => {
    sessions.delete(session);
    if (session.socket.readyState === session.socket.OPEN) session.socket.close(code, reason(message));
  };

  let ticks = 0;
  const interval = options.sessionCheckIntervalMs ?? 250;
  const grace = options.expiryGraceMs ?? 0;
  /** When each session was first seen revoked, while its grace runs. */
  const revokedSince = new Map<SocketSession, number>();
  const closeRevoked = (session: SocketSession, now: number) => {
    const since = revokedSince.get(session) ?? now;
    revokedSince.set(session, since);
    if (now - since < grace) return;
    revokedSince.delete(session);
    close(session, CloseCode.Unauthorized, "This session has ended. Sign in again.");
  };
  const timer = setInterval(() => {
    ticks++;
    // Re-verifying whole tokens is not free: without a revocation set, check every 2 s instead.
    const checkRevocations = probe.cheap || ticks % Math.max(1, Math.round(2000 / interval)) === 0;
    const now = Date.now();
    for (const session of revokedSince.keys()) if (!sessions.has(session)) revokedSince.delete(session);
    for (const session of sessions) {
      if (!session.identity) continue;
      if (session.identity.expiresAt.getTime() + grace <= now) {
        close(session, CloseCode.Unauthorized, "Your session has expired. Sign in again.");
      } else if (checkRevocations) {
        void probe.revoked(session).then((revoked) => {
          if (revoked) closeRevoked(session, now);
        });
      }
    }
  }, interval);
  timer.unref();

  const formatErrors = (errors: readonly GraphQLError[]) =>
    errors.map((e) => formatError(e.toJSON(), e, (internal) => logger.error({ err: internal }, "internal error")));

  const disposable = useServer<Record<string, unknown> | undefined, { session?: SocketSession }>(
    {
      isProd: options.production,
      schema: () => (typeof options.schema === "function" ? options.schema() : options.schema),
      validate: (schema, document) =>
        validate(schema, document, [...specifiedRules, ...(options.validationRules ?? [])]),
      onConnect: async (ctx: SocketContext) => {
        const params = ctx.connectionParams ?? {};
        const offeredAuthorization = params.authorization ?? params.Authorization;
        const { socket, request } = ctx.extra;
        if (offeredAuthorization !== undefined && typeof offeredAuthorization !== "string") {
          socket.close(CloseCode.Unauthorized, "connectionParams.authorization must be 'Bearer <token>'.");
          return false;
        }
        let authorization = offeredAuthorization as string | undefined;
        let identity: Identity | undefined;
        try {
          if (options.resolveAuthorization) authorization = await options.resolveAuthorization(authorization, request);
          identity = await verifier.verify(authorization);
        } catch (err) {
          if (err instanceof AppError && err.code === "UNAVAILABLE") {
            socket.close(CloseCode.TryAgainLater, reason(err.message));
          } else if (err instanceof AppError) {
            socket.close(CloseCode.Unauthorized, reason(err.message));
          } else {
            logger.error({ err }, "could not check a socket's token");
            socket.close(1011, "Something went wrong on our side.");
          }
          return false;
        }
        const offered = params.requestId ?? request.headers["x-request-id"];
        const requestId =
          typeof offered === "string" && /^[A-Za-z0-9._:-]{1,128}$/.test(offered) ? offered : randomUUID();
        const session: SocketSession = { identity, authorization, requestId, request, socket };
        (ctx.extra as SocketExtra).session = session;
        sessions.add(session);
        contexts.add(ctx);
        return true;
      },
      onDisconnect: (ctx: SocketContext) => {
        contexts.delete(ctx);
        if (ctx.extra.session) sessions.delete(ctx.extra.session);
      },
      onClose: (ctx: SocketContext) => {
        contexts.delete(ctx);
        if (ctx.extra.session) sessions.delete(ctx.extra.session);
      },
      context: (ctx: SocketContext, id, payload) => {
        // The gateway's subscribe carries its trace context in extensions: the subgraph's part.
        markSpan(`graphql subscribe ${payload.operationName ?? ""}`.trim(), {
          kind: SpanKind.SERVER,
          parent: payload.extensions ?? undefined,
          attributes: { "graphql.operation.name": payload.operationName ?? "" },
        });
        const { socket } = ctx.extra;
        // The message is this operation's head and the result's bytes: neither encoded per client.
        const head = Buffer.from(nextHead(id));
        const operation: SocketOperation = {
          id,
          sendResult: (json) => {
            if (socket.readyState !== socket.OPEN) return false;
            // Whatever graphql-ws sends after it this turn queues behind it on the same connection.
            writeAtEndOfTurn(ctx.extra.request.socket);
            socket.send(Buffer.concat([head, resultBytes(json)]), { binary: false });
            return true;
          },
        };
        return options.context(ctx.extra.session!, operation) as never;
      },
      ...(options.subscribe ? { subscribe: options.subscribe } : {}),
      ...(options.execute ? { execute: options.execute } : {}),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: formatErrors(result.errors) } : undefined,
      onError: (_ctx, _id, _payload, errors) => formatErrors(errors),
    },
    options.wss,
    options.keepAliveMs ?? 12_000,
  );

  return {
    get size() {
      return sessions.size;
    },
    get subscriptions() {
      let open = 0;
      for (const ctx of contexts) open += Object.keys(ctx.subscriptions).length;
      return open;
    },
    dispose: async () => {
      clearInterval(timer);
      sessions.clear();
      contexts.clear();
      await disposable.dispose();
    },
  };
}
