import type { ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { AppError, httpStatusFor } from "../errors/errors.js";
import { sendJson } from "../server/http-errors.js";
import type { Identity, IdentityVerifier } from "./identity.js";

declare module "express-serve-static-core" {
  interface Request {
    /** Set by `requireValidToken` from a verified access token; absent for anonymous callers. */
    identity?: Identity;
    /** Why a presented token was refused, for REST routes that need a caller (see identifyCaller). */
    identityError?: AppError;
  }
}

/**
 * Verifies the Authorization header before GraphQL runs: a caller with no token goes on as
 * anonymous (each field decides with `@Authorized`), a caller with a bad token is stopped here with
 * HTTP 401 in GraphQL's error shape, so nothing of the operation executes.
 */
export function requireValidToken(verifier: IdentityVerifier) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      req.identity = await verifier.verify(req.headers.authorization);
    } catch (err) {
      if (!(err instanceof AppError)) return next(err);
      refuseToken(res, err);
      return;
    }
    next();
  };
}

/** requireValidToken's answer to a refused token: its status, in GraphQL's error shape. */
export function refuseToken(res: ServerResponse, err: AppError): void {
  if (err.code === "UNAUTHENTICATED") res.setHeader("www-authenticate", 'Bearer error="invalid_token"');
  sendJson(res, httpStatusFor(err.code), { errors: [{ message: err.message, extensions: { code: err.code } }] });
}

/**
 * For a service's REST routes, which answer in their own shape: verifies a presented token and
 * keeps the identity, or the reason it was refused, on the request. A route that needs a caller
 * throws that reason; a route that needs none (an unsubscribe link, the JWKS) is unaffected.
 */
export function identifyCaller(verifier: IdentityVerifier) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      req.identity = await verifier.verify(req.headers.authorization);
    } catch (err) {
      if (!(err instanceof AppError)) return next(err);
      req.identityError = err;
    }
    next();
  };
}
