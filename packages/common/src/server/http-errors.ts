import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";
import { AppError, DATABASE_UNAVAILABLE, ErrorCode, httpStatusFor, isDatabaseUnreachable } from "../errors/errors.js";

/** The JSON body every REST error has: the same codes as GraphQL's `extensions.code`. */
export function sendError(
  res: Response,
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
  status = httpStatusFor(code),
): void {
  res.status(status).json({ error: { code, message, ...extra } });
}

/** The same refusal in GraphQL's response shape, for `/graphql` (nothing of the operation ran). */
export function sendGraphQLError(
  res: Response,
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
  status = httpStatusFor(code),
): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
}

/**
 * Last express handler: body-parser failures and thrown AppErrors become JSON with a stable code;
 * anything else is logged and answered as INTERNAL without details.
 */
export function jsonErrorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const e = err as { type?: string; status?: number; limit?: number };
    const send = req.path.startsWith("/graphql") ? sendGraphQLError : sendError;
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
    if (e.type === "entity.parse.failed") {
      return send(res, ErrorCode.BAD_USER_INPUT, "The request body is not valid JSON.");
    }
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
  };
}
