import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { currentTraceIds } from "../tracing/context.js";

export type { Logger } from "pino";

export interface RequestContext {
  requestId: string;
}

const requestContext = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `ctx` as the current request, so every log line inside carries its id. */
export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return requestContext.run(ctx, fn);
}

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Accepts the caller's `x-request-id` only when it looks like an id, so a client cannot smuggle
 * newlines or megabytes into every log line; otherwise a fresh one is made.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID_PATTERN.test(value) ? value : randomUUID();
}

/** Keys whose values never reach a log line. */
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "token",
  "*.token",
  "refreshToken",
  "*.refreshToken",
  "accessToken",
  "*.accessToken",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "cookie",
  "*.cookie",
];

export function createLogger(
  service: string,
  level: string,
  options: LoggerOptions = {},
  destination?: DestinationStream,
): Logger {
  const settings: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    // The request id, and with tracing on the active span's ids: a log line leads to its trace.
    mixin() {
      const requestId = currentRequestId();
      const ids = currentTraceIds();
      return { ...(requestId ? { requestId } : {}), ...ids };
    },
    ...options,
  };
  return destination ? pino(settings, destination) : pino(settings);
}
