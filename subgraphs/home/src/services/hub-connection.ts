// Whether the hub is there, and what to do about it: the first sync once the service listens,
// a resync when the hub reboots, returns or falls silent, a periodic check while it answers and
// quicker ones while it does not. Exists only when a hub is configured.
import type { Logger } from "@homegraph/common";
import { raw, type EntityManager } from "@mikro-orm/postgresql";
import type { HomeConfig } from "../config.js";
import { Device } from "../entities/device.entity.js";
import { HubState } from "../entities/hub-state.entity.js";
import type { HubitatConfig } from "../hubitat/config.js";
import { HubError } from "../hubitat/errors.js";
import type { MakerApiClient } from "../hubitat/maker-api.client.js";
import type { HubEvent } from "../hubitat/types.js";
import { onDeviceChanged, onHubChanged, type ChangeSink } from "./device-changes.js";
import { syncHub } from "./hub-sync.js";
import { Reconciliation, type ReconcileReport } from "./reconcile.service.js";
import { openTransport, type EventTransport } from "./hub-transport.js";

export const NOT_CONFIGURED =
  "No Hubitat hub is configured: set HUBITAT_HUB_IP, HUBITAT_APP_ID and HUBITAT_ACCESS_TOKEN (see .env.example).";

/** Failures that mean the hub is not there, as opposed to the hub refusing one request. */
function hubIsAway(err: unknown): err is HubError {
  return (
    err instanceof HubError &&
    ["HUB_UNREACHABLE", "HUB_TIMEOUT", "HUB_ERROR", "HUB_UNAUTHORIZED", "HUB_BAD_RESPONSE"].includes(err.failure)
  );
}

/** Stores whether the hub is connected and why not; the row as stored, or null when the database failed. */
export async function saveConnectionState(
  em: EntityManager,
  hub: string,
  patch: Partial<Pick<HubState, "connected" | "lastError">>,
  logger: Logger,
): Promise<HubState | null> {
  try {
    // The first moment away is kept while the hub stays away: the hub-down alert counts from it.
    const since = patch.connected === false ? { disconnectedSince: raw("coalesce(disconnected_since, now())") } : {};
    await em.nativeUpdate(HubState, { hub }, { ...patch, ...since });
    return await em.findOne(HubState, { hub });
  } catch (err) {
    logger.error({ err }, "could not store the hub's state");
    return null;
  }
}

export interface HubConnectionOptions {
  hub: HubitatConfig;
  client: MakerApiClient;
  timing: HomeConfig["hub"];
  /** The secret of the event URL (post transport). */
  secret: string;
  newEm: () => EntityManager;
  sink: ChangeSink;
}

export class HubConnection {
  readonly reconciliation: Reconciliation;
  private connectedNow = false;
  private stopped = false;
  /** Set by `start`: nothing is asked of the hub before the service listens. */
  private transport?: EventTransport;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private syncAgain = false;
  private lastHeardAt = Date.now();
  private awayAttempts = 0;
  private readonly logger: Logger;

  constructor(private readonly options: HubConnectionOptions) {
    this.logger = options.sink.logger;
    this.reconciliation = new Reconciliation(options.timing.reconcileIntervalMs, options.sink, options.hub.name);
  }

  /** Whether the hub answered the last time Homegraph asked. */
  get connected(): boolean {
    return this.connectedNow;
  }

  /** The hub's name (`main`, or one of HUBITAT_HUBS). */
  get name(): string {
    return this.options.hub.name;
  }

  /** Whether a resync is running now. */
  get syncing(): boolean {
    return this.running !== undefined;
  }

  /** An event arrived: the hub is there, and not silent (nor is the device, when it is a device's). */
  heard(hubDeviceId?: string | null): void {
    this.lastHeardAt = Date.now();
    if (hubDeviceId) this.reconciliation.gaps.heard(hubDeviceId, this.lastHeardAt);
  }

  /**
   * A full reconcile now, joining one under way; the report of the last one to finish, or
   * undefined when the hub could not be read.
   */
  async reconcile(reason: string): Promise<ReconcileReport | undefined> {
    const before = this.reconciliation.last;
    await this.resync(reason);
    const after = this.reconciliation.last;
    return after !== before ? after : undefined;
  }

  /**
   * Opens the event transport and starts resyncing and checking. Never waits for the hub: a hub
   * that is away must not keep the service from serving its stored state.
   */
  async start(serviceUrl: string, onSocketEvent: (event: HubEvent) => void): Promise<void> {
    await saveConnectionState(
      this.options.newEm(),
      this.name,
      { connected: false, lastError: "Connecting to the hub." },
      this.logger,
    );
    if (this.stopped) return;
    this.transport = openTransport({
      hub: this.options.hub,
      client: this.options.client,
      serviceUrl,
      secret: this.options.secret,
      logger: this.logger,
      onEvent: onSocketEvent,
      onReconnect: () => void this.resync("eventsocket reconnected"),
    });
    void this.resync("start");
    this.schedule(this.options.timing.probeIntervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.transport?.stop();
    await this.running?.catch(() => undefined);
  }

  /** Reads every device and the hub's state again; concurrent calls share one run (plus one more if asked meanwhile). */
  resync(reason: string, options: { again?: boolean } = {}): Promise<void> {
    const transport = this.transport;
    if (!transport || this.stopped) return Promise.resolve();
    if (this.running) {
      // A reason that arose during the run (a reboot, a new device) needs a run that starts after it.
      if (options.again !== false) this.syncAgain = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.syncAgain = false;
        await this.syncOnce(transport, reason);
      } while (this.syncAgain && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Calls the hub; a failure that means the hub is away marks it so (and its message is the client's). */
  async call<T>(fn: (client: MakerApiClient) => Promise<T>): Promise<T> {
    try {
      const result = await fn(this.options.client);
      if (!this.connectedNow) void this.resync("hub answered", { again: false });
      return result;
    } catch (err) {
      if (hubIsAway(err)) await this.markAway(err);
      throw err;
    }
  }

  private async syncOnce(transport: EventTransport, reason: string): Promise<void> {
    const started = Date.now();
    try {
      await transport.beforeSync();
      const result = await syncHub(this.options.client, this.options.newEm, this.logger, this.name);
      const report = this.reconciliation.synced(result, reason, started);
      this.lastHeardAt = Date.now();
      const wasAway = !this.connectedNow;
      this.connectedNow = true;
      this.awayAttempts = 0;
      this.logger.info(
        {
          reason,
          devices: result.devices,
          detailed: result.detailed,
          changed: result.changes.length,
          corrections: report.corrections.total,
          ms: report.ms,
        },
        "hub synced",
      );
      for (const change of result.changes) onDeviceChanged(change, this.options.sink);
      if (wasAway) {
        onHubChanged(result.state, "connection", this.options.sink);
        await this.publishAll(new Set(result.changes.map((c) => c.device.id)));
      }
    } catch (err) {
      if (!(err instanceof HubError)) {
        this.logger.error({ err, reason }, "hub sync failed");
        return;
      }
      await this.markAway(err);
    }
  }

  private async markAway(err: HubError): Promise<void> {
    const was = this.connectedNow;
    this.connectedNow = false;
    if (was) this.logger.warn({ reason: err.failure }, "the hub is not answering: serving stored state, marked stale");
    const state = await saveConnectionState(
      this.options.newEm(),
      this.name,
      { connected: false, lastError: err.message },
      this.logger,
    );
    if (was && state) {
      onHubChanged(state, "connection", this.options.sink);
      await this.publishAll();
    }
    // Come back to it soon rather than after a whole probe interval.
    this.schedule(0);
  }

  /** Every device of this hub has its `stale` flip with the hub's connection: subscribers hear it from each. */
  private async publishAll(except: Set<number> = new Set()): Promise<void> {
    try {
      for (const device of await this.options.newEm().find(Device, { hub: this.name })) {
        if (!except.has(device.id)) onDeviceChanged({ device, events: [], stateChanged: true }, this.options.sink);
      }
    } catch (err) {
      this.logger.error({ err }, "could not publish the devices' new staleness");
    }
  }

  /** Next check: the probe interval while the hub answers; growing pauses (0.5 s up to the interval) while it does not. */
  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const interval = this.options.timing.probeIntervalMs;
    const wait = this.connectedNow
      ? delayMs || interval
      : Math.min(interval, 500 * 2 ** Math.min(this.awayAttempts++, 10));
    this.timer = setTimeout(() => void this.check(), wait);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    try {
      if (!this.connectedNow) {
        await this.resync("hub back?", { again: false });
      } else if (this.reconciliation.due()) {
        await this.resync("reconcile");
      } else if (Date.now() - this.lastHeardAt > this.options.timing.resyncSilenceMs) {
        this.logger.info({ silentMs: Date.now() - this.lastHeardAt }, "no event from the hub for a while: resyncing");
        await this.resync("silence");
      } else {
        await this.options.client.getModes();
        await this.reconciliation.refreshSilent((fn) => this.call(fn), this.options.newEm);
      }
    } catch (err) {
      if (err instanceof HubError) await this.markAway(err);
      else this.logger.error({ err }, "hub check failed");
    } finally {
      if (!this.stopped) this.schedule(this.connectedNow ? this.options.timing.probeIntervalMs : 0);
    }
  }
}
