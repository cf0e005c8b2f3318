import { AppError, ErrorCode, sendError } from "@homegraph/common";
import type { NextFunction, Request, Response } from "express";
import type { z } from "zod";
import { BadUserInputError } from "@homegraph/common";

/**
 * Wraps a REST handler: AppErrors become `{ error: { code, message } }` with the code's HTTP
 * status, and RATE_LIMITED carries Retry-After so well-behaved clients back off by themselves.
 */
export function rest(handler: (req: Request, res: Response) => Promise<void>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await handler(req, res);
    } catch (err) {
      if (!(err instanceof AppError)) return next(err);
      const extensions = err.extensions as Record<string, unknown>;
      const extra: Record<string, unknown> = {};
      if (err.code === ErrorCode.RATE_LIMITED && typeof extensions.retryAfterSeconds === "number") {
        const seconds = Math.max(1, Math.ceil(extensions.retryAfterSeconds));
        res.setHeader("retry-after", String(seconds));
        extra.retryAfterSeconds = seconds;
      }
      if (typeof extensions.field === "string") extra.field = extensions.field;
      if (err.code === ErrorCode.SECOND_FACTOR_REQUIRED) {
        // What the client needs to finish the sign-in at /auth/login/second-factor.
        for (const key of ["challenge", "challengeExpiresAt", "methods"]) extra[key] = extensions[key];
      }
      // A guest pass's start or end, for the app to show.
      if (err.code === ErrorCode.PASS_NOT_YET) extra.validFrom = extensions.validFrom;
      if (err.code === ErrorCode.PASS_ENDED) extra.endedAt = extensions.endedAt;
      if (err.code === ErrorCode.UNAUTHENTICATED) res.setHeader("www-authenticate", "Bearer");
      sendError(res, err.code, err.message, extra);
    }
  };
}

/** Parses a request body or query with `schema`, naming the first field that is wrong. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join(".");
  throw new BadUserInputError(issue.message, field || undefined);
}
