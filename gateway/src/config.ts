import path from "node:path";
import {
  baseEnvSchema,
  httpUrl,
  identityConfigFrom,
  identityEnvSchema,
  loadConfig,
  port,
  positiveInt,
  type Env,
  type IdentityConfig,
} from "@homegraph/common";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

export const envSchema = baseEnvSchema.extend(identityEnvSchema.shape).extend({
  PORT: port(6003),
  EMAIL_URL: httpUrl.default("http://127.0.0.1:6102"),
  HOME_URL: httpUrl.default("http://127.0.0.1:6103"),
  SUPERGRAPH_PATH: z.string().optional(),
  SUPERGRAPH_WATCH: bool.optional(),
  CORS_ORIGINS: z.string().default("http://localhost:5173,http://localhost:6003,https://studio.apollographql.com"),
  INTROSPECTION: bool.optional(),
  SUBGRAPH_TIMEOUT_MS: positiveInt(10_000),
  HEALTH_TIMEOUT_MS: positiveInt(2_000),
  PUBLIC_URL: httpUrl.default("http://localhost:6003"),
  TRUST_PROXY: z.string().default("loopback"),
  WEB_DIST_DIR: z.string().optional(),
});

/**
 * Express `trust proxy` from TRUST_PROXY: `false`/`none`, `true`, a hop count, or a list of
 * addresses, subnets and names (`loopback`, `uniquelocal`, `10.0.0.0/8`).
 */
export function parseTrustProxy(value: string): boolean | number | string {
  const v = value.trim().toLowerCase();
  if (v === "false" || v === "none") return false;
  if (v === "true") return true;
  if (/^\d+$/.test(v)) return Number(v);
  return value;
}

/** The web app's build, found from the compiled file like the supergraph. */
const DEFAULT_WEB_DIST = path.resolve(__dirname, "../../web/dist");

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
  /** The auth service and what its tokens must say. */
  identity: IdentityConfig;
  /** What people open; an https URL makes the refresh cookie Secure. */
  publicUrl: string;
  trustProxy: boolean | number | string;
  /** The built web app served at `/`. */
  webDistDir: string;
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
    identity: identityConfigFrom(e),
    publicUrl: e.PUBLIC_URL.replace(/\/+$/, ""),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    supergraphPath: e.SUPERGRAPH_PATH ? path.resolve(e.SUPERGRAPH_PATH) : DEFAULT_SUPERGRAPH,
    watchSupergraph: e.SUPERGRAPH_WATCH ?? e.NODE_ENV === "development",
    corsOrigins: e.CORS_ORIGINS.split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    introspection: e.INTROSPECTION ?? e.NODE_ENV !== "production",
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    healthTimeoutMs: e.HEALTH_TIMEOUT_MS,
    webDistDir: e.WEB_DIST_DIR ? path.resolve(e.WEB_DIST_DIR) : DEFAULT_WEB_DIST,
  };
}
