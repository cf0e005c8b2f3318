import type { IncomingMessage } from "node:http";
import type { EntityClass, MigrationObject } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Express } from "express";
import type { GraphQLSchema } from "graphql";
import type { Identity, IdentityVerifier } from "../auth/identity.js";
import { createRemoteIdentityVerifier, type RemoteIdentityVerifier } from "../auth/remote.js";
import type { SubgraphConfig } from "../config/subgraph-config.js";
import { createOrm, pingDatabase, poolStats, type Orm } from "../db/orm.js";
import type { ServiceContext } from "../graphql/context.js";
import type { HealthCheck } from "../health/health.js";
import { createLogger, type Logger } from "../logging/logger.js";
import { createServiceMetrics, type ServiceMetrics } from "../metrics/metrics.js";
import { registerPoolMetrics } from "../metrics/service-gauges.js";
import { createServicePubSub, type ServicePubSub } from "../pubsub/pubsub.js";
import { startServiceServer, type RunningService } from "./service-server.js";
import { serveGraphQLOverWebSocket } from "./websocket.js";

/**
 * Two of the gateway's 250 ms socket checks, so its 4401 comes first; short enough that a socket
 * opened on a subgraph directly still ends within a second of logout.
 */
const SUBGRAPH_SOCKET_GRACE_MS = 500;

export interface SubgraphBaseOptions<C extends SubgraphConfig> {
  name: string;
  /** PostgreSQL schema owned by this service. */
  dbSchema: string;
  config: C;
  entities: EntityClass<unknown>[];
  migrations: MigrationObject[];
  logger?: Logger;
}

/** What every subgraph's services stand on: its logger, its migrated database and its pub/sub. */
export interface SubgraphBase<C extends SubgraphConfig = SubgraphConfig> {
  name: string;
  config: C;
  logger: Logger;
  orm: Orm;
  /** Where the service publishes events its subscriptions deliver (Redis when REDIS_URL is set). */
  pubSub: ServicePubSub;
  /** The database and the pub/sub, for `/health`. */
  health: HealthCheck[];
  /** This process's Prometheus registry, served at `/metrics`: the service adds its own series to it. */
  metrics: ServiceMetrics;
  /** Registers how to stop something built on this base; `close` stops the last registered first. */
  onClose: (stop: () => Promise<void> | void) => void;
  /** Stops everything registered, then closes the pub/sub and the ORM. Only the first call does anything. */
  close: () => Promise<void>;
}

/** Logger, then the ORM with its migrations, then the pub/sub. Starts no server. */
export async function openSubgraph<C extends SubgraphConfig>(
  options: SubgraphBaseOptions<C>,
): Promise<SubgraphBase<C>> {
  const { config, name } = options;
  const logger = options.logger ?? createLogger(name, config.logLevel);
  const orm = await createOrm({
    db: config.db,
    schema: options.dbSchema,
    entities: options.entities,
    migrations: options.migrations,
    logger,
    backup: config.backup,
  });
  const stops: (() => Promise<void> | void)[] = [() => orm.close()];
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      let failure: unknown;
      for (const stop of [...stops].reverse()) {
        // One failing stop must not leave the database or the other workers open.
        await Promise.resolve()
          .then(stop)
          .catch((err: unknown) => (failure ??= err));
      }
      if (failure !== undefined) throw failure;
    })());
  return buildOrClose({ close }, async () => {
    const events = await createServicePubSub({
      redisUrl: config.redisUrl,
      logger,
      // Replicas of one service share their channels; another service's topics never collide.
      channelPrefix: `${config.redisChannelPrefix ?? "homegraph:"}${name}:`,
    });
    stops.push(() => events.close());
    const metrics = createServiceMetrics({ logger });
    registerPoolMetrics(metrics, name, () => poolStats(orm));
    return {
      name,
      config,
      logger,
      orm,
      pubSub: events.pubSub,
      metrics,
      health: [
        { name: "database", check: () => pingDatabase(orm), detail: () => ({ pool: poolStats(orm) }) },
        events.health,
      ],
      onClose: (stop) => void stops.push(stop),
      close,
    };
  });
}

/**
 * Runs `build`; when it throws, closes `owner` (whatever was built on it so far) before passing the
 * error on, so a service that cannot start leaves no connection or timer behind.
 */
export async function buildOrClose<T>(owner: { close: () => Promise<void> }, build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (err) {
    await owner.close().catch(() => undefined);
    throw err;
  }
}

/** The token check of every subgraph but auth: keys and revocations fetched from auth (`AUTH_URL`). */
export function remoteIdentityVerifierFor(base: Pick<SubgraphBase, "config" | "logger">): RemoteIdentityVerifier {
  const { identity } = base.config;
  return createRemoteIdentityVerifier({
    authUrl: identity.url,
    issuer: identity.issuer,
    audience: identity.audience,
    logger: base.logger,
  });
}

/**
 * The request a context is built from: an express request over HTTP, the HTTP upgrade request of
 * the socket for graphql-ws (which has no `ip` of express's making).
 */
export type ContextRequest = IncomingMessage & { ip?: string };

export interface SubgraphServerOptions<TContext extends ServiceContext> {
  /** Built once the base is open: a schema with subscriptions runs on the base's pub/sub. */
  schema: () => Promise<{ schema: GraphQLSchema }>;
  /**
   * How this service checks tokens, started with the server and stopped when it closes. By default
   * the remote verifier (remoteIdentityVerifierFor); auth passes its own, whose keys are local.
   */
  verifier?: IdentityVerifier;
  /** Adds the service's own parts (DataLoaders, its services) to each request's context. */
  context: (base: ServiceContext, req: ContextRequest) => TContext | Promise<TContext>;
  /** Extra routes (REST endpoints) mounted before `/graphql`. */
  routes?: (app: Express) => void;
  health?: HealthCheck[];
}

export interface RunningSubgraph extends RunningService {
  orm: Orm;
  logger: Logger;
  /** Where the service publishes events its subscriptions deliver (Redis when REDIS_URL is set). */
  pubSub: ServicePubSub;
}

/**
 * Serves `base` over HTTP and graphql-ws on one port. The server owns the base from here: closing
 * the server closes it once requests have drained, and a server that fails to start closes it too.
 */
export async function serveSubgraph<TContext extends ServiceContext>(
  base: SubgraphBase,
  options: SubgraphServerOptions<TContext>,
): Promise<RunningSubgraph> {
  const { config, logger, orm, name } = base;
  const requestBase = (requestId: string, identity: Identity | undefined): ServiceContext => ({
    em: orm.em.fork() as EntityManager,
    requestId,
    logger,
    identity,
  });
  return buildOrClose(base, async () => {
    const { schema } = await options.schema();
    const verifier = options.verifier ?? remoteIdentityVerifierFor(base);
    base.onClose(async () => verifier.stop?.());
    // Never fails: auth may start after this service; keys and revocations then catch up.
    await verifier.start?.();
    const server = await startServiceServer<TContext>({
      name,
      logger,
      schema,
      host: config.host,
      port: config.port,
      // A subgraph reached directly shows no more of itself than the gateway does in production.
      introspection: config.nodeEnv !== "production",
      limits: config.limits,
      verifier,
      health: [...base.health, ...(options.health ?? [])],
      metrics: { metrics: base.metrics, token: config.metricsToken },
      context: async (req) => options.context(requestBase(req.requestId, req.identity), req),
      webSocket: (wss, validationRules) =>
        serveGraphQLOverWebSocket({
          wss,
          validationRules,
          verifier,
          logger,
          schema,
          // The gateway in front closes an expired client socket first, at expiry.
          expiryGraceMs: SUBGRAPH_SOCKET_GRACE_MS,
          production: config.nodeEnv === "production",
          context: (session) => options.context(requestBase(session.requestId, session.identity), session.request),
        }),
      routes: options.routes,
      onClose: base.close,
    });
    return { ...server, orm, logger, pubSub: base.pubSub };
  });
}
