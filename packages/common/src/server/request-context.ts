import type { NextFunction, Request, Response } from "express";
import { requestIdFrom, runWithRequestContext } from "../logging/logger.js";

declare module "express-serve-static-core" {
  interface Request {
    requestId: string;
  }
}

/** Gives each request an id (the caller's `x-request-id` or a new one) for every log line and outgoing call. */
export function requestContextMiddleware() {
  return (req: Request, res: Response, next: NextFunction) => {
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    req.requestId = requestId;
    res.setHeader("x-request-id", requestId);
    runWithRequestContext({ requestId }, () => next());
  };
}
