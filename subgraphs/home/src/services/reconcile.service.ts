// When Homegraph compares itself with the hub, and what it found: every resync is a reconcile
// (start, reconnect, reboot, silence), and one runs at least every HUB_RECONCILE_INTERVAL_SECONDS
// while the hub answers; between them, a device that fell silent is read again on its own
// (event-gaps.ts). The last report and the totals are what `hub.drift`, `reconcileHub` and
// /health show.
import type { Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { HubError } from "../hubitat/errors.js";
import type { MakerApiClient } from "../hubitat/maker-api.client.js";
import { onDeviceChanged, type ChangeSink } from "./device-changes.js";
import { correctionsIn, type DriftCounts, type DriftTotals } from "./drift.js";
import { EventGaps } from "./event-gaps.js";
import { refreshDevice, type SyncResult } from "./hub-sync.js";

export interface ReconcileReport {
  reason: string;
  at: Date;
  devicesChecked: number;
  corrections: DriftCounts & { total: number };
  ms: number;
}

export class Reconciliation {
  readonly gaps = new EventGaps();
  private lastSyncedAt = 0;
  private report?: ReconcileReport;
  private totals?: DriftTotals;

  constructor(
    private readonly intervalMs: number,
    private readonly sink: ChangeSink,
    /** The hub compared: its devices only. */
    private readonly hub: string,
  ) {}

  /** The last completed reconcile, if any ran in this process. */
  get last(): ReconcileReport | undefined {
    return this.report;
  }

  /** Whether a full reconcile is due: the interval has passed since the last one that succeeded. */
  due(now = Date.now()): boolean {
    return now - this.lastSyncedAt >= this.intervalMs;
  }

  /** Notes a finished sync and logs what it corrected. */
  synced(result: SyncResult, reason: string, startedAt: number): ReconcileReport {
    this.lastSyncedAt = Date.now();
    this.totals = result.drift;
    const total = correctionsIn(result.corrections);
    this.report = {
      reason,
      at: new Date(),
      devicesChecked: result.devices,
      corrections: { ...result.corrections, total },
      ms: this.lastSyncedAt - startedAt,
    };
    if (total) this.sink.logger.warn({ reason, ...result.corrections, total }, "reconcile found drift from the hub");
    return this.report;
  }

  /**
   * Reads each device that fell silent again and corrects it; `call` runs it against the hub
   * (marking the hub away if it is).
   */
  async refreshSilent(
    call: <T>(fn: (client: MakerApiClient) => Promise<T>) => Promise<T>,
    newEm: () => EntityManager,
  ): Promise<void> {
    const logger: Logger = this.sink.logger;
    for (const hubDeviceId of this.gaps.silent()) {
      logger.info({ hubDeviceId }, "a device that usually reports has been silent: reading it again");
      try {
        const { change, drift } = await call((client) => refreshDevice(client, newEm, logger, this.hub, hubDeviceId));
        this.totals = drift;
        if (change) onDeviceChanged(change, this.sink);
      } catch (err) {
        // The hub is away (and `call` marked it so): the rest wait for its return's resync.
        if (err instanceof HubError && err.failure !== "HUB_NOT_FOUND") return;
        // Gone from the hub, most likely: the next full reconcile marks it removed.
        logger.info({ hubDeviceId, err: (err as Error).message }, "could not read a silent device again");
      }
    }
  }

  /** For /health: this process's view of the stored totals and the last reconcile. */
  healthDetail(): Record<string, unknown> {
    return {
      drift: this.totals ?? null,
      lastReconcile: this.report ?? null,
    };
  }
}
