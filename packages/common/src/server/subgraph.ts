import type { EntityClass, MigrationObject } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Request, Express } from "express";
import type { GraphQLSchema } from "graphql";
import { z } from "zod";
import type { IdentityVerifier } from "../auth/identity.js";
import { createRemoteIdentityVerifier } from "../auth/remote.js";
import {
  baseEnvSchema,
  databaseConfigFrom,
  databaseEnvSchema,
  httpUrl,
  port,
  type DatabaseConfig,
} from "../config/config.js";
import { createOrm, pingDatabase, poolStats, type Orm } from "../db/orm.js";
import type { ServiceContext } from "../graphql/context.js";
import type { HealthCheck } from "../health/health.js";
import { createLogger, type Logger } from "../logging/logger.js";
import { graphqlLimitsEnvSchema, graphqlLimitsFrom, type GraphQLLimits } from "./graphql-limits.js";
import { createServicePubSub, pubSubEnvSchema, type RunningPubSub, type ServicePubSub } from "../pubsub/pubsub.js";
import { startServiceServer, type RunningService } from "./service-server.js";
import { serveGraphQLOverWebSocket, type SocketSession } from "./websocket.js";

/** Where every service finds the auth service and what its tokens must say. */
export const identityEnvSchema = z.object({
  AUTH_URL: httpUrl.default("http://127.0.0.1:6101"),
  JWT_ISSUER: z.string().min(1).default("homegraph"),
  JWT_AUDIENCE: z.string().min(1).default("homegraph"),
});

export interface IdentityConfig {
  url: string;
  issuer: string;
  audience: string;
}

export function identityConfigFrom(env: z.infer<typeof identityEnvSchema>): IdentityConfig {
  return { url: env.AUTH_URL.replace(/\/$/, ""), issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE };
}

/** The environment of a subgraph that owns a database schema. */
export const subgraphEnvSchema = (defaultPort: number) =>
  baseEnvSchema
    .extend(databaseEnvSchema.shape)
    .extend(identityEnvSchema.shape)
    .extend(pubSubEnvSchema.shape)
    .extend(graphqlLimitsEnvSchema.shape)
    .extend({ PORT: port(defaultPort) });

export interface SubgraphConfig {
  nodeEnv: "development" | "production" | "test";
  logLevel: string;
  host: string;
  port: number;
  db: DatabaseConfig;
  identity: IdentityConfig;
  /** Pub/sub across replicas; in-process when unset. */
  redisUrl?: string;
  /** Keeps deployments (and test runs) that share one Redis apart. */
  redisChannelPrefix: string;
  limits: GraphQLLimits;
}

export function subgraphConfigFrom(env: z.infer<ReturnType<typeof subgraphEnvSchema>>): SubgraphConfig {
  return {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    host: env.HOST,
    port: env.PORT,
    db: databaseConfigFrom(env),
    identity: identityConfigFrom(env),
    redisUrl: env.REDIS_URL,
    redisChannelPrefix: env.REDIS_CHANNEL_PREFIX,
    limits: graphqlLimitsFrom(env),
  };
}

export interface SubgraphOptions<TContext extends ServiceContext> {
  name: string;
  /** PostgreSQL schema owned by this service. */
  dbSchema: string;
  config: SubgraphConfig;
  entities: EntityClass<unknown>[];
  migrations: MigrationObject[];
  /** A function when the schema needs the service's pub/sub (type-graphql `@Subscription`). */
  schema: GraphQLSchema | ((deps: { pubSub: ServicePubSub }) => GraphQLSchema | Promise<GraphQLSchema>);
  /**
   * Adds the service's own parts (DataLoaders, the caller) to each request's context. For a
   * subscription over graphql-ws, `req` is the socket's HTTP upgrade request.
   */
  context: (base: ServiceContext, req: Request) => TContext | Promise<TContext>;
  routes?: (app: Express, deps: { orm: Orm; logger: Logger; pubSub: ServicePubSub }) => void;
  health?: HealthCheck[];
  /** Starts background work once the database is ready; returns its stop function. */
  background?: (deps: { orm: Orm; logger: Logger; pubSub: ServicePubSub }) => Promise<() => Promise<void>>;
  logger?: Logger;
  /**
   * How this service checks tokens. By default the remote verifier against `config.identity.url`; the
   * auth service passes its own (its keys and revocations are local), as a function called after
   * `background` has run.
   */
  verifier?: IdentityVerifier | ((deps: { orm: Orm; logger: Logger }) => IdentityVerifier | Promise<IdentityVerifier>);
}

export interface RunningSubgraph extends RunningService {
  orm: Orm;
  logger: Logger;
  /** Where the service publishes events its subscriptions deliver (Redis when REDIS_URL is set). */
  pubSub: ServicePubSub;
}

/** Boots one subgraph: its logger, its ORM and migrations, its HTTP server. */
export async function startSubgraph<TContext extends ServiceContext>(
  options: SubgraphOptions<TContext>,
): Promise<RunningSubgraph> {
  const { config } = options;
  const logger = options.logger ?? createLogger(options.name, config.logLevel);
  const orm = await createOrm({
    db: config.db,
    schema: options.dbSchema,
    entities: options.entities,
    migrations: options.migrations,
    logger,
  });
  let stopBackground: (() => Promise<void>) | undefined;
  let verifier: IdentityVerifier | undefined;
  let events: RunningPubSub | undefined;
  try {
    events = await createServicePubSub({
      redisUrl: config.redisUrl,
      logger,
      // Replicas of one service share their channels; another service's topics never collide.
      channelPrefix: `${config.redisChannelPrefix ?? "homegraph:"}${options.name}:`,
    });
    const pubSub = events.pubSub;
    const schema = typeof options.schema === "function" ? await options.schema({ pubSub }) : options.schema;
    stopBackground = await options.background?.({ orm, logger, pubSub });
    // After `background`: that is where the auth service builds the key store its verifier uses.
    verifier =
      typeof options.verifier === "function"
        ? await options.verifier({ orm, logger })
        : (options.verifier ??
          createRemoteIdentityVerifier({
            authUrl: config.identity.url,
            issuer: config.identity.issuer,
            audience: config.identity.audience,
            logger,
          }));
    // Never fails: auth may start after this service; keys and revocations then catch up.
    await verifier.start?.();
    const server = await startServiceServer<TContext>({
      name: options.name,
      logger,
      schema,
      host: config.host,
      port: config.port,
      // A subgraph reached directly shows no more of itself than the gateway does in production.
      introspection: config.nodeEnv !== "production",
      limits: config.limits,
      verifier,
      health: [
        { name: "database", check: () => pingDatabase(orm), detail: () => ({ pool: poolStats(orm) }) },
        events.health,
        ...(options.health ?? []),
      ],
      context: async (req) =>
        options.context(
          { em: orm.em.fork() as EntityManager, requestId: req.requestId, logger, identity: req.identity },
          req,
        ),
      webSocket: (wss, validationRules) =>
        serveGraphQLOverWebSocket({
          wss,
          validationRules,
          verifier: verifier!,
          logger,
          schema,
          context: (session: SocketSession) => {
            const req = Object.assign(session.request, { requestId: session.requestId, identity: session.identity });
            const base = {
              em: orm.em.fork() as EntityManager,
              requestId: session.requestId,
              logger,
              identity: session.identity,
            };
            return options.context(base, req as unknown as Request);
          },
        }),
      routes: options.routes ? (app) => options.routes!(app, { orm, logger, pubSub }) : undefined,
      onClose: async () => {
        await stopBackground?.();
        await verifier?.stop?.();
        await events?.close();
        await orm.close();
      },
    });
    return { ...server, orm, logger, pubSub };
  } catch (err) {
    await stopBackground?.();
    await verifier?.stop?.();
    await events?.close();
    await orm.close(true);
    throw err;
  }
}
