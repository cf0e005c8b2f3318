import { ApolloGateway } from "@apollo/gateway";
import {
  createLogger,
  createRemoteIdentityVerifier,
  startServiceServer,
  type IdentityVerifier,
  type Logger,
  type RunningService,
} from "@homegraph/common";
import type { GatewayConfig } from "./config.js";
import type { GatewayContext } from "./context.js";
import { subgraphHealth } from "./health.js";
import { createAuthClient } from "./rest/auth-client.js";
import { mountRest } from "./rest/index.js";
import { SubgraphDataSource } from "./subgraph-data-source.js";
import { fileSupergraph } from "./supergraph.js";

export interface RunningGateway extends RunningService {
  logger: Logger;
  verifier: IdentityVerifier;
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
  const gateway = new ApolloGateway({
    supergraphSdl: fileSupergraph(config.supergraphPath, config.watchSupergraph, logger),
    buildService: ({ name, url }) => {
      const target = config.subgraphs[name] ?? url;
      if (!target) throw new Error(`No URL configured for subgraph ${name}`);
      return new SubgraphDataSource(name, target, config.subgraphTimeoutMs, logger);
    },
    logger,
  });
  const health = () => subgraphHealth(config.subgraphs, config.healthTimeoutMs);
  try {
    const server = await startServiceServer<GatewayContext>({
      name: "gateway",
      logger,
      gateway,
      host: config.host,
      port: config.port,
      introspection: config.introspection,
      landingPage: config.nodeEnv !== "production",
      corsOrigins: config.corsOrigins,
      trustProxy: config.trustProxy,
      verifier,
      health,
      routes: (app) =>
        mountRest(app, {
          auth: createAuthClient({ url: config.identity.url, timeoutMs: config.subgraphTimeoutMs, logger }),
          verifier,
          authUrl: config.identity.url,
          publicUrl: config.publicUrl,
          timeoutMs: config.subgraphTimeoutMs,
          health,
          logger,
        }),
      context: async (req) => ({
        requestId: req.requestId,
        authorization: req.headers.authorization,
        identity: req.identity,
        userAgent: req.headers["user-agent"],
        clientIp: req.ip,
      }),
      onClose: async () => {
        await verifier.stop?.();
      },
    });
    return { ...server, logger, verifier };
  } catch (err) {
    await verifier.stop?.();
    throw err;
  }
}
