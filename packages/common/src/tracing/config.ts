import { z } from "zod";
import { httpUrl } from "../config/config.js";

/**
 * OpenTelemetry's own variable names, so any collector's documentation applies: traces go by
 * OTLP/HTTP to `OTEL_EXPORTER_OTLP_ENDPOINT` (the collector's base URL; `/v1/traces` is added),
 * and nowhere when it is unset (no SDK is even loaded then).
 */
export const tracingEnvSchema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_SERVICE_NAME: z.string().min(1).max(100).optional(),
});

export interface TracingConfig {
  /** Base URL of an OTLP/HTTP receiver; tracing is off when unset. */
  endpoint?: string;
  /** The `service.name` every span of this process carries. */
  serviceName: string;
}

/** `defaultServiceName` names the process when OTEL_SERVICE_NAME does not (`homegraph-email` …). */
export function tracingConfigFrom(env: z.infer<typeof tracingEnvSchema>, defaultServiceName: string): TracingConfig {
  return {
    endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, ""),
    serviceName: env.OTEL_SERVICE_NAME ?? defaultServiceName,
  };
}
