import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import type { Request, RequestHandler } from "express";
import proxyAddr from "proxy-addr";
import type { Logger } from "pino";
import { AppError } from "../errors/errors.js";
import type { IdentityVerifier } from "../auth/identity.js";
import { refuseToken } from "../auth/middleware.js";
import type { HttpRequestTimer } from "../metrics/http-metrics.js";
import { refusedByLimits, type GraphQLLimits } from "./graphql-limits.js";
import { sendErrorFor, sendNotJson } from "./http-errors.js";
import { withRequestId } from "./request-context.js";

/** What a service adds to the lane: its own checks and headers, as its Express middleware does. */
export interface LaneGuard {
  /** False hands the request to Express untouched (whatever the service's middleware would refuse or rewrite). */
  accepts: (req: IncomingMessage) => boolean;
  /** The headers the service's middleware sets on every answer (security headers). */
  headers?: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface GraphQLLaneOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  context: (req: Request) => Promise<TContext>;
  limits: GraphQLLimits;
  logger: Logger;
  verifier?: IdentityVerifier;
  time?: HttpRequestTimer;
  cors?: RequestHandler;
  guard?: LaneGuard;
  /** Told of each request the lane takes (a metric: which way requests go). */
  taken?: () => void;
  /** Express's compiled `trust proxy`, for the client's address (`req.ip`). */
  trustProxy: (address: string, hop: number) => boolean;
}

// body-parser's json() takes these as JSON in utf-8; any other type or charset is Express's to answer.
const JSON_TYPES = new Set(["application/json", "application/json; charset=utf-8"]);

/**
 * `POST /graphql` without Express: the same steps the service's Express chain runs for it
 * (metrics, request id, the service's headers, CORS, the JSON body, request limits, the token,
 * Apollo), in the same order and with the same answers, minus Express's router and per-request
 * decoration, which cost the gateway more CPU per dashboard than its own work did.
 *
 * Answers true when it took the request. Anything it does not take whole is decided before a byte
 * of the body is read and goes to Express as it came: other methods and paths, other content
 * types or encodings, a body with no length or over the limit, and whatever the guard declines.
 */
export function graphqlLane<TContext extends BaseContext>(
  options: GraphQLLaneOptions<TContext>,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const limitBytes = options.limits.bodyLimitKb * 1024;
  return (req, res) => {
    if (req.method !== "POST" || req.url !== "/graphql") return false;
    const type = req.headers["content-type"];
    if (!type || !JSON_TYPES.has(type.toLowerCase())) return false;
    if (req.headers["content-encoding"] !== undefined) return false;
    const length = Number(req.headers["content-length"]);
    if (!(Number.isInteger(length) && length > 0 && length <= limitBytes)) return false;
    if (options.guard && !options.guard.accepts(req)) return false;
    options.taken?.();
    serve(options, req, res, length);
    return true;
  };
}

type LaneRequest = IncomingMessage & { requestId: string; identity?: unknown; ip?: string; body?: unknown };

function serve<TContext extends BaseContext>(
  options: GraphQLLaneOptions<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  length: number,
): void {
  const lane = req as LaneRequest;
  options.time?.(req, res, () => "/graphql");
  withRequestId(lane, res, () => {
    options.guard?.headers?.(req, res);
    const body = readBody(req, length);
    const corsDone = options.cors
      ? new Promise<void>((resolve) => options.cors!(req as Request, res as never, () => resolve()))
      : undefined;
    (corsDone ? corsDone.then(() => body) : body)
      .then((text) => answer(options, lane, res, text))
      .catch((err: unknown) => {
        if (res.headersSent) {
          res.destroy(err as Error);
          return;
        }
        sendErrorFor(err, true, res, options.logger);
      });
  });
}

/** The body as text, or undefined when the client went away before sending it all. */
function readBody(req: IncomingMessage, length: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length)).toString("utf8")));
    req.on("error", () => resolve(undefined));
    req.on("aborted", () => resolve(undefined));
  });
}

async function answer<TContext extends BaseContext>(
  options: GraphQLLaneOptions<TContext>,
  req: LaneRequest,
  res: ServerResponse,
  text: string | undefined,
): Promise<void> {
  if (text === undefined) return; // gone: the metrics count it as the close it was
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  // body-parser's strict mode: only an object or an array is a JSON body.
  if (body === null || typeof body !== "object") return sendNotJson(res, true);
  req.body = body;
  if (refusedByLimits(body, options.limits, res)) return;
  if (options.verifier) {
    try {
      req.identity = await options.verifier.verify(req.headers.authorization);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return refuseToken(res, err);
    }
  }
  req.ip = proxyAddr(req, options.trustProxy);
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  const response = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: "POST", headers, search: "", body },
    context: () => options.context(req as unknown as Request),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === "complete") {
    res.setHeader("content-length", Buffer.byteLength(response.body.string));
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
