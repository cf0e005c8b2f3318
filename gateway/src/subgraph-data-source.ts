import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { UnavailableError, type Logger } from "@homegraph/common";
import type { GatewayContext } from "./context.js";

type Fetcher = RemoteGraphQLDataSource["fetcher"];
type ProcessResult = ReturnType<RemoteGraphQLDataSource["process"]>;

/**
 * Sends the gateway's fetches to one subgraph: the caller's token and request id go along
 * unchanged, each call is bounded by a timeout, and a subgraph that cannot be reached becomes
 * an UNAVAILABLE error on the fields it owns instead of failing the whole response.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraphName: string,
    url: string,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {
    super({ url: `${url.replace(/\/$/, "")}/graphql` });
    // Node's fetch keeps connections to each subgraph alive between requests.
    this.fetcher = ((input: string, init: RequestInit) =>
      fetch(input, { ...init, signal: AbortSignal.timeout(this.timeoutMs) })) as unknown as Fetcher;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Health checks and schema loading run with an empty context.
    const headers = request.http?.headers;
    if (!headers || !context) return;
    if (context.authorization) headers.set("authorization", context.authorization);
    if (context.requestId) headers.set("x-request-id", context.requestId);
    if (context.userAgent) headers.set("user-agent", context.userAgent);
    // The address the gateway saw (after TRUST_PROXY), replacing whatever the client claimed.
    if (context.clientIp) headers.set("x-forwarded-for", context.clientIp);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ProcessResult {
    const started = performance.now();
    try {
      return await super.process(options);
    } catch (err) {
      const reason = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      this.logger.warn(
        { subgraph: this.subgraphName, reason, durationMs: Math.round(performance.now() - started) },
        "subgraph unreachable",
      );
      throw new UnavailableError(
        `The ${this.subgraphName} service is unavailable right now. Please try again shortly.`,
      );
    }
  }
}
