// Which devices have gone quiet. A device that reports regularly (a climate sensor every few
// minutes, a meter every few seconds) and then says nothing for several of its usual intervals may
// have lost an event on the way (a dropped POST) or stopped reporting: its `/devices/{id}` is read
// again. Learnt from the events this process hears, so nothing is known right after a start, when
// the start's own resync covers the gap.

/** Reports closer together than this are one report (a dimmer's level and switch). */
const SAME_REPORT_MS = 1_000;

export interface EventGapOptions {
  /** Reports seen before a device counts as one that usually reports. */
  minReports?: number;
  /** Silent for this many usual intervals: refresh it. */
  factor?: number;
  /** Never sooner than this after its last report, however chatty the device. */
  minSilenceMs?: number;
}

interface Cadence {
  lastAt: number;
  /** The usual interval between reports, a moving average. */
  intervalMs: number | null;
  reports: number;
  /** The report after which the device was last refreshed: once per silence. */
  refreshedAfter?: number;
}

export class EventGaps {
  private readonly seen = new Map<string, Cadence>();
  private readonly minReports: number;
  private readonly factor: number;
  private readonly minSilenceMs: number;

  constructor(options: EventGapOptions = {}) {
    this.minReports = options.minReports ?? 5;
    this.factor = options.factor ?? 3;
    this.minSilenceMs = options.minSilenceMs ?? 60_000;
  }

  heard(hubDeviceId: string, at = Date.now()): void {
    const cadence = this.seen.get(hubDeviceId);
    if (!cadence) {
      this.seen.set(hubDeviceId, { lastAt: at, intervalMs: null, reports: 1 });
      return;
    }
    const gap = at - cadence.lastAt;
    if (gap < SAME_REPORT_MS) return;
    cadence.intervalMs = cadence.intervalMs === null ? gap : cadence.intervalMs * 0.8 + gap * 0.2;
    cadence.reports++;
    cadence.lastAt = at;
  }

  /** Devices silent well past their usual interval and not yet refreshed for this silence. */
  silent(now = Date.now()): string[] {
    const found: string[] = [];
    for (const [hubDeviceId, cadence] of this.seen) {
      if (cadence.reports < this.minReports || cadence.intervalMs === null) continue;
      if (cadence.refreshedAfter === cadence.lastAt) continue;
      if (now - cadence.lastAt > Math.max(this.factor * cadence.intervalMs, this.minSilenceMs)) {
        cadence.refreshedAfter = cadence.lastAt;
        found.push(hubDeviceId);
      }
    }
    return found;
  }

  /** A device Homegraph forgot, or the hub removed, is no longer watched. */
  forget(hubDeviceId: string): void {
    this.seen.delete(hubDeviceId);
  }
}
