import { createRequire } from "node:module";
import type { TracingConfig } from "./config.js";

export * from "./config.js";
export * from "./context.js";

export interface Tracing {
  /** Sends what is still batched and stops the SDK. */
  shutdown: () => Promise<void>;
}

let started: Tracing | undefined;

/**
 * Starts OpenTelemetry for this process when `config.endpoint` is set, before the modules it
 * instruments are used (a service's main.ts calls it before loading its app). Off, it loads
 * nothing and returns undefined. Idempotent: a process has one tracer provider, one service name.
 */
export function startTracing(config: TracingConfig): Tracing | undefined {
  if (!config.endpoint) return undefined;
  if (started) return started;
  // Required here, not imported above: a process without tracing never loads the SDK.
  const { startSdk } = createRequire(__filename)("./sdk.js") as typeof import("./sdk.js");
  started = startSdk({ ...config, endpoint: config.endpoint });
  return started;
}

/** `service` whose `close` also sends the spans still batched, then stops tracing. */
export function closingTracing<S extends { close: () => Promise<void> }>(service: S, tracing: Tracing | undefined): S {
  if (!tracing) return service;
  const close = service.close;
  return Object.assign(service, {
    close: async () => {
      try {
        await close();
      } finally {
        await tracing.shutdown().catch(() => undefined);
      }
    },
  });
}
