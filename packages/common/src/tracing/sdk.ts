import { IncomingMessage } from "node:http";
import { createRequire } from "node:module";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { ExpressInstrumentation, ExpressLayerType } from "@opentelemetry/instrumentation-express";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import type { TracingConfig } from "./config.js";

/** Probes and scrapes would be most of the traces and say nothing. */
const QUIET_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/** SQL with every string literal, and every number not part of a name, as `?`. */
export function withoutLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, "?").replace(/(?<![\w$."])\d+(\.\d+)?\b/g, "?");
}

/**
 * A URL or query string with every query value replaced: links carry one-time tokens
 * (unsubscribe, verification) and the Maker API its access token.
 */
export function redactQuery(url: string): string {
  const at = url.indexOf("?");
  if (at < 0) return url;
  const query = url
    .slice(at + 1)
    .split("&")
    .map((pair) => (pair.includes("=") ? `${pair.slice(0, pair.indexOf("="))}=REDACTED` : pair))
    .join("&");
  return `${url.slice(0, at)}?${query}`;
}

/**
 * A URL with what its path carries in secret blanked too: a lock code in the Maker API's
 * `setCode/{position},{code},{name}` and the event secret in its `postURL/{url}`.
 */
export function redactUrlForTrace(url: string): string {
  return redactQuery(url).replace(/(\/(?:setCode|postURL)\/)[^?#]*/gi, "$1REDACTED");
}

/**
 * The process's tracer provider (loaded only when tracing is on): spans batched to OTLP/HTTP,
 * W3C trace context in and out, and the instrumentations that reach what Homegraph talks to:
 * incoming and outgoing HTTP (`http`: the servers, graphql-ws upgrades), Node's fetch (`undici`:
 * the gateway's subgraph calls, service-to-service calls, the Maker API), Express routes and
 * PostgreSQL (`pg`: MikroORM's queries and the mail queue's).
 */
export function startSdk(config: TracingConfig & { endpoint: string }): { shutdown: () => Promise<void> } {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": config.serviceName, "service.namespace": "homegraph" }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${config.endpoint}/v1/traces` }), {
        scheduledDelayMillis: 1000,
      }),
    ],
  });
  // Global provider, AsyncLocalStorage context and the W3C propagator (traceparent, baggage).
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? ""),
        requestHook: (span, request) => {
          if (!(request instanceof IncomingMessage) || !request.url) return;
          const url = redactUrlForTrace(request.url);
          span.setAttribute("url.path", url.split("?")[0]!);
          if (url.includes("?")) span.setAttribute("url.query", url.slice(url.indexOf("?") + 1));
        },
        redactedQueryParams: ["access_token", "token"],
        // Background polling (the mail queue, hub sync) would start a trace per tick.
        requireParentforOutgoingSpans: true,
      }),
      new UndiciInstrumentation({
        requireParentforSpans: true,
        requestHook: (span, request) => {
          const path = redactUrlForTrace(request.path);
          span.setAttribute("url.full", `${request.origin}${path}`);
          span.setAttribute("url.path", path.split("?")[0]!);
          if (request.path.includes("?")) span.setAttribute("url.query", path.slice(path.indexOf("?") + 1));
        },
      }),
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new PgInstrumentation({
        requireParentSpan: true,
        // MikroORM writes values into its SQL: a trace keeps the statement's shape, never its
        // literals (addresses, hashes, tokens).
        requestHook: (span, info) => {
          const text = info.query.text;
          if (text) span.setAttribute("db.query.text", withoutLiterals(text));
        },
      }),
    ],
  });
  // An instrumentation patches a module when it is next required. The service's own modules load
  // after this, but @homegraph/common (which started it) has loaded these already: require them
  // once more so that they are patched before the app uses them.
  const load = createRequire(__filename);
  for (const name of ["http", "https", "pg", "express"]) load(name);
  return {
    shutdown: async () => {
      unregister();
      await provider.shutdown();
    },
  };
}
