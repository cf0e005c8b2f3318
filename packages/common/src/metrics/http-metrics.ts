// `homegraph_http_request_duration_seconds`: every HTTP request a service answers, labelled by the
// route pattern that answered it (`/graphql`, `/api/emails/:id`), never the raw URL, so ids and
// probes for random paths cannot grow the label set.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request, RequestHandler } from "express";
import type { ServiceMetrics } from "./metrics.js";

export const HTTP_REQUEST_DURATION = "homegraph_http_request_duration_seconds";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Where a handler names its route when express cannot (a RegExp path): `res.locals[METRICS_ROUTE]`. */
export const METRICS_ROUTE = "metricsRoute";

/** A route's path as a label: strings as written, a list joined, a RegExp only as `(regexp)`. */
function patternOf(path: unknown): string {
  if (typeof path === "string") return path;
  if (Array.isArray(path) && path.every((p) => typeof p === "string")) return path.join(",");
  return "(regexp)";
}

/**
 * The pattern that answered: a name the handler gave (`res.locals.metricsRoute`), the matched route
 * under its mount (`/api` + `/emails/:id`), the mount of a middleware that answered (`/graphql`,
 * `/assets`); `unmatched` for a 404 no route took, `other` for what middleware at the root answered
 * (the web app's pages and files).
 */
export function routeOf(req: Request, status: number, named?: unknown): string {
  if (typeof named === "string" && named) return named;
  const route = (req as { route?: { path?: unknown } }).route;
  if (route?.path !== undefined) return `${req.baseUrl ?? ""}${patternOf(route.path)}` || "/";
  if (req.baseUrl) return req.baseUrl;
  return status === 404 ? "unmatched" : "other";
}

/** Starts timing one request; `route` names its pattern once the status is known. */
export type HttpRequestTimer = (req: IncomingMessage, res: ServerResponse, route: (status: number) => string) => void;

/** The histogram's timer, for the express middleware below and the GraphQL lane (which has no express). */
export function httpRequestTimer(metrics: ServiceMetrics, service: string): HttpRequestTimer {
  const duration = metrics.histogram({
    name: HTTP_REQUEST_DURATION,
    help: "HTTP requests, from receipt to the end of the response, by method, route pattern and status.",
    labelNames: ["service", "method", "route", "status"],
  });
  return (req, res, route) => {
    const started = performance.now();
    res.once("close", () => {
      // A client that hung up before any answer: 499, as proxies log it.
      const status = res.headersSent ? res.statusCode : 499;
      duration.observe(
        {
          service,
          method: METHODS.has(req.method ?? "") ? req.method! : "other",
          route: route(status),
          status: String(status),
        },
        (performance.now() - started) / 1000,
      );
    });
  };
}

/** Times each request until its response is done (or its connection closed first). */
export function httpMetricsMiddleware(time: HttpRequestTimer): RequestHandler {
  return (req, res, next) => {
    time(req, res, (status) => routeOf(req, status, res.locals[METRICS_ROUTE]));
    next();
  };
}
