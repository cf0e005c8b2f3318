// What reconciling with the hub had to correct: every difference between Homegraph's copy and the
// hub's own list is one correction of a kind, logged as it is made and added to the totals kept
// in hub_state, so drift that keeps coming back (a lossy network, a flaky device) shows.
import type { Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";

export const DRIFT_KINDS = ["attributeValue", "label", "room", "removed", "returned", "added"] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];
export type DriftCounts = Record<DriftKind, number>;

export interface DriftTotals extends DriftCounts {
  corrections: number;
  lastReconciledAt: Date | null;
}

export const noDrift = (): DriftCounts => ({
  attributeValue: 0,
  label: 0,
  room: 0,
  removed: 0,
  returned: 0,
  added: 0,
});

export const correctionsIn = (counts: Partial<DriftCounts>): number =>
  DRIFT_KINDS.reduce((sum, kind) => sum + (counts[kind] ?? 0), 0);

export function totalsOf(drift: Partial<DriftCounts> | null | undefined, at: Date | null | undefined): DriftTotals {
  const counts = { ...noDrift(), ...drift };
  return { ...counts, corrections: correctionsIn(counts), lastReconciledAt: at ?? null };
}

/** Counts corrections as a sync makes them, each one logged with what it changed. */
export class DriftLog {
  readonly counts = noDrift();

  /** `quiet`: a log that counts nothing into the totals and logs at debug (the very first sync). */
  constructor(
    private readonly logger: Logger,
    readonly quiet = false,
  ) {}

  correct(kind: DriftKind, detail: Record<string, unknown>): void {
    if (this.quiet) {
      this.logger.debug({ kind, ...detail }, "first sync: stored a device of the hub");
      return;
    }
    this.counts[kind]++;
    this.logger.info({ kind, ...detail }, "reconcile corrected a difference from the hub");
  }

  /**
   * Runs one write's corrections in `em`'s transaction and adds them to the stored totals in that
   * same transaction, so a reconcile cut short later (the hub rebooting mid-way) loses no count
   * of what it did write; they join this log's counts once `write` has committed.
   */
  async counted<T>(
    em: EntityManager,
    hub: string,
    write: (em: EntityManager, drift: DriftLog) => Promise<T>,
  ): Promise<T> {
    const own = new DriftLog(this.logger, this.quiet);
    const result = await em.transactional(async (tx) => {
      const written = await write(tx, own);
      if (correctionsIn(own.counts)) await addDrift(tx, hub, own.counts);
      return written;
    });
    for (const kind of DRIFT_KINDS) this.counts[kind] += own.counts[kind];
    return result;
  }
}

/** Adds corrections to the stored totals in one statement (replicas adding at once both count). */
async function addDrift(em: EntityManager, hub: string, counts: DriftCounts, at?: Date) {
  const sums = DRIFT_KINDS.map((kind) => `'${kind}', coalesce((drift->>'${kind}')::int, 0) + ?::int`);
  const rows: { drift: Partial<DriftCounts>; last_reconciled_at: Date | null }[] = await em.execute(
    `update home.hub_state set drift = jsonb_build_object(${sums.join(", ")})
       ${at ? ", last_reconciled_at = ?" : ""} where hub = ? returning drift, last_reconciled_at`,
    [...DRIFT_KINDS.map((kind) => counts[kind]), ...(at ? [at] : []), hub],
  );
  return rows[0];
}

/**
 * Marks a reconcile finished at `at`, adding `counts` (corrections not already stored with their
 * writes) to the totals; the totals as they now stand.
 */
export async function recordDrift(em: EntityManager, hub: string, counts: DriftCounts, at: Date): Promise<DriftTotals> {
  const row = await addDrift(em, hub, counts, at);
  return totalsOf(row?.drift, row?.last_reconciled_at ?? at);
}
