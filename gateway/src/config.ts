import path from "node:path";
import {
  backupEnvSchema,
  baseEnvSchema,
  graphqlLimitsEnvSchema,
  graphqlLimitsFrom,
  httpUrl,
  identityConfigFrom,
  identityEnvSchema,
  loadConfig,
  metricsEnvSchema,
  port,
  positiveInt,
  type Env,
  type GraphQLLimits,
  type IdentityConfig,
  tracingConfigFrom,
  tracingEnvSchema,
  type TracingConfig,
} from "@homegraph/common";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

export const envSchema = baseEnvSchema
  .extend(identityEnvSchema.shape)
  .extend(graphqlLimitsEnvSchema.shape)
  .extend(metricsEnvSchema.shape)
  .extend(tracingEnvSchema.shape)
  .extend({
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
    SUBGRAPH_BREAKER_THRESHOLD: positiveInt(5),
    SUBGRAPH_BREAKER_HALF_OPEN_MS: positiveInt(5_000),
    TRUST_PROXY: z.string().default("loopback"),
    WEB_DIST_DIR: z.string().optional(),
    TRUSTED_DOCUMENTS: z.enum(["off", "log", "enforce"], { error: "must be off, log or enforce" }).optional(),
    TRUSTED_DOCUMENTS_MANIFEST: z.string().optional(),
    TRUSTED_DOCUMENTS_ALLOW_ADMINS: bool.default(true),
    BACKUP_DIR: backupEnvSchema.shape.BACKUP_DIR,
    ROOT_FETCH_SPLICE: bool.default(true),
    GRAPHQL_LANE: bool.default(true),
    HSTS_MAX_AGE_SECONDS: z.coerce.number({ error: "must be a number" }).int().min(0).default(15_552_000),
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

/** The web app's persisted operations (codegen's client preset), beside its build in the image. */
const DEFAULT_TRUSTED_MANIFEST = path.resolve(__dirname, "../../web/src/gql/persisted-documents.json");

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
  /** Per subgraph: consecutive failures that open its breaker, and how long it then fails fast. */
  breaker: { threshold: number; halfOpenAfterMs: number };
  /** The auth service and what its tokens must say. */
  identity: IdentityConfig;
  /** What people open; an https URL makes the refresh cookie Secure. */
  publicUrl: string;
  trustProxy: boolean | number | string;
  limits: GraphQLLimits;
  /** Apollo Sandbox at /graphql for browsers: development and test only. */
  landingPage: boolean;
  /**
   * Production runs behind an HTTPS proxy: HSTS is sent and the refresh cookie is Secure (also
   * whenever PUBLIC_URL is https).
   */
  https: { hstsMaxAgeSeconds: number | null; secureCookies: boolean };
  /** The built web app served at `/`. */
  webDistDir: string;
  /**
   * Trusted documents: `off`, `log` (unknown operations logged and counted; production's default)
   * or `enforce` (refused with OPERATION_NOT_TRUSTED unless an allowed admin sends them).
   */
  trustedDocuments: { mode: "off" | "log" | "enforce"; manifestPath: string; allowAdmins: boolean };
  /** BACKUP_DIR, for the admin's view of the last backup. */
  backupDir: string;
  /** When set, `/metrics` answers only `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** OpenTelemetry: off unless OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  tracing?: TracingConfig;
  /**
   * Queries planned as root fetches only, each selecting what the client selected, are answered by
   * joining the subgraphs' answers as text (root-fetch-splice.ts); off: every query the generic way.
   */
  rootFetchSplice: boolean;
  /**
   * `POST /graphql` answered without Express's router and per-request decoration (common's
   * graphql-lane.ts), with the same checks, headers and answers; off: every request through Express.
   */
  graphqlLane: boolean;
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
    limits: graphqlLimitsFrom(e),
    landingPage: e.NODE_ENV !== "production",
    https: {
      hstsMaxAgeSeconds: e.NODE_ENV === "production" && e.HSTS_MAX_AGE_SECONDS > 0 ? e.HSTS_MAX_AGE_SECONDS : null,
      secureCookies: e.NODE_ENV === "production" || e.PUBLIC_URL.startsWith("https:"),
    },
    backupDir: path.resolve(e.BACKUP_DIR),
    supergraphPath: e.SUPERGRAPH_PATH ? path.resolve(e.SUPERGRAPH_PATH) : DEFAULT_SUPERGRAPH,
    watchSupergraph: e.SUPERGRAPH_WATCH ?? e.NODE_ENV === "development",
    corsOrigins: e.CORS_ORIGINS.split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    introspection: e.INTROSPECTION ?? e.NODE_ENV !== "production",
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    healthTimeoutMs: e.HEALTH_TIMEOUT_MS,
    breaker: { threshold: e.SUBGRAPH_BREAKER_THRESHOLD, halfOpenAfterMs: e.SUBGRAPH_BREAKER_HALF_OPEN_MS },
    webDistDir: e.WEB_DIST_DIR ? path.resolve(e.WEB_DIST_DIR) : DEFAULT_WEB_DIST,
    trustedDocuments: {
      mode: e.TRUSTED_DOCUMENTS ?? (e.NODE_ENV === "production" ? "log" : "off"),
      manifestPath: e.TRUSTED_DOCUMENTS_MANIFEST
        ? path.resolve(e.TRUSTED_DOCUMENTS_MANIFEST)
        : DEFAULT_TRUSTED_MANIFEST,
      allowAdmins: e.TRUSTED_DOCUMENTS_ALLOW_ADMINS,
    },
    metricsToken: e.METRICS_TOKEN,
    tracing: tracingConfigFrom(e, "homegraph-gateway"),
    rootFetchSplice: e.ROOT_FETCH_SPLICE,
    graphqlLane: e.GRAPHQL_LANE,
  };
}
