import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { UnavailableError, type Logger } from "@homegraph/common";
import type { GatewayContext } from "./context.js";

type Fetcher = RemoteGraphQLDataSource["fetcher"];
type ProcessResult = ReturnType<RemoteGraphQLDataSource["process"]>;
type Response = Awaited<ProcessResult>;

/** A subgraph query on its way, and whether other callers wait for its answer too. */
interface Flight {
  response: ProcessResult;
  joined: number;
}

/** Subgraph operations that only read: planned fetches are `query …` (or a bare selection set). */
const READ_ONLY = /^\s*(query\b|\{)/;

/**
 * Sends the gateway's fetches to one subgraph: the caller's token and request id go along
 * unchanged, each call is bounded by a timeout, and a subgraph that cannot be reached becomes
 * an UNAVAILABLE error on the fields it owns instead of failing the whole response.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly inFlight = new Map<string, Flight>();

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

  /**
   * Identical queries in flight at once share one request: same subgraph, operation, variables,
   * token and client address, so everything that can change the answer is the same (mutations
   * never share). Each caller gets its own copy, since the executor merges into what it receives.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ProcessResult {
    const key = this.sharingKey(options);
    if (key === undefined) return this.send(options);
    const waiting = this.inFlight.get(key);
    if (waiting) {
      waiting.joined++;
      return copy(await waiting.response);
    }
    const flight: Flight = { response: this.send(options), joined: 0 };
    this.inFlight.set(key, flight);
    let response: Response;
    try {
      response = await flight.response;
    } finally {
      this.inFlight.delete(key);
    }
    // The others copy the same answer after this: it must stay as the subgraph sent it.
    return flight.joined ? copy(response) : response;
  }

  private sharingKey(options: GraphQLDataSourceProcessOptions<GatewayContext>): string | undefined {
    // Health checks and schema loading are never shared (the enum naming these is not exported).
    if ((options.kind as string) !== "incoming operation") return undefined;
    const { query, variables, operationName } = options.request;
    if (!query || !READ_ONLY.test(query)) return undefined;
    const { authorization, clientIp } = options.context ?? {};
    return JSON.stringify([authorization ?? "", clientIp ?? "", operationName ?? "", query, variables ?? {}]);
  }

  private async send(options: GraphQLDataSourceProcessOptions<GatewayContext>): ProcessResult {
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

function copy(response: Response): Response {
  return JSON.parse(JSON.stringify(response)) as Response;
}
