import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from "@apollo/server";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import cors from "cors";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import express, { type Express, type Request } from "express";
import { WebSocketServer } from "ws";
import { DEFAULT_GRAPHQL_LIMITS, graphqlArmor, requestLimits, type GraphQLLimits } from "./graphql-limits.js";
import { jsonErrorHandler } from "./http-errors.js";
import type { FormattedExecutionResult, GraphQLSchema, ValidationRule } from "graphql";
import type { Logger } from "pino";
import type { IdentityVerifier } from "../auth/identity.js";
import { identifyCaller, requireValidToken } from "../auth/middleware.js";
import { formatError } from "../errors/errors.js";
import { healthHandler, type HealthCheck, type HealthReport } from "../health/health.js";
import { graphqlMetricsPlugin } from "../metrics/graphql-metrics.js";
import { httpMetricsMiddleware, httpRequestTimer } from "../metrics/http-metrics.js";
import { metricsHandler, type ServiceMetrics } from "../metrics/metrics.js";
import { registerSubscriptionMetrics } from "../metrics/service-gauges.js";
import { requestContextMiddleware } from "./request-context.js";
import { graphqlLane, type LaneGuard } from "./graphql-lane.js";

export interface ServiceServerOptions<TContext extends BaseContext> {
  name: string;
  logger: Logger;
  /** A subgraph serves its own schema; the gateway serves a composed one instead. */
  schema?: GraphQLSchema;
  /** An @apollo/gateway instance (typed loosely: it peers on an older gateway interface). */
  gateway?: object;
  /** Dependencies to probe, or a report of the service's own making (the gateway's). */
  health: HealthCheck[] | (() => Promise<HealthReport>);
  /** Builds the GraphQL context of one request (a forked EntityManager, the caller, ...). */
  context: (req: Request) => Promise<TContext>;
  host: string;
  port: number;
  introspection?: boolean;
  /** Depth, alias, directive, cost, token, batch and body limits (defaults: DEFAULT_GRAPHQL_LIMITS). */
  limits?: GraphQLLimits;
  /** Apollo Sandbox at `/graphql` for browsers (development). */
  landingPage?: boolean;
  /** Origins allowed to call the API from a browser; none when unset. */
  corsOrigins?: string[];
  plugins?: ApolloServerPlugin<TContext>[];
  /** Checks each `/graphql` request's token before Apollo runs; `req.identity` holds the result. */
  verifier?: IdentityVerifier;
  /** Express `trust proxy`: which peers may tell the client's address in `x-forwarded-for`. */
  trustProxy?: boolean | number | string;
  /**
   * Served at `GET /metrics` (Prometheus text), behind `token` when one is given; every HTTP
   * request, GraphQL operation and open subscription is measured into it.
   */
  metrics?: { metrics: ServiceMetrics; token?: string };
  /** Mounted first, before CORS and every route: security headers, origin checks. */
  middleware?: (app: Express) => void;
  /** Extra routes (REST endpoints) mounted before `/graphql`. */
  routes?: (app: Express) => void;
  /**
   * graphql-ws on `/graphql` (same port as HTTP): given the socket server, starts serving it and
   * returns how to stop. Sockets are closed before HTTP drains, since open sockets hold the drain.
   */
  webSocket?: (
    wss: WebSocketServer,
    validationRules: readonly ValidationRule[],
  ) => { dispose: () => Promise<void>; readonly subscriptions?: number };
  /** Runs after the HTTP server has drained: close pools, stop workers. */
  onClose?: () => Promise<void>;
  /**
   * `POST /graphql` served without Express (graphql-lane.ts) when the service's own middleware
   * would let it through unchanged, as `guard` says; false: every request through Express. A
   * service with `middleware` and no `lane` goes through Express (the lane cannot know what its
   * middleware does); one without has the lane.
   */
  lane?: false | { guard?: LaneGuard };
  /** How a result becomes the response body (Apollo's default: JSON.stringify plus a newline). */
  stringifyResult?: (result: FormattedExecutionResult) => string;
}

export interface RunningService {
  name: string;
  url: string;
  port: number;
  httpServer: http.Server;
  close: () => Promise<void>;
}

/**
 * Every GraphQL answer is someone's own and never cached: `cache-control: no-store`, which is what
 * Apollo's cache-control plugin sent, since no Homegraph field carries a cache hint. That plugin is
 * off: it hooked every resolved field of every request (thousands on the dashboard) to work it out.
 */
function noStorePlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set("cache-control", "no-store");
        },
      };
    },
  };
}

/** Apollo serves a subgraph's own schema, or the gateway's composed one. */
function schemaSource(options: { name: string; schema?: GraphQLSchema; gateway?: object }) {
  if (options.gateway) return { gateway: options.gateway as never };
  if (options.schema) return { schema: options.schema };
  throw new Error(`${options.name}: a service serves either a schema or a gateway`);
}

/**
 * The HTTP shape every Homegraph service shares: request ids, JSON body limit, `/health`, `/metrics`, and a
 * GraphQL endpoint at `/graphql` whose errors go through `formatError`.
 */
export async function startServiceServer<TContext extends BaseContext>(
  options: ServiceServerOptions<TContext>,
): Promise<RunningService> {
  const { logger } = options;
  const app = express();
  app.disable("x-powered-by");
  // res.send would hash every JSON answer for an ETag no client revalidates (GraphQL and REST answers
  // are POSTs or no-store); static files keep their own (serve-static).
  app.set("etag", false);
  if (options.trustProxy !== undefined) app.set("trust proxy", options.trustProxy);
  let lane: ((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | undefined;
  const httpServer = http.createServer((req, res) => {
    if (!lane?.(req, res)) app(req, res);
  });
  httpServer.keepAliveTimeout = 65_000;

  const limits = options.limits ?? DEFAULT_GRAPHQL_LIMITS;
  const introspection = options.introspection ?? true;
  const armor = graphqlArmor(limits, !introspection);
  const apollo = new ApolloServer<TContext>({
    ...schemaSource(options),
    introspection,
    csrfPrevention: true,
    validationRules: armor.validationRules,
    allowBatchedHttpRequests: limits.maxBatch > 1,
    // exitOnSignals owns shutdown; Apollo's own handler would re-raise the signal mid-drain.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    ...(options.stringifyResult ? { stringifyResult: options.stringifyResult } : {}),
    formatError: (formatted, error) =>
      formatError(formatted, error, (internal) => logger.error({ err: internal }, "internal error")),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      options.landingPage
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      // Traces are only for Apollo's hosted usage reporting, which Homegraph never sends.
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin<TContext>(),
      ...(armor.plugins as ApolloServerPlugin<TContext>[]),
      ...(options.metrics ? [graphqlMetricsPlugin<TContext>(options.metrics.metrics, { service: options.name })] : []),
      ...(options.plugins ?? []),
    ],
    logger,
  });
  await apollo.start();

  const time = options.metrics ? httpRequestTimer(options.metrics.metrics, options.name) : undefined;
  if (time) app.use(httpMetricsMiddleware(time));
  app.use(requestContextMiddleware());
  options.middleware?.(app);
  const corsMiddleware = options.corsOrigins?.length
    ? cors({
        origin: options.corsOrigins,
        credentials: true,
        allowedHeaders: [
          "authorization",
          "content-type",
          "x-request-id",
          "apollo-require-preflight",
          "x-apollo-operation-name",
          "x-homegraph-client",
        ],
        exposedHeaders: ["x-request-id", "retry-after"],
        maxAge: 600,
      })
    : undefined;
  if (corsMiddleware) app.use(corsMiddleware);
  app.get("/health", healthHandler(options.name, options.health));
  if (options.metrics) app.get("/metrics", metricsHandler(options.metrics.metrics, options.metrics.token));
  app.use(express.json({ limit: `${limits.bodyLimitKb}kb` }));
  if (options.verifier && options.routes) {
    const identify = identifyCaller(options.verifier);
    app.use((req, res, next) => (req.path.startsWith("/graphql") ? next() : identify(req, res, next)));
  }
  options.routes?.(app);
  app.use("/graphql", requestLimits(limits));
  if (options.verifier) app.use("/graphql", requireValidToken(options.verifier));
  app.use("/graphql", expressMiddleware(apollo, { context: ({ req }) => options.context(req) }));
  app.use(jsonErrorHandler(logger));
  if (options.lane || (options.lane === undefined && !options.middleware)) {
    const taken = options.metrics?.metrics.counter({
      name: "homegraph_http_graphql_lane_total",
      help: "POST /graphql requests answered by the lane (without Express); the rest of /graphql went through Express.",
    });
    lane = graphqlLane({
      taken: taken && (() => taken.inc()),
      apollo,
      context: options.context,
      limits,
      logger,
      verifier: options.verifier,
      time,
      cors: corsMiddleware,
      guard: options.lane?.guard,
      trustProxy: app.get("trust proxy fn") as (address: string, hop: number) => boolean,
    });
  }
  const wss = options.webSocket
    ? new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: 1024 * 1024 })
    : undefined;
  const webSocket = wss && options.webSocket?.(wss, armor.validationRules);
  if (options.metrics && webSocket) {
    registerSubscriptionMetrics(options.metrics.metrics, options.name, () => webSocket.subscriptions ?? 0);
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${options.host === "0.0.0.0" ? "127.0.0.1" : options.host}:${port}`;
  logger.info({ url }, `${options.name} listening`);

  let closed: Promise<void> | undefined;
  return {
    name: options.name,
    url,
    port,
    httpServer,
    close: () =>
      (closed ??= (async () => {
        await webSocket?.dispose();
        await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
        await apollo.stop(); // stops accepting and drains in-flight requests
        await options.onClose?.();
      })()),
  };
}
