import type { EntityClass, MigrationObject } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Request, Express } from "express";
import type { GraphQLSchema } from "graphql";
import { z } from "zod";
import { baseEnvSchema, databaseConfigFrom, databaseEnvSchema, port, type DatabaseConfig } from "../config/config.js";
import { createOrm, pingDatabase, type Orm } from "../db/orm.js";
import type { ServiceContext } from "../graphql/context.js";
import type { HealthCheck } from "../health/health.js";
import { createLogger, type Logger } from "../logging/logger.js";
import { startServiceServer, type RunningService } from "./service-server.js";

/** The environment of a subgraph that owns a database schema. */
export const subgraphEnvSchema = (defaultPort: number) =>
  baseEnvSchema.extend(databaseEnvSchema.shape).extend({ PORT: port(defaultPort) });

export interface SubgraphConfig {
  nodeEnv: "development" | "production" | "test";
  logLevel: string;
  host: string;
  port: number;
  db: DatabaseConfig;
}

export function subgraphConfigFrom(env: z.infer<ReturnType<typeof subgraphEnvSchema>>): SubgraphConfig {
  return {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    host: env.HOST,
    port: env.PORT,
    db: databaseConfigFrom(env),
  };
}

export interface SubgraphOptions<TContext extends ServiceContext> {
  name: string;
  /** PostgreSQL schema owned by this service. */
  dbSchema: string;
  config: SubgraphConfig;
  entities: EntityClass<unknown>[];
  migrations: MigrationObject[];
  schema: GraphQLSchema;
  /** Adds the service's own parts (DataLoaders, the caller) to each request's context. */
  context: (base: ServiceContext, req: Request) => TContext | Promise<TContext>;
  routes?: (app: Express, deps: { orm: Orm; logger: Logger }) => void;
  health?: HealthCheck[];
  /** Starts background work once the database is ready; returns its stop function. */
  background?: (deps: { orm: Orm; logger: Logger }) => Promise<() => Promise<void>>;
  logger?: Logger;
}

export interface RunningSubgraph extends RunningService {
  orm: Orm;
  logger: Logger;
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
  try {
    stopBackground = await options.background?.({ orm, logger });
    const server = await startServiceServer<TContext>({
      name: options.name,
      logger,
      schema: options.schema,
      host: config.host,
      port: config.port,
      introspection: true,
      health: [{ name: "database", check: () => pingDatabase(orm) }, ...(options.health ?? [])],
      context: async (req) =>
        options.context({ em: orm.em.fork() as EntityManager, requestId: req.requestId, logger }, req),
      routes: options.routes ? (app) => options.routes!(app, { orm, logger }) : undefined,
      onClose: async () => {
        await stopBackground?.();
        await orm.close();
      },
    });
    return { ...server, orm, logger };
  } catch (err) {
    await stopBackground?.();
    await orm.close(true);
    throw err;
  }
}
