import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { requestIdFrom, runWithRequestContext } from "../logging/logger.js";

declare module "express-serve-static-core" {
  interface Request {
    requestId: string;
  }
}

/** Gives each request an id (the caller's `x-request-id` or a new one) for every log line and outgoing call. */
export function requestContextMiddleware() {
  return (req: Request, res: Response, next: NextFunction) => withRequestId(req, res, next);
}

/** Gives the request its id (on the request and the answer) and runs `next` with it in the log context. */
export function withRequestId(
  req: IncomingMessage & { requestId?: string },
  res: ServerResponse,
  next: () => void,
): void {
  const requestId = requestIdFrom(req.headers["x-request-id"]);
  req.requestId = requestId;
  res.setHeader("x-request-id", requestId);
  runWithRequestContext({ requestId }, next);
}
