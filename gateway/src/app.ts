import { ApolloGateway } from "@apollo/gateway";
import { createLogger, startServiceServer, type Logger, type RunningService } from "@homegraph/common";
import type { GatewayConfig } from "./config.js";
import type { GatewayContext } from "./context.js";
import { subgraphHealth } from "./health.js";
import { SubgraphDataSource } from "./subgraph-data-source.js";
import { fileSupergraph } from "./supergraph.js";

export interface RunningGateway extends RunningService {
  logger: Logger;
}

export async function createApp(config: GatewayConfig): Promise<RunningGateway> {
  const logger = createLogger("gateway", config.logLevel);
  const gateway = new ApolloGateway({
    supergraphSdl: fileSupergraph(config.supergraphPath, config.watchSupergraph, logger),
    buildService: ({ name, url }) => {
      const target = config.subgraphs[name] ?? url;
      if (!target) throw new Error(`No URL configured for subgraph ${name}`);
      return new SubgraphDataSource(name, target, config.subgraphTimeoutMs, logger);
    },
    logger,
  });
  const server = await startServiceServer<GatewayContext>({
    name: "gateway",
    logger,
    gateway,
    host: config.host,
    port: config.port,
    introspection: config.introspection,
    landingPage: config.nodeEnv !== "production",
    corsOrigins: config.corsOrigins,
    health: () => subgraphHealth(config.subgraphs, config.healthTimeoutMs),
    context: async (req) => ({ requestId: req.requestId, authorization: req.headers.authorization }),
  });
  return { ...server, logger };
}
