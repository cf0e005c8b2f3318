// Gauges more than one service reads at scrape time: the database pool and open subscriptions.
import type { ServiceMetrics } from "./metrics.js";

export interface PoolReading {
  max: number;
  used: number;
  free: number;
  pending: number;
}

/** `homegraph_db_pool_connections{state=used|free|pending}` and the pool's size. */
export function registerPoolMetrics(metrics: ServiceMetrics, service: string, read: () => PoolReading): void {
  metrics.gauge({
    name: "homegraph_db_pool_connections",
    help: "The service's PostgreSQL pool: connections in use, idle, and requests waiting for one (pending).",
    labelNames: ["service", "state"],
    read: () => {
      const pool = read();
      return (["used", "free", "pending"] as const).map((state) => ({
        labels: { service, state },
        value: pool[state],
      }));
    },
  });
  metrics.gauge({
    name: "homegraph_db_pool_max_connections",
    help: "The most connections the service's PostgreSQL pool opens.",
    labelNames: ["service"],
    read: () => [{ labels: { service }, value: read().max }],
  });
}

/** `homegraph_subscriptions_open`: GraphQL subscriptions clients hold open on this process's sockets. */
export function registerSubscriptionMetrics(metrics: ServiceMetrics, service: string, open: () => number): void {
  metrics.gauge({
    name: "homegraph_subscriptions_open",
    help: "GraphQL subscriptions open on this process's WebSocket connections.",
    labelNames: ["service"],
    read: () => [{ labels: { service }, value: open() }],
  });
}
