import { markSpan, SpanKind, traceCarrier } from "../tracing/context.js";

/**
 * The key under which a published payload carries its trace across Redis. Payloads are the
 * services' own objects, read field by field, so a replica that does not know the key ignores it.
 */
export const TRACE_KEY = "__trace";

interface Envelope {
  traceparent?: string;
  tracestate?: string;
  channel?: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What a publish sends over Redis: inside a trace (a device command, a hub's POST) it records a
 * PRODUCER span and puts that span's W3C context into the payload under TRACE_KEY; outside one
 * (the hub's eventsocket, background sync) the payload goes as it is, and no span is made.
 */
export function withTraceContext(channel: string, detail: unknown): unknown {
  if (!isPlainObject(detail) || TRACE_KEY in detail || !traceCarrier().traceparent) return detail;
  const carrier = markSpan(`publish ${channel}`, {
    kind: SpanKind.PRODUCER,
    attributes: { "messaging.system": "redis", "messaging.destination.name": channel },
  });
  return { ...detail, [TRACE_KEY]: { ...carrier, channel } satisfies Envelope };
}

/**
 * The Redis event target's serializer: parsing a message (once per replica, before it fans out
 * to that replica's subscribers) records a CONSUMER span under the publish's, and hands the
 * subscribers the payload without TRACE_KEY. What the subscribers' sockets then send is not
 * traced: one message feeds every subscription, each resumed in its own connection's context.
 */
export const tracingSerializer = {
  stringify: (detail: unknown): string => JSON.stringify(detail),
  parse(text: string): unknown {
    const detail = JSON.parse(text) as unknown;
    if (!isPlainObject(detail) || !isPlainObject(detail[TRACE_KEY])) return detail;
    const { [TRACE_KEY]: envelope, ...payload } = detail as Record<string, unknown> & { [TRACE_KEY]: Envelope };
    if (typeof envelope.traceparent === "string") {
      markSpan(`receive ${envelope.channel ?? "event"}`, {
        kind: SpanKind.CONSUMER,
        parent: envelope as Record<string, unknown>,
        attributes: {
          "messaging.system": "redis",
          ...(envelope.channel ? { "messaging.destination.name": envelope.channel } : {}),
        },
      });
    }
    return payload;
  },
};
