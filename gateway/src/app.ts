import { ApolloGateway } from "@apollo/gateway";
import {
  createLogger,
  createServiceMetrics,
  createRemoteIdentityVerifier,
  serveGraphQLOverWebSocket,
  startServiceServer,
  type IdentityVerifier,
  type Logger,
  type RunningService,
} from "@homegraph/common";
import type { ExecutionArgs, ExecutionResult, GraphQLError } from "graphql";
import type { GatewayConfig } from "./config.js";
import type { GatewayContext } from "./context.js";
import { subgraphHealth } from "./health.js";
import { apiTokenBearer, createApiTokenExchanger } from "./rest/api-tokens.js";
import { createAuthClient } from "./rest/auth-client.js";
import { mountRest } from "./rest/index.js";
import { registerGatewayMetrics } from "./metrics.js";
import { RootFetchSplice, stringifyResult } from "./root-fetch-splice.js";
import { gatewayLaneGuard, mountSecurity, securityHeaders } from "./security.js";
import { SubgraphDataSource } from "./subgraph-data-source.js";
import { SubscriptionGateway, type GatewayWsContext } from "./subscriptions/subscription-gateway.js";
import { fileSupergraph } from "./supergraph.js";
import { loadManifest } from "./trusted-documents/manifest.js";
import { trustedDocumentsCheck, trustedDocumentsPlugin } from "./trusted-documents/plugin.js";
import { mountWebApp } from "./web-app.js";

export interface RunningGateway extends RunningService {
  logger: Logger;
  verifier: IdentityVerifier;
  subscriptions: SubscriptionGateway;
}

export interface GatewayOptions {
  /** Replaces the remote verifier against AUTH_URL (tests with keys of their own). */
  verifier?: IdentityVerifier;
}

export async function createApp(config: GatewayConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const logger = createLogger("gateway", config.logLevel);
  const verifier =
    options.verifier ??
    createRemoteIdentityVerifier({
      authUrl: config.identity.url,
      issuer: config.identity.issuer,
      audience: config.identity.audience,
      logger,
    });
  // Never fails: the gateway may come up before auth; keys and revocations then catch up.
  await verifier.start?.();
  const dataSources = new Map<string, SubgraphDataSource>();
  const breakers = () => Object.fromEntries([...dataSources].map(([name, source]) => [name, source.breakerState]));
  const metrics = createServiceMetrics({ logger });
  const { observeFetch, observeSplice } = registerGatewayMetrics(metrics, {
    breakers,
    // Read at scrape time, once `subscriptions` below exists.
    upstreams: () => subscriptions.upstreamCounts,
  });
  const trusted = trustedDocumentsCheck({
    ...config.trustedDocuments,
    // Off needs no manifest; log and enforce fail at start-up without one rather than allow all.
    manifest:
      config.trustedDocuments.mode === "off"
        ? { size: 0, has: () => true }
        : loadManifest(config.trustedDocuments.manifestPath),
    logger,
    metrics,
  });
  const refusal = (args: ExecutionArgs): ExecutionResult | undefined => {
    try {
      trusted.check(args.document, args.operationName, (args.contextValue as GatewayWsContext).identity);
      return undefined;
    } catch (err) {
      return { errors: [err as GraphQLError] };
    }
  };
  const gateway = new ApolloGateway({
    supergraphSdl: fileSupergraph(config.supergraphPath, config.watchSupergraph, logger),
    buildService: ({ name, url }) => {
      const target = config.subgraphs[name] ?? url;
      if (!target) throw new Error(`No URL configured for subgraph ${name}`);
      const source = new SubgraphDataSource(
        name,
        target,
        config.subgraphTimeoutMs,
        logger,
        config.breaker,
        observeFetch,
      );
      dataSources.set(name, source);
      return source;
    },
    logger,
  });
  // @apollo/gateway cannot run subscriptions; this plans and carries them on the same supergraph.
  const subscriptions = new SubscriptionGateway({ logger, subgraphUrls: config.subgraphs, dataSources });
  const splice = config.rootFetchSplice
    ? new RootFetchSplice({ logger, dataSources, observe: observeSplice })
    : undefined;
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    const before = subscriptions.planning;
    subscriptions.update(coreSupergraphSdl);
    // Planned on the same supergraph as the gateway's, or not at all (a reload that failed to plan).
    const after = subscriptions.planning;
    splice?.serve(after !== before ? after : undefined);
  });
  if (splice) {
    // Apollo Server runs every HTTP operation through the executor `load()` answers with.
    const load = gateway.load.bind(gateway);
    gateway.load = async (options) => {
      const loaded = await load(options);
      return { ...loaded, executor: splice.wrap(loaded.executor) };
    };
  }
  const health = async () => ({
    ...(await subgraphHealth(config.subgraphs, config.healthTimeoutMs)),
    breakers: breakers(),
  });
  const authClient = createAuthClient({ url: config.identity.url, timeoutMs: config.subgraphTimeoutMs, logger });
  // `Bearer hgp_…` (API tokens) becomes an access token before anything verifies or forwards it.
  const apiTokens = createApiTokenExchanger(authClient);
  const security = securityHeaders(config);
  try {
    const server = await startServiceServer<GatewayContext>({
      name: "gateway",
      logger,
      gateway,
      host: config.host,
      port: config.port,
      introspection: config.introspection,
      landingPage: config.landingPage,
      limits: config.limits,
      // Spliced answers are already text: sent as they are, everything else as JSON.
      stringifyResult,
      plugins: [trustedDocumentsPlugin<GatewayContext>(trusted)],
      middleware: (app) => {
        mountSecurity(app, security, config, logger);
        app.use(apiTokenBearer(apiTokens));
      },
      corsOrigins: config.corsOrigins,
      // POST /graphql without Express when this middleware would pass it unchanged (GRAPHQL_LANE).
      lane: config.graphqlLane ? { guard: gatewayLaneGuard(security, config) } : false,
      trustProxy: config.trustProxy,
      verifier,
      health,
      metrics: { metrics, token: config.metricsToken },
      routes: (app) => {
        mountRest(app, {
          auth: authClient,
          apiTokens,
          verifier,
          authUrl: config.identity.url,
          emailUrl: config.subgraphs.email,
          publicUrl: config.publicUrl,
          secureCookies: config.https.secureCookies,
          timeoutMs: config.subgraphTimeoutMs,
          health,
          backupDir: config.backupDir,
          logger,
        });
        mountWebApp(app, { dir: config.webDistDir, logger });
      },
      context: async (req) => ({
        requestId: req.requestId,
        authorization: req.headers.authorization,
        identity: req.identity,
        userAgent: req.headers["user-agent"],
        clientIp: req.ip,
      }),
      webSocket: (wss, validationRules) =>
        serveGraphQLOverWebSocket<GatewayWsContext>({
          wss,
          validationRules,
          production: config.nodeEnv === "production",
          verifier,
          logger,
          resolveAuthorization: (authorization, request) =>
            apiTokens.resolve(authorization, {
              "x-forwarded-for": request.socket.remoteAddress ?? "",
              "user-agent": String(request.headers["user-agent"] ?? ""),
            }),
          schema: () => subscriptions.schema,
          // The same trusted-documents check as over HTTP, before anything is planned or sent.
          subscribe: async (args) => refusal(args) ?? subscriptions.subscribe(args),
          execute: async (args) => refusal(args) ?? subscriptions.execute(args),
          context: (session, operation) => ({
            session,
            operation,
            requestId: session.requestId,
            authorization: session.authorization,
            identity: session.identity,
            userAgent: session.request.headers["user-agent"],
            clientIp: session.request.socket.remoteAddress,
          }),
        }),
      onClose: async () => {
        await verifier.stop?.();
      },
    });
    return { ...server, logger, verifier, subscriptions };
  } catch (err) {
    await verifier.stop?.();
    throw err;
  }
}
