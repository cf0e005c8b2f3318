import { z } from "zod";
import { backupConfigFrom, backupEnvSchema, type BackupConfig } from "../backup/config.js";
import { baseEnvSchema, databaseConfigFrom, databaseEnvSchema, httpUrl, port, type DatabaseConfig } from "./config.js";
import { pubSubEnvSchema } from "../pubsub/pubsub.js";
import { tracingConfigFrom, tracingEnvSchema, type TracingConfig } from "../tracing/config.js";
import { graphqlLimitsEnvSchema, graphqlLimitsFrom, type GraphQLLimits } from "../server/graphql-limits.js";

/** `/metrics` is for the internal network; a token keeps it to the scraper where that is not enough. */
export const metricsEnvSchema = z.object({
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
});

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
    .extend(metricsEnvSchema.shape)
    .extend(backupEnvSchema.shape)
    .extend(tracingEnvSchema.shape)
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
  /** When set, `/metrics` answers only `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** BACKUP_*: the backup taken before this service migrates its schema. */
  backup?: BackupConfig;
  /** OpenTelemetry: off unless OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  tracing?: TracingConfig;
}

/** `name` is the subgraph's (`auth`, `email`, `home`): its default OTEL_SERVICE_NAME is `homegraph-<name>`. */
export function subgraphConfigFrom(env: z.infer<ReturnType<typeof subgraphEnvSchema>>, name: string): SubgraphConfig {
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
    metricsToken: env.METRICS_TOKEN,
    backup: backupConfigFrom(env),
    tracing: tracingConfigFrom(env, `homegraph-${name}`),
  };
}
