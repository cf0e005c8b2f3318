// Turns what the Maker API sends into Homegraph's types. Every function takes `unknown`: real hubs
// send values typed in one endpoint and strings in another, nulls as null or as the string "null",
// attributes and commands twice, and a few leftovers (see subgraphs/home/test/fixtures/hubitat/README.md).
// Here: single values, and the hub's own endpoints (modes, HSM, variables); devices are in
// normalize-devices.ts, events in normalize-events.ts.
import type { AttributeValue, HubMode, HubVariable } from "./types.js";

/** Looks up an attribute's dataType (from an earlier `/devices/{id}`), to cast string values. */
export type DataTypeLookup = (deviceId: string, attribute: string) => string | null | undefined;

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** null, undefined and the eventsocket's "null" are all absent. */
export function absent(value: unknown): value is null | undefined | "null" {
  return value === null || value === undefined || value === "null";
}

/** A string for strings and numbers (ids arrive as both), else null. */
export function text(value: unknown): string | null {
  if (absent(value)) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/**
 * Casts a value by the hub's dataType: NUMBER to a number (null when it is not one), BOOL to a
 * boolean, JSON_OBJECT parsed (kept as the string when it is not JSON), everything else a string.
 * Without a dataType the value is kept as the hub sent it.
 */
export function castValue(value: unknown, dataType: string | null | undefined): AttributeValue {
  if (absent(value)) return null;
  switch (dataType) {
    case "NUMBER": {
      if (typeof value === "number") return Number.isFinite(value) ? value : null;
      if (typeof value !== "string" || value.trim() === "") return null;
      const n = Number(value);
      return Number.isFinite(n) ? n : null;
    }
    case "BOOL":
      if (typeof value === "boolean") return value;
      if (value === "true" || value === "false") return value === "true";
      return null;
    case "JSON_OBJECT":
      if (typeof value === "object") return value as AttributeValue;
      if (typeof value !== "string") return String(value);
      try {
        return JSON.parse(value) as AttributeValue;
      } catch {
        return value;
      }
    case undefined:
    case null:
      return typeof value === "object" ? (value as AttributeValue) : (text(value) ?? null);
    default:
      // ENUM, STRING, DYNAMIC_ENUM, DATE, VECTOR3 and types yet unknown stay strings.
      return typeof value === "object" ? JSON.stringify(value) : text(value);
  }
}

/** The hub's dates: `2022-03-03T14:20:00+0000` (no colon in the offset, which Date accepts anyway). */
export function parseHubDate(value: unknown): Date | null {
  const s = text(value);
  if (!s) return null;
  const date = new Date(s.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(date.getTime()) ? null : date;
}

export function normalizeModes(raw: unknown): HubMode[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).flatMap((m) => {
    const id = text(m.id);
    const name = text(m.name);
    return id && name ? [{ id, name, active: m.active === true || m.active === "true" }] : [];
  });
}

/** `/hsm` and `/hsm/{value}` answer `{"hsm": "armedAway"}`. */
export function normalizeHsm(raw: unknown): string | null {
  return isObject(raw) ? text(raw.hsm) : null;
}

/** `/hubvariables` (a list) or `/hubvariables/{name}[/{value}]` (one). */
export function normalizeHubVariables(raw: unknown): HubVariable[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter(isObject).flatMap((v) => {
    const name = text(v.name);
    return name ? [{ name, value: text(v.value), type: text(v.type) }] : [];
  });
}
