import path from "node:path";
import { baseEnvSchema, httpUrl, loadConfig, port, positiveInt, type Env } from "@homegraph/common";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

export const envSchema = baseEnvSchema.extend({
  PORT: port(6003),
  AUTH_URL: httpUrl.default("http://127.0.0.1:6101"),
  EMAIL_URL: httpUrl.default("http://127.0.0.1:6102"),
  HOME_URL: httpUrl.default("http://127.0.0.1:6103"),
  SUPERGRAPH_PATH: z.string().optional(),
  SUPERGRAPH_WATCH: bool.optional(),
  CORS_ORIGINS: z.string().default("http://localhost:5173,http://localhost:6003,https://studio.apollographql.com"),
  INTROSPECTION: bool.optional(),
  SUBGRAPH_TIMEOUT_MS: positiveInt(10_000),
  HEALTH_TIMEOUT_MS: positiveInt(2_000),
});

/** The checked-in supergraph, found from the compiled file so any working directory will do. */
const DEFAULT_SUPERGRAPH = path.resolve(__dirname, "../../schema/supergraph.graphql");

export interface GatewayConfig {
  nodeEnv: "development" | "production" | "test";
  logLevel: string;
  host: string;
  port: number;
  /** Subgraph name (as in the supergraph) to its base URL: this is the service discovery. */
  subgraphs: Record<string, string>;
  supergraphPath: string;
  watchSupergraph: boolean;
  corsOrigins: string[];
  introspection: boolean;
  subgraphTimeoutMs: number;
  healthTimeoutMs: number;
}

export function configFromEnv(env: Env = process.env): GatewayConfig {
  const e = loadConfig(envSchema, env);
  // @apollo/gateway otherwise tries to send usage metrics to Apollo; a household's graph stays home.
  process.env.APOLLO_TELEMETRY_DISABLED = "1";
  return {
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    host: e.HOST,
    port: e.PORT,
    subgraphs: { auth: e.AUTH_URL, email: e.EMAIL_URL, home: e.HOME_URL },
    supergraphPath: e.SUPERGRAPH_PATH ? path.resolve(e.SUPERGRAPH_PATH) : DEFAULT_SUPERGRAPH,
    watchSupergraph: e.SUPERGRAPH_WATCH ?? e.NODE_ENV === "development",
    corsOrigins: e.CORS_ORIGINS.split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    introspection: e.INTROSPECTION ?? e.NODE_ENV !== "production",
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    healthTimeoutMs: e.HEALTH_TIMEOUT_MS,
  };
}
