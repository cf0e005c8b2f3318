import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";

// Only @opentelemetry/api here: without a started SDK every call below is a no-op costing a
// function call, so the code paths that carry trace context need no "is tracing on?" checks.

const TRACER = "homegraph";

/** W3C trace context (`traceparent`, maybe `tracestate`) of the active span; empty when none. */
export function traceCarrier(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** The ids a log line carries: those of the active span, when tracing is on and one is active. */
export function currentTraceIds(): { traceId: string; spanId: string } | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return trace.isSpanContextValid(span.spanContext()) ? { traceId, spanId } : undefined;
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /**
   * Continue the trace whose W3C context this carrier holds (a queued job's, a subscription's)
   * instead of the active one.
   */
  parent?: Record<string, unknown> | undefined;
}

function carrierOf(value: Record<string, unknown>): Record<string, string> {
  const carrier: Record<string, string> = {};
  for (const key of ["traceparent", "tracestate"]) {
    if (typeof value[key] === "string") carrier[key] = value[key];
  }
  return carrier;
}

function parentContext(options: SpanOptions) {
  return options.parent ? propagation.extract(context.active(), carrierOf(options.parent)) : context.active();
}

/**
 * Records a moment (a subscription starting) as a span ended at once, and returns its W3C
 * context for what it starts elsewhere (empty when tracing is off).
 */
export function markSpan(name: string, options: SpanOptions = {}): Record<string, string> {
  const parent = parentContext(options);
  const span = trace
    .getTracer(TRACER)
    .startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent);
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), carrier);
  span.end();
  return carrier;
}

/**
 * Runs `fn` inside a new span (child of `options.parent`'s trace when given, else of the active
 * span), ending it when `fn` settles; a throw marks the span as an error and is rethrown.
 */
export async function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  const parent = parentContext(options);
  const tracer = trace.getTracer(TRACER);
  return tracer.startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    parent,
    async (span) => {
      try {
        return await fn(span);
      } catch (err) {
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

export { SpanKind };
