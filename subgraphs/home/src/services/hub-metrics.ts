// The hub's series on /metrics. Drift and the last reconcile are the household's, read from
// hub_state when Prometheus scrapes: every replica reconciles into the same row, so each reports
// the same totals (aggregate with max, not sum) and a restarted replica does not start from zero.
// Whether the hub answers and the command queue are this process's own.
import type { Orm, ServiceMetrics } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { DRIFT_KINDS, totalsOf, type DriftCounts } from "./drift.js";
import type { HubLink } from "./hub-link.js";

interface StoredReconcile {
  hub: string;
  drift: Partial<DriftCounts> | null;
  last_reconciled_at: Date | null;
}

export function registerHubMetrics(metrics: ServiceMetrics, orm: Orm, link: HubLink): void {
  const received = metrics.counter({
    name: "homegraph_hub_events_total",
    help: "Events this process received from each hub (posted or over the eventsocket), duplicates included.",
    labelNames: ["hub"],
  });
  const lag = metrics.histogram({
    name: "homegraph_hub_event_lag_seconds",
    help: "From an event's receipt (the hub's events carry no time of their own) to its being stored and published to subscribers.",
    labelNames: ["hub"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  for (const hub of link.names) received.inc({ hub }, 0);
  link.observeEvents({
    received: (hub) => received.inc({ hub }),
    stored: (hub, receivedAt) => lag.observe({ hub }, Math.max(0, Date.now() - receivedAt.getTime()) / 1000),
  });

  // The two stored series share one read per scrape; one row per hub.
  let reading: { at: number; rows: Promise<StoredReconcile[]> } | undefined;
  const stored = () => {
    const now = Date.now();
    if (!reading || now - reading.at > 1000) {
      const em = orm.em.fork() as EntityManager;
      const rows = em
        .getConnection()
        .execute<StoredReconcile[]>(`select hub, drift, last_reconciled_at from home.hub_state order by hub`);
      reading = { at: now, rows };
    }
    return reading.rows;
  };

  metrics.storedCounter({
    name: "homegraph_hub_drift_corrections_total",
    help: "Differences from the hub that reconciling corrected, by kind (the household's totals, the same on every replica).",
    labelNames: ["hub", "kind"],
    read: async () =>
      (await stored()).flatMap((row) => {
        const totals = totalsOf(row.drift, null);
        return DRIFT_KINDS.map((kind) => ({ labels: { hub: row.hub, kind }, value: totals[kind] }));
      }),
  });
  metrics.gauge({
    name: "homegraph_hub_last_reconcile_timestamp_seconds",
    help: "When any replica last finished a full comparison with the hub (Unix time); 0 before the first.",
    labelNames: ["hub"],
    read: async () =>
      (await stored()).map((row) => ({
        labels: { hub: row.hub },
        value: row.last_reconciled_at ? new Date(row.last_reconciled_at).getTime() / 1000 : 0,
      })),
  });
  metrics.gauge({
    name: "homegraph_hub_connected",
    help: "1 when the hub answered this process's last call, 0 when it is away or not configured.",
    labelNames: ["hub"],
    read: () => link.names.map((hub) => ({ labels: { hub }, value: link.hub(hub).connection?.connected ? 1 : 0 })),
  });
  metrics.gauge({
    name: "homegraph_hub_commands_pending",
    help: "Commands in this process's hub queue: waiting for their turn or with the hub now.",
    read: () => {
      const { queued, sending } = link.commandQueueStats();
      return queued + sending;
    },
  });
}
