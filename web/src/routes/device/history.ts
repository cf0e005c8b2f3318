import type { DeviceEventFieldsFragment } from "../../gql/graphql";

/** The readings a history chart is drawn for, in the order offered. */
export const CHARTED = ["temperature", "humidity", "level", "position", "battery", "power"] as const;

export interface Point {
  time: number;
  value: number;
}

/** Numeric values the hub reported for `name`, oldest first (the query lists newest first). */
export function seriesOf(events: readonly DeviceEventFieldsFragment[], name: string): Point[] {
  const points: Point[] = [];
  for (const e of events) {
    if (e.name !== name || e.source === "COMMAND") continue;
    const value = typeof e.value === "number" ? e.value : typeof e.value === "string" ? Number(e.value) : NaN;
    const time = Date.parse(e.createdAt);
    if (Number.isFinite(value) && Number.isFinite(time)) points.push({ time, value });
  }
  return points.sort((a, b) => a.time - b.time);
}

/** Which charted readings have at least two points, so a line means something. */
export function chartableNames(events: readonly DeviceEventFieldsFragment[]): string[] {
  return CHARTED.filter((name) => seriesOf(events, name).length >= 2);
}

/** An event's value for the list: arguments of a command, JSON objects, plain values with their unit. */
export function describeValue(event: DeviceEventFieldsFragment): string {
  const { value, unit } = event;
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.length ? value.map((v) => JSON.stringify(v)).join(", ") : "(no arguments)";
  if (typeof value === "object") return JSON.stringify(value);
  return `${String(value)}${unit ? ` ${unit}` : ""}`;
}
