// The hub's series on /metrics. Drift and the last reconcile are the household's, read from
// hub_state when Prometheus scrapes: every replica reconciles into the same row, so each reports
// the same totals (aggregate with max, not sum) and a restarted replica does not start from zero.
// Whether the hub answers and the command queue are this process's own.
import type { Orm, ServiceMetrics } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { DRIFT_KINDS, totalsOf, type DriftCounts } from "./drift.js";
import type { HubLink } from "./hub-link.js";

interface StoredReconcile {
  drift: Partial<DriftCounts> | null;
  last_reconciled_at: Date | null;
}

export function registerHubMetrics(metrics: ServiceMetrics, orm: Orm, link: HubLink): void {
  // The two stored series share one read per scrape.
  let reading: { at: number; row: Promise<StoredReconcile | undefined> } | undefined;
  const stored = () => {
    const now = Date.now();
    if (!reading || now - reading.at > 1000) {
      const em = orm.em.fork() as EntityManager;
      const row = em
        .getConnection()
        .execute<StoredReconcile[]>(`select drift, last_reconciled_at from home.hub_state where id = 1`)
        .then((rows) => rows[0]);
      reading = { at: now, row };
    }
    return reading.row;
  };

  metrics.storedCounter({
    name: "homegraph_hub_drift_corrections_total",
    help: "Differences from the hub that reconciling corrected, by kind (the household's totals, the same on every replica).",
    labelNames: ["kind"],
    read: async () => {
      const totals = totalsOf((await stored())?.drift, null);
      return DRIFT_KINDS.map((kind) => ({ labels: { kind }, value: totals[kind] }));
    },
  });
  metrics.gauge({
    name: "homegraph_hub_last_reconcile_timestamp_seconds",
    help: "When any replica last finished a full comparison with the hub (Unix time); 0 before the first.",
    read: async () => {
      const at = (await stored())?.last_reconciled_at;
      return at ? new Date(at).getTime() / 1000 : 0;
    },
  });
  metrics.gauge({
    name: "homegraph_hub_connected",
    help: "1 when the hub answered this process's last call, 0 when it is away or not configured.",
    read: () => (link.connected ? 1 : 0),
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
