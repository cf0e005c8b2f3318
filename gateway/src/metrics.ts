// The gateway's own series on /metrics, beside the request, operation and subscription series
// every service has: each fetch to a subgraph, each subgraph's circuit breaker, and the upstream
// subscriptions that carry the clients' ones.
import type { BreakerState, ServiceMetrics } from "@homegraph/common";
import type { SpliceOutcome } from "./root-fetch-splice.js";

/**
 * How one fetch to a subgraph ended: `ok`, `error` (it answered with GraphQL errors), `refused`
 * (HTTP 4xx), `unavailable` (unreachable, timed out, 5xx) or `breaker_open` (not sent: failing fast).
 */
export type FetchOutcome = "ok" | "error" | "refused" | "unavailable" | "breaker_open";

/** What a data source reports of each fetch it sends. */
export type FetchObserver = (subgraph: string, outcome: FetchOutcome, seconds: number) => void;

/** 0 closed, 1 half-open (trying it again), 2 open (failing fast; isolated counts as open). */
export const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, "half-open": 1, open: 2, isolated: 2 };

export interface GatewayMetricsSources {
  /** Each subgraph's breaker state now. */
  breakers: () => Record<string, BreakerState>;
  /** Upstream subscriptions and connections open now. */
  upstreams: () => { subscriptions: number; connections: number };
}

/** Registers the gateway's series; returns what its data sources and the root-fetch splice report to. */
export function registerGatewayMetrics(
  metrics: ServiceMetrics,
  sources: GatewayMetricsSources,
): { observeFetch: FetchObserver; observeSplice: (outcome: SpliceOutcome) => void } {
  const fetches = metrics.histogram({
    name: "homegraph_subgraph_fetch_duration_seconds",
    help: "Fetches from the gateway to a subgraph (queries, mutations, entity fetches), by subgraph and outcome (ok, error, refused, unavailable, breaker_open).",
    labelNames: ["subgraph", "outcome"],
  });
  metrics.gauge({
    name: "homegraph_subgraph_breaker_state",
    help: "Each subgraph's circuit breaker: 0 closed, 1 half-open (trying it again), 2 open (failing fast).",
    labelNames: ["subgraph"],
    read: () =>
      Object.entries(sources.breakers()).map(([subgraph, state]) => ({
        labels: { subgraph },
        value: BREAKER_STATE_VALUE[state],
      })),
  });
  metrics.gauge({
    name: "homegraph_upstream_subscriptions_open",
    help: "Subscriptions the gateway holds open on subgraphs; clients with the same token and operation share one.",
    read: () => sources.upstreams().subscriptions,
  });
  metrics.gauge({
    name: "homegraph_upstream_connections_open",
    help: "WebSocket connections from the gateway to subgraphs (one per subgraph and token).",
    read: () => sources.upstreams().connections,
  });
  const splices = metrics.counter({
    name: "homegraph_gateway_root_splice_total",
    help: "HTTP operations by how the gateway answered them: spliced (root fetches' answers joined as text), replayed (eligible, but an answer had errors or was not plain data: the generic path on the answers received) or generic (not eligible).",
    labelNames: ["outcome"],
  });
  return {
    observeFetch: (subgraph, outcome, seconds) => fetches.observe({ subgraph, outcome }, seconds),
    observeSplice: (outcome) => splices.inc({ outcome }),
  };
}
