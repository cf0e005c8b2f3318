// The hub's events as Homegraph reads them: a postURL body or an eventsocket frame, a device's
// history rows, and the duplicates to drop between them.
import { codeUseOf, withoutLockCodes } from "./lock-codes.js";
import { castValue, isObject, parseHubDate, text, type DataTypeLookup } from "./normalize.js";
import type { DeviceHistoryEvent, HubEvent, HubEventKind, RawEventContent } from "./types.js";

/** `/devices/{id}/events` rows: strings throughout, `device_id` instead of `deviceId`. */
export function normalizeDeviceHistory(raw: unknown, dataTypeOf?: DataTypeLookup): DeviceHistoryEvent[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).flatMap((row) => {
    const deviceId = text(row.device_id ?? row.deviceId);
    const name = text(row.name);
    if (!deviceId || !name) return [];
    const rawValue = text(withoutLockCodes(name, text(row.value)));
    return [
      {
        deviceId,
        name,
        value: castValue(rawValue, dataTypeOf?.(deviceId, name)),
        rawValue,
        unit: text(row.unit),
        date: parseHubDate(row.date),
      },
    ];
  });
}

function kindOf(deviceId: string | null, name: string): HubEventKind {
  if (deviceId) return "device";
  if (name === "mode") return "mode";
  if (name === "hsmStatus") return "hsm";
  if (name === "hsmAlert") return "hsmAlert";
  if (name === "systemStart") return "systemStart";
  return "location";
}

/**
 * An event from either path: a postURL body (`{"content": {...}}`, deviceId a string or null) or
 * an eventsocket frame (deviceId a number, 0 when not a device; nulls as "null"; `type` possibly
 * missing). Null when it is not an event at all.
 */
export function normalizeEvent(
  raw: unknown,
  options: { dataTypeOf?: DataTypeLookup; now?: Date } = {},
): HubEvent | null {
  const content = (isObject(raw) && isObject(raw.content) ? raw.content : raw) as RawEventContent;
  if (!isObject(content)) return null;
  const name = text(content.name);
  if (!name) return null;
  const id = text(content.deviceId);
  const deviceId = id === null || id === "0" || id === "" ? null : id;
  const source = text(content.source) ?? (deviceId ? "DEVICE" : "LOCATION");
  // A lock's codes never go further than this: only positions and names are kept.
  const rawValue = text(withoutLockCodes(name, text(content.value)));
  const dataType = deviceId ? (options.dataTypeOf?.(deviceId, name) ?? null) : null;
  const descriptionText = text(content.descriptionText);
  const codeUse = deviceId ? codeUseOf(name, rawValue, descriptionText, content.data) : null;
  return {
    kind: kindOf(deviceId, name),
    deviceId,
    source,
    name,
    value: castValue(rawValue, dataType),
    rawValue,
    dataType,
    unit: text(content.unit),
    displayName: text(content.displayName),
    descriptionText,
    type: text(content.type),
    receivedAt: options.now ?? new Date(),
    ...(codeUse ? { codeUse } : {}),
  };
}

/**
 * Drops an event that repeats the same device, attribute and value within `windowMs`: what a hub
 * posting and streaming the same change, or a driver reporting it twice, produces. A change back
 * and forth (on, off, on) is never dropped.
 */
export class EventDeduper {
  private readonly last = new Map<string, { value: string | null; at: number }>();

  constructor(
    private readonly windowMs = 1500,
    private readonly maxKeys = 10_000,
  ) {}

  /** True when `event` should be dropped; otherwise remembers it. */
  isDuplicate(event: Pick<HubEvent, "deviceId" | "name" | "rawValue" | "receivedAt">): boolean {
    const key = `${event.deviceId ?? "location"}\u0000${event.name}`;
    const at = event.receivedAt.getTime();
    const previous = this.last.get(key);
    if (previous && previous.value === event.rawValue && at - previous.at < this.windowMs) return true;
    this.last.delete(key);
    this.last.set(key, { value: event.rawValue, at });
    // Insertion order is age order: the oldest key goes first when the map is full.
    if (this.last.size > this.maxKeys) this.last.delete(this.last.keys().next().value!);
    return false;
  }
}
