import type { ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";
import { AppError, DATABASE_UNAVAILABLE, ErrorCode, httpStatusFor, isDatabaseUnreachable } from "../errors/errors.js";

/**
 * JSON as Express's `res.json` sends it (status, `application/json; charset=utf-8` unless a type
 * is set, Content-Length), on any Node response: the GraphQL lane answers without Express.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  if (!res.hasHeader("content-type")) res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(text));
  res.end(res.req?.method === "HEAD" ? undefined : text);
}

/** The JSON body every REST error has: the same codes as GraphQL's `extensions.code`. */
export function sendError(
  res: ServerResponse,
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
  status = httpStatusFor(code),
): void {
  sendJson(res, status, { error: { code, message, ...extra } });
}

/** The same refusal in GraphQL's response shape, for `/graphql` (nothing of the operation ran). */
export function sendGraphQLError(
  res: ServerResponse,
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
  status = httpStatusFor(code),
): void {
  sendJson(res, status, { errors: [{ message, extensions: { code, ...extra } }] });
}

/**
 * Last express handler: body-parser failures and thrown AppErrors become JSON with a stable code;
 * anything else is logged and answered as INTERNAL without details.
 */
export function jsonErrorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    sendErrorFor(err, req.path.startsWith("/graphql"), res, logger);
  };
}

/** A body that is not JSON (body-parser's `entity.parse.failed`), in REST's or GraphQL's shape. */
export function sendNotJson(res: ServerResponse, graphql: boolean): void {
  (graphql ? sendGraphQLError : sendError)(res, ErrorCode.BAD_USER_INPUT, "The request body is not valid JSON.");
}

/**
 * The answer to an error no handler took: body-parser failures and thrown AppErrors become JSON
 * with a stable code; anything else is logged and answered as INTERNAL without details.
 */
export function sendErrorFor(err: unknown, graphql: boolean, res: ServerResponse, logger: Logger): void {
  const e = err as { type?: string; status?: number; limit?: number };
  const send = graphql ? sendGraphQLError : sendError;
  if (e.type === "entity.too.large") {
    const limit = e.limit ? ` (at most ${Math.floor(e.limit / 1024)} KB)` : "";
    return send(
      res,
      ErrorCode.BAD_USER_INPUT,
      `The request body is too large${limit}.`,
      { reason: "BODY_TOO_LARGE" },
      413,
    );
  }
  if (e.type === "entity.parse.failed") return sendNotJson(res, graphql);
  if (err instanceof AppError) {
    const { code: _c, ...extensions } = err.extensions as Record<string, unknown>;
    return sendError(res, err.code, err.message, extensions);
  }
  if (isDatabaseUnreachable(err)) {
    logger.warn({ err: (err as Error).message }, "database unreachable");
    return sendError(res, ErrorCode.UNAVAILABLE, DATABASE_UNAVAILABLE);
  }
  logger.error({ err }, "unhandled error in HTTP route");
  return sendError(res, ErrorCode.INTERNAL, "Something went wrong on our side. Please try again.");
}
