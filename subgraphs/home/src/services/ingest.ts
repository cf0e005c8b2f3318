// The real-time path: each event the hub posts or streams is deduplicated, cast by the
// attribute's stored dataType, stored in device_events, and applied to the device's attribute.
import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { DeviceEvent, DeviceEventSource } from "../entities/device-event.entity.js";
import { Device } from "../entities/device.entity.js";
import { HubState } from "../entities/hub-state.entity.js";
import { castValue, EventDeduper } from "../hubitat/normalize.js";
import type { HubEvent } from "../hubitat/types.js";
import { onDeviceChanged, onHubChanged, storeHubValue, type ChangeSink } from "./device-changes.js";
import { sameValue } from "./hub-sync.js";

/** Attributes whose every event is news (a button pushed twice), never a duplicate to drop. */
const MOMENTARY = new Set(["pushed", "held", "doubleTapped", "released"]);

export interface IngestorOptions {
  newEm: () => EntityManager;
  sink: ChangeSink;
  /** The hub restarted: its state must be read again. */
  onSystemStart: () => void;
  /** An event of a device Homegraph does not know yet: one was added on the hub. */
  onUnknownDevice: (hubDeviceId: string) => void;
  /** The user whose command through Homegraph this event most likely answers. */
  attributeTo: (hubDeviceId: string) => number | null;
}

export class EventIngestor {
  private readonly deduper = new EventDeduper();
  /** Events of one device are applied in arrival order; different devices go in parallel. */
  private readonly chains = new Map<string, Promise<unknown>>();
  private lastEventWrite = 0;
  private pendingEventAt?: Date;
  private trailing?: NodeJS.Timeout;

  constructor(private readonly options: IngestorOptions) {}

  /** Resolves once the event is stored (or dropped); never rejects, since the hub cannot act on an error. */
  ingest(event: HubEvent, source: DeviceEventSource.POST | DeviceEventSource.SOCKET): Promise<void> {
    if (!MOMENTARY.has(event.name) && this.deduper.isDuplicate(event)) return Promise.resolve();
    const key = event.deviceId ?? "location";
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => (event.deviceId ? this.applyDeviceEvent(event, source) : this.applyLocationEvent(event)))
      .catch((err: unknown) =>
        this.options.sink.logger.error(
          { err, deviceId: event.deviceId, name: event.name },
          "could not store a hub event",
        ),
      );
    this.chains.set(key, next);
    void next.finally(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
    return next;
  }

  /** Waits for every event accepted so far (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.chains.size) await Promise.all([...this.chains.values()]);
  }

  private async applyDeviceEvent(event: HubEvent, source: DeviceEventSource): Promise<void> {
    const hubDeviceId = event.deviceId!;
    const at = event.receivedAt;
    const change = await this.options.newEm().transactional(async (em) => {
      const device = await em.findOne(Device, { hubDeviceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!device) return null;
      const attributes = [...device.attributes];
      const index = attributes.findIndex((a) => a.name === event.name);
      const prev = index >= 0 ? attributes[index] : undefined;
      const dataType = prev?.dataType ?? null;
      const value = castValue(event.rawValue, dataType);
      const stateChanged = !prev || !sameValue(prev.value, value) || MOMENTARY.has(event.name);
      const next = {
        name: event.name,
        value,
        dataType,
        values: prev?.values ?? null,
        unit: event.unit ?? prev?.unit ?? null,
        updatedAt: stateChanged ? at : (prev?.updatedAt ?? at),
      };
      if (prev) attributes[index] = next;
      else attributes.push(next);
      device.attributes = attributes;
      device.lastEventAt = at;
      device.online = true;
      const row = em.create(DeviceEvent, {
        deviceId: device.id,
        hubDeviceId,
        name: event.name,
        value: event.rawValue,
        valueType: dataType,
        unit: event.unit,
        description: event.descriptionText,
        source,
        changedByUserId: this.options.attributeTo(hubDeviceId),
        createdAt: at,
      });
      await em.flush();
      return { device, events: [row], stateChanged };
    });
    if (!change) {
      this.options.onUnknownDevice(hubDeviceId);
      return;
    }
    await this.touchHub(at);
    onDeviceChanged(change, this.options.sink);
  }

  private async applyLocationEvent(event: HubEvent): Promise<void> {
    if (event.kind === "systemStart") {
      this.options.sink.logger.info("the hub restarted: resyncing");
      this.options.onSystemStart();
    }
    const em = this.options.newEm();
    const state = await em.findOne(HubState, { id: 1 });
    if (!state) return;
    state.lastEventAt = event.receivedAt;
    let what: "mode" | "hsm" | "variables" | undefined;
    if (event.kind === "mode" && event.rawValue) {
      const modes = state.modes.map((m) => ({ ...m, active: m.name === event.rawValue }));
      if (await storeHubValue(em, "mode", event.rawValue, { modes })) what = "mode";
      state.mode = event.rawValue;
      state.modes = modes;
    } else if (event.kind === "hsm" && event.rawValue) {
      if (await storeHubValue(em, "hsmStatus", event.rawValue)) what = "hsm";
      state.hsmStatus = event.rawValue;
    } else if (event.name.startsWith("variable:")) {
      // Hub variables report as location events named "variable:NAME".
      const name = event.name.slice("variable:".length);
      state.variables = state.variables.map((v) => (v.name === name ? { ...v, value: event.rawValue } : v));
      what = "variables";
    }
    await em.flush();
    this.lastEventWrite = Date.now();
    if (what) onHubChanged(state, what, this.options.sink);
  }

  /**
   * The hub's last-event time, written at most once a second: every event writing the one
   * hub_state row would make all devices' events queue behind its lock.
   */
  private async touchHub(at: Date): Promise<void> {
    this.pendingEventAt = at;
    if (Date.now() - this.lastEventWrite < 1000) {
      // The last event of a burst still gets written, a moment later.
      this.trailing ??= setTimeout(() => {
        this.trailing = undefined;
        if (this.pendingEventAt) void this.touchHub(this.pendingEventAt).catch(() => undefined);
      }, 1000);
      this.trailing.unref();
      return;
    }
    this.lastEventWrite = Date.now();
    this.pendingEventAt = undefined;
    await this.options.newEm().nativeUpdate(HubState, { id: 1 }, { lastEventAt: at });
  }

  stop(): void {
    clearTimeout(this.trailing);
    this.trailing = undefined;
  }
}
