// The real-time path: each event the hub posts or streams is deduplicated, cast by the
// attribute's stored dataType, stored in device_events, and applied to the device's attribute.
// Device events are written in groups: while one group's transaction runs, the next gathers, so
// a burst costs one transaction (one multi-row insert, one update per device) per group instead
// of one per event, and a lone event is written at once.
import { asEntityRows, columnsAs, preparedTransaction, recordsetOf, type Recordset } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { DeviceEvent, DeviceEventSource } from "../entities/device-event.entity.js";
import { Device } from "../entities/device.entity.js";
import { HubState } from "../entities/hub-state.entity.js";
import { LockCode, LockCodeState } from "../entities/lock-code.entity.js";
import { castValue } from "../hubitat/normalize.js";
import { EventDeduper } from "../hubitat/normalize-events.js";
import type { HubEvent } from "../hubitat/types.js";
import {
  onDeviceChanged,
  onHubChanged,
  storeHubValue,
  type ChangeSink,
  type DeviceChange,
  type HubChange,
} from "./device-changes.js";
import { storeHsmAlert, storeHsmStatus } from "./hsm.js";
import { sameValue } from "./device-merge.js";

/** Attributes whose every event is news (a button pushed twice), never a duplicate to drop. */
const MOMENTARY = new Set(["pushed", "held", "doubleTapped", "released"]);
/** The most events one transaction writes; a longer queue is written by the next ones. */
const MAX_GROUP = 500;

interface QueuedEvent {
  event: HubEvent;
  source: DeviceEventSource;
  stored: () => void;
}

export interface IngestorOptions {
  /** The hub whose events these are: only its devices and its state are touched. */
  hub: string;
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
  /** Location events are applied in arrival order. */
  private readonly chains = new Map<string, Promise<unknown>>();
  /** Device events waiting for the next group write, in arrival order. */
  private queue: QueuedEvent[] = [];
  private writing?: Promise<void>;
  private lastEventWrite = 0;
  private pendingEventAt?: Date;
  private trailing?: NodeJS.Timeout;
  /** The events' columns as the group's insert writes them (from the ORM's mapping, read once). */
  private eventRecordset?: Recordset<(typeof EVENT_FIELDS)[number]>;

  constructor(private readonly options: IngestorOptions) {}

  /** Resolves once the event is stored (or dropped); never rejects, since the hub cannot act on an error. */
  ingest(event: HubEvent, source: DeviceEventSource.POST | DeviceEventSource.SOCKET): Promise<void> {
    this.options.sink.events?.received(this.options.hub);
    // Two unlocks by two codes are two events, though both say "unlocked".
    const compared = event.codeUse ? { ...event, rawValue: `${event.rawValue}\u0000${event.descriptionText}` } : event;
    if (!MOMENTARY.has(event.name) && this.deduper.isDuplicate(compared)) return Promise.resolve();
    if (event.deviceId) {
      return new Promise<void>((stored) => {
        this.queue.push({ event, source, stored });
        this.writing ??= this.writeQueued();
      });
    }
    const key = "location";
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => this.applyLocationEvent(event))
      .then(() => this.options.sink.events?.stored(this.options.hub, event.receivedAt))
      .catch((err: unknown) =>
        this.options.sink.logger.error({ err, name: event.name }, "could not store a hub location event"),
      );
    this.chains.set(key, next);
    void next.finally(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
    return next;
  }

  /** Waits for every event accepted so far (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.chains.size || this.writing) await Promise.all([...this.chains.values(), this.writing]);
  }

  /** Writes the queue group by group until it is empty; one writer at a time keeps each device's order. */
  private async writeQueued(): Promise<void> {
    try {
      while (this.queue.length) await this.writeGroup(this.queue.splice(0, MAX_GROUP));
    } finally {
      this.writing = undefined;
    }
  }

  /** Stores a group in one transaction, then publishes its changes and acknowledges its events. */
  private async writeGroup(group: QueuedEvent[]): Promise<void> {
    let written: Awaited<ReturnType<EventIngestor["storeGroup"]>>;
    try {
      written = await this.storeGroup(group);
    } catch (err) {
      if (group.length === 1) {
        const { deviceId, name } = group[0]!.event;
        this.options.sink.logger.error({ err, deviceId, name }, "could not store a hub event");
        group[0]!.stored();
        return;
      }
      // One bad event must not cost the others theirs: store them one at a time.
      this.options.sink.logger.warn({ err, events: group.length }, "a group of hub events failed; storing one by one");
      for (const item of group) await this.writeGroup([item]);
      return;
    }
    for (const hubDeviceId of written.unknown) this.options.onUnknownDevice(hubDeviceId);
    if (written.lastAt) {
      await this.touchHub(written.lastAt).catch((err: unknown) =>
        this.options.sink.logger.error({ err }, "could not note the hub's last event time"),
      );
    }
    for (const change of written.changes) {
      onDeviceChanged(change, this.options.sink);
      for (const event of change.events) {
        if (event.name !== "codeChanged" || !event.value) continue;
        const [position, change_] = event.value.split(" ");
        const n = Number(position);
        this.options.sink.lockCodes?.codeChanged(
          event.deviceId,
          Number.isInteger(n) ? n : null,
          change_ ?? event.value,
        );
      }
    }
    for (const item of group) {
      if (!written.unknown.has(item.event.deviceId!))
        this.options.sink.events?.stored(this.options.hub, item.event.receivedAt);
      item.stored();
    }
  }

  private async storeGroup(
    group: QueuedEvent[],
  ): Promise<{ changes: DeviceChange[]; unknown: Set<string>; lastAt?: Date }> {
    const em = this.options.newEm();
    const hubDeviceIds = [...new Set(group.map((item) => item.event.deviceId!))];
    // Read outside the transaction: names of codes, not the rows it locks.
    const codeNames = await ourCodeNames(em, hubDeviceIds, this.options.hub, group);
    // Every hub event comes this way: prepared statements on one connection, without the ORM's
    // query building and change tracking, which cost more than the four statements themselves.
    return preparedTransaction(em, async (query) => {
      // Locked in id order; every other writer locks one device at a time, so this cannot deadlock.
      const locked = await query(
        `select ${columnsAs(em, Device)} from "home"."devices" where "hub" = ? and "hub_device_id" = any(?) order by "id" for update`,
        [this.options.hub, hubDeviceIds],
      );
      // Plain rows of the class, as device.service's reads are: its field resolvers and snapshots work alike.
      const devices = asEntityRows(em, Device, locked);
      const byHubId = new Map(devices.map((d) => [d.hubDeviceId, d]));
      const changes: DeviceChange[] = [];
      const rows: EventRow[] = [];
      const latest = new Map<Device, DeviceChange>();
      const unknown = new Set<string>();
      let lastAt: Date | undefined;
      for (const { event, source } of group) {
        const device = byHubId.get(event.deviceId!);
        if (!device) {
          unknown.add(event.deviceId!);
          continue;
        }
        // The device's earlier change in this group keeps the state it was told with.
        const earlier = latest.get(device);
        if (earlier) earlier.device = stateOf(device);
        const { row, stateChanged } = this.applyDeviceEvent(device, event, source, codeNames);
        rows.push(row);
        const change: DeviceChange = { device, events: [], stateChanged };
        changes.push(change);
        latest.set(device, change);
        if (!lastAt || event.receivedAt > lastAt) lastAt = event.receivedAt;
      }
      if (!rows.length) return { changes, unknown, lastAt };
      const now = new Date();
      const updated = [...latest.keys()].map((d) => {
        d.updatedAt = now;
        return { id: d.id, attributes: d.attributes, last_event_at: d.lastEventAt, updated_at: now };
      });
      // One statement: the group's events in arrival order (their ids come back in that order, as
      // a multi-row insert's do), and each device's new state once.
      const events = (this.eventRecordset ??= recordsetOf(em, DeviceEvent, EVENT_FIELDS));
      const ids = await query<{ id: string }>(
        `with "updated" as (
           update "home"."devices" as d set "attributes" = u."attributes", "last_event_at" = u."last_event_at",
             "online" = true, "updated_at" = u."updated_at"
           from jsonb_to_recordset(?::jsonb) as u("id" int, "attributes" jsonb, "last_event_at" timestamptz, "updated_at" timestamptz)
           where d."id" = u."id"
         )
         insert into "home"."device_events" (${events.columns})
         select ${events.columns}
           from jsonb_to_recordset(?::jsonb) as r(${events.definition}, "n" int)
           order by r."n"
         returning "id"`,
        [JSON.stringify(updated), JSON.stringify(rows.map((row, n) => ({ ...events.record(row), n })))],
      );
      changes.forEach((change, i) => {
        change.events.push(Object.assign(new DeviceEvent(), rows[i], { id: String(ids[i]!.id) }));
      });
      return { changes, unknown, lastAt };
    });
  }

  /** Applies an event to the device's stored state; the row to store for it, and whether the state changed. */
  private applyDeviceEvent(
    device: Device,
    event: HubEvent,
    source: DeviceEventSource,
    codeNames: Map<string, string>,
  ): { row: EventRow; stateChanged: boolean } {
    const hubDeviceId = event.deviceId!;
    const at = event.receivedAt;
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
    const row: EventRow = {
      deviceId: device.id,
      hubDeviceId,
      name: event.name,
      value: event.rawValue,
      valueType: dataType,
      unit: event.unit,
      description: event.descriptionText,
      actorName: actorOf(device, event, codeNames),
      source,
      changedByUserId: this.options.attributeTo(hubDeviceId),
      createdAt: at,
    };
    return { row, stateChanged };
  }

  private async applyLocationEvent(event: HubEvent): Promise<void> {
    if (event.kind === "systemStart") {
      this.options.sink.logger.info("the hub restarted: resyncing");
      this.options.onSystemStart();
    }
    const em = this.options.newEm();
    const hub = this.options.hub;
    const state = await em.findOne(HubState, { hub });
    if (!state) return;
    state.lastEventAt = event.receivedAt;
    let what: HubChange | undefined;
    if (event.kind === "mode" && event.rawValue) {
      const modes = state.modes.map((m) => ({ ...m, active: m.name === event.rawValue }));
      if (await storeHubValue(em, hub, "mode", event.rawValue, { modes })) what = "mode";
      state.mode = event.rawValue;
      state.modes = modes;
    } else if (event.kind === "hsm" && event.rawValue) {
      // A status event's descriptionText is always "hsmEvent": nothing worth keeping.
      if (await storeHsmStatus(em, state, event.rawValue, event.receivedAt)) what = "hsm";
    } else if (event.kind === "hsmAlert" && event.rawValue) {
      storeHsmAlert(em, state, event.rawValue, event.descriptionText, event.receivedAt);
      what = "hsmAlert";
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
    await this.options.newEm().nativeUpdate(HubState, { hub: this.options.hub }, { lastEventAt: at });
  }

  stop(): void {
    clearTimeout(this.trailing);
    this.trailing = undefined;
  }
}

/** The name Homegraph gave each of its codes on the group's locks, by "deviceId:position". */
async function ourCodeNames(
  em: EntityManager,
  hubDeviceIds: string[],
  hub: string,
  group: QueuedEvent[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (!group.some(({ event }) => event.name === "lock" && event.codeUse?.position != null)) return names;
  const devices = await em.find(Device, { hub, hubDeviceId: { $in: hubDeviceIds } }, { fields: ["id"] });
  // Only codes that are (or may still be) on the lock: a position Homegraph gave up may hold a person's code now.
  const rows = await em.find(LockCode, {
    deviceId: { $in: devices.map((d) => d.id) },
    position: { $ne: null },
    state: { $in: [LockCodeState.ACTIVE, LockCodeState.DELETING, LockCodeState.PENDING] },
  });
  for (const row of rows) names.set(`${row.deviceId}:${row.position}`, row.name);
  return names;
}

/** The device_events columns a group's insert writes (property names; the id and the rest are the database's). */
const EVENT_FIELDS = [
  "deviceId",
  "hubDeviceId",
  "name",
  "value",
  "valueType",
  "unit",
  "description",
  "actorName",
  "source",
  "changedByUserId",
  "createdAt",
] as const;

/** A device_events row as the group's insert takes it. */
type EventRow = Pick<DeviceEvent, (typeof EVENT_FIELDS)[number]>;

/** Who unlocked a lock with a code: Homegraph's name for it (a pass's guest), else the name the lock reports. */
function actorOf(device: Device, event: HubEvent, codeNames: Map<string, string>): string | null {
  if (event.name !== "lock" || !event.codeUse) return null;
  const ours = event.codeUse.position != null ? codeNames.get(`${device.id}:${event.codeUse.position}`) : undefined;
  return (ours ?? event.codeUse.name)?.slice(0, 64) ?? null;
}

/**
 * A detached copy of a device's fields as they are now: applying an event replaces `attributes`
 * with a new array, so a shallow copy keeps this state while the entity moves on.
 */
function stateOf(device: Device): Device {
  const copy = Object.create(Device.prototype) as Device;
  for (const [key, value] of Object.entries(device)) {
    if (!key.startsWith("__")) (copy as unknown as Record<string, unknown>)[key] = value;
  }
  return copy;
}
