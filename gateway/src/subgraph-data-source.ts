import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import {
  BrokenCircuitError,
  postText,
  ErrorCode,
  createBreaker,
  type Breaker,
  type BreakerState,
  type Logger,
} from "@homegraph/common";
import { GraphQLError, Kind, parse, type GraphQLFormattedError, type OperationDefinitionNode } from "graphql";
import type { GatewayContext } from "./context.js";
import type { FetchObserver, FetchOutcome } from "./metrics.js";
import { KEEP_TEXT, KEPT, keptAnswer, keptOf, type TextContext } from "./root-fetch-splice.js";

type ProcessResult = ReturnType<RemoteGraphQLDataSource["process"]>;
type Fetcher = RemoteGraphQLDataSource["fetcher"];
type FetcherRequestInit = Parameters<Fetcher>[1];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type Response = Awaited<ProcessResult>;

/** A subgraph query on its way, and whether other callers wait for its answer too. */
interface Flight {
  response: ProcessResult;
  joined: number;
}

/** Subgraph operations that only read: planned fetches are `query …` (or a bare selection set). */
const READ_ONLY = /^\s*(query\b|\{)/;

export interface BreakerSettings {
  threshold: number;
  halfOpenAfterMs: number;
}

const statusOf = (err: unknown) =>
  (err as { extensions?: { response?: { status?: unknown } } }).extensions?.response?.status;

/** A subgraph answering 4xx is refusing one request, not failing: only the rest trips the breaker. */
function subgraphFailed(err: unknown): boolean {
  const status = statusOf(err);
  return !(typeof status === "number" && status < 500);
}

/**
 * Sends the gateway's fetches to one subgraph: the caller's token and request id go along
 * unchanged, each call is bounded by a timeout, and a subgraph that cannot be reached becomes
 * an UNAVAILABLE error on the fields it owns instead of failing the whole response. A circuit
 * breaker per subgraph stops a dead one from costing every request its timeout.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly inFlight = new Map<string, Flight>();
  private readonly breaker: Breaker;
  /** The subgraph's /graphql, parsed once rather than per request. */
  private readonly target: URL;

  constructor(
    private readonly subgraphName: string,
    url: string,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
    breaker: BreakerSettings,
    /** Told how each fetch sent ended and how long it took (the gateway's metrics). */
    private readonly observe?: FetchObserver,
  ) {
    super({ url: `${url.replace(/\/$/, "")}/graphql` });
    this.breaker = createBreaker({ target: subgraphName, logger, isFailure: subgraphFailed, ...breaker });
    this.target = new URL(this.url!);
    this.fetcher = (input, init) =>
      fetchOverHttp(input === this.url ? this.target : new URL(input), init, this.timeoutMs);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Health checks and schema loading run with an empty context.
    const headers = request.http?.headers;
    if (!headers || !context) return;
    for (const [name, value] of Object.entries(forwardedHeaders(context))) headers.set(name, value);
  }

  /** `closed`, `open` (failing fast) or `half-open` (trying it again): in the gateway's /health. */
  get breakerState(): BreakerState {
    return this.breaker.state;
  }

  /**
   * Identical queries in flight at once share one request: same subgraph, operation, variables,
   * token and client address, so everything that can change the answer is the same (mutations
   * never share). Each caller gets its own copy, since the executor merges into what it receives;
   * an answer kept as text is never changed, and is shared as it is.
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
    const { authorization, clientIp, [KEEP_TEXT]: text } = (options.context ?? {}) as TextContext;
    // Text and parsed answers are not interchangeable: each kind shares with its own.
    const kind = text ? "text" : "";
    return JSON.stringify([kind, authorization ?? "", clientIp ?? "", operationName ?? "", query, variables ?? {}]);
  }

  private async send(options: GraphQLDataSourceProcessOptions<GatewayContext>): ProcessResult {
    const started = performance.now();
    const done = (outcome: FetchOutcome) =>
      this.observe?.(this.subgraphName, outcome, (performance.now() - started) / 1000);
    try {
      const text = (options.context as TextContext | undefined)?.[KEEP_TEXT];
      const response = await this.breaker.execute(() => (text ? this.postForText(options) : super.process(options)));
      done(response.errors?.length ? "error" : "ok");
      return response;
    } catch (err) {
      const status = statusOf(err);
      if (err instanceof BrokenCircuitError) done("breaker_open");
      else done(typeof status === "number" && status < 500 ? "refused" : "unavailable");
      if (!(err instanceof BrokenCircuitError)) {
        const reason = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
        this.logger.warn(
          { subgraph: this.subgraphName, reason, durationMs: Math.round(performance.now() - started) },
          "subgraph unreachable",
        );
      }
      return { errors: this.unavailable(options) };
    }
  }

  /**
   * The root-fetch splice's request (a context with KEEP_TEXT): what RemoteGraphQLDataSource.process
   * sends (the same body and headers) and how it fails (a status that is not 2xx, a body that is
   * not JSON), without the node-fetch Request and Headers it builds per call. An answer that is
   * exactly `{"data":{…}}` stays text, found by a scan instead of a parse (it has no `errors`, so
   * it is observed as `ok`, as a parsed one would be); any other is parsed as usual.
   */
  private async postForText(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<Response> {
    const { query, variables, operationName } = options.request;
    if (!query) throw new Error("Missing query");
    const answer = await postText(this.target, JSON.stringify({ query, variables, operationName }), {
      headers: { "content-type": "application/json", ...forwardedHeaders(options.context) },
      timeoutMs: this.timeoutMs,
    });
    if (answer.status < 200 || answer.status >= 300) {
      throw new GraphQLError(`${answer.status}: ${answer.statusText}`, {
        extensions: {
          code:
            answer.status === 401 ? "UNAUTHENTICATED" : answer.status === 403 ? "FORBIDDEN" : "INTERNAL_SERVER_ERROR",
          response: { url: this.url, status: answer.status, statusText: answer.statusText, body: answer.text },
        },
      });
    }
    const type = answer.headers["content-type"] ?? "";
    const json = type.startsWith("application/json") || type.startsWith("application/graphql-response+json");
    const kept = json ? keptAnswer(answer.text) : undefined;
    if (kept) return { [KEPT]: kept } as Response;
    const body = json ? (JSON.parse(answer.text) as unknown) : undefined;
    if (!body || typeof body !== "object") throw new Error(`Expected JSON response body, but received: ${answer.text}`);
    return body as Response;
  }

  /**
   * UNAVAILABLE on each field this fetch was for, so a client sees which parts of its answer are
   * missing (the gateway prefixes the path of an entity fetch itself; those carry none, one error
   * per entity would flood a list).
   */
  private unavailable(options: GraphQLDataSourceProcessOptions<GatewayContext>): GraphQLFormattedError[] {
    const message = `The ${this.subgraphName} service is unavailable right now. Please try again shortly.`;
    const extensions = { code: ErrorCode.UNAVAILABLE };
    let operation: OperationDefinitionNode | undefined;
    try {
      // The planner's fetch carries only the operation's text unless told to keep its document.
      const document = ("document" in options && options.document) || parse(options.request.query ?? "");
      operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    } catch {
      operation = undefined;
    }
    const keys = (operation?.selectionSet.selections ?? [])
      .filter((s) => s.kind === Kind.FIELD)
      .map((f) => (f.alias ?? f.name).value)
      .filter((key) => key !== "_entities" && !key.startsWith("__"));
    if (!keys.length) return [{ message, extensions }];
    return keys.map((key) => ({ message, path: [key], extensions }));
  }
}

/**
 * The one request a data source makes (a POST of JSON), as fetch answers it, over node:http with
 * kept-alive sockets: undici's fetch, with its WHATWG streams, headers and abort signal, was most of
 * what the gateway spent per subgraph call beside its own work.
 */
async function fetchOverHttp(target: URL, init: FetcherRequestInit | undefined, timeoutMs: number) {
  const url = target.href;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries((init?.headers ?? {}) as Record<string, string>)) headers[name] = value;
  const answer = await postText(target, init?.body ?? "", { headers, timeoutMs });
  const header = (name: string) => {
    const value = answer.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  };
  let used = false;
  const text = async () => {
    if (used) throw new TypeError("Body is unusable: Body has already been read");
    used = true;
    return answer.text;
  };
  const response = {
    url,
    redirected: false,
    status: answer.status,
    ok: answer.status >= 200 && answer.status < 300,
    statusText: answer.statusText,
    get bodyUsed() {
      return used;
    },
    headers: {
      get: header,
      has: (name: string) => header(name) !== null,
      *[Symbol.iterator]() {
        for (const name of Object.keys(answer.headers)) yield [name, header(name)!] as [string, string];
      },
      entries() {
        return this[Symbol.iterator]();
      },
      keys: () => Object.keys(answer.headers)[Symbol.iterator](),
      values: () =>
        Object.keys(answer.headers)
          .map((name) => header(name)!)
          [Symbol.iterator](),
    },
    text,
    json: async () => JSON.parse(await text()) as unknown,
    arrayBuffer: async () => new TextEncoder().encode(await text()).buffer,
    clone: () => response,
  };
  return response as unknown as FetcherResponse;
}

/** What the gateway passes on to a subgraph of the caller's request. */
function forwardedHeaders(context: Partial<GatewayContext> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!context) return headers;
  if (context.authorization) headers["authorization"] = context.authorization;
  if (context.requestId) headers["x-request-id"] = context.requestId;
  if (context.userAgent) headers["user-agent"] = context.userAgent;
  // The address the gateway saw (after TRUST_PROXY), replacing whatever the client claimed.
  if (context.clientIp) headers["x-forwarded-for"] = context.clientIp;
  return headers;
}

function copy(response: Response): Response {
  return keptOf(response) ? response : (JSON.parse(JSON.stringify(response)) as Response);
}
