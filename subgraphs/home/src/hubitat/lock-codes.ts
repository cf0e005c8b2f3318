// A lock's codes as Hubitat reports them. `lockCodes` is JSON text mapping each position to
// `{name, code}`, or, when the lock driver's "Enable lockCode encryption" is on, an opaque string
// only the hub can read. The codes themselves stop here: every value the rest of Homegraph stores
// or shows (attributes, events, history) has them removed (`withoutLockCodes`); only the lock
// code service reads them, through `MakerApiClient.getLockCodes`, to compare with its own.
import { absent, isObject, text } from "./normalize.js";

/** What a lock's `lockCodes` (and the events it stores) show instead of an encrypted value. */
export const ENCRYPTED_LOCK_CODES = "encrypted";

export interface LockCodeEntry {
  name: string | null;
  code: string | null;
}

/** `lockCodes` read: positions → entries, "encrypted" when the hub hides them, null when absent or unreadable. */
export function parseLockCodes(value: unknown): Record<string, LockCodeEntry> | "encrypted" | null {
  if (absent(value)) return null;
  let parsed: unknown = value;
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (trimmed === "") return null;
    if (!trimmed.startsWith("{")) return "encrypted";
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return null;
    }
  }
  if (!isObject(parsed)) return null;
  const out: Record<string, LockCodeEntry> = {};
  for (const [position, entry] of Object.entries(parsed)) {
    if (!/^\d+$/.test(position)) continue;
    out[position] = isObject(entry)
      ? { name: text(entry.name), code: text(entry.code) }
      : { name: null, code: text(entry) };
  }
  return out;
}

/** A lock's codes as the hub reports them (`MakerApiClient.getLockCodes`). */
export interface LockState {
  codes: Record<string, LockCodeEntry> | "encrypted" | null;
  maxCodes: number | null;
  codeLength: number | null;
}

/** `/devices/{id}` of a lock, raw: its codes (with the codes), `maxCodes` and `codeLength` when reported. */
export function lockStateFrom(raw: unknown): LockState {
  const attributes = isObject(raw) && Array.isArray(raw.attributes) ? raw.attributes.filter(isObject) : [];
  const value = (name: string) => attributes.find((a) => a.name === name)?.currentValue;
  const number = (name: string) => {
    const n = Number(value(name));
    return Number.isInteger(n) && n > 0 ? n : null;
  };
  return { codes: parseLockCodes(value("lockCodes")), maxCodes: number("maxCodes"), codeLength: number("codeLength") };
}

/** A value as it may be stored and shown: for `lockCodes`, each position's name without its code. */
export function withoutLockCodes(attribute: string, value: unknown): unknown {
  if (attribute !== "lockCodes" || absent(value)) return value;
  const codes = parseLockCodes(value);
  if (codes === "encrypted") return ENCRYPTED_LOCK_CODES;
  if (!codes) return null;
  return JSON.stringify(Object.fromEntries(Object.entries(codes).map(([p, e]) => [p, { name: e.name }])));
}

/** The code a lock event says was used: its position and name, never the code (which `data` also carries). */
export interface CodeUse {
  position: number | null;
  name: string | null;
}

/**
 * Which code an event is about, from its `data` (`{"3":{"name":..,"code":..}}`, or `{"usedCode": 3}`;
 * a string or a map; unreadable when encrypted), else from its value (`codeChanged` "3 added") or
 * description ("... was unlocked by Dana"). Null when it names no code.
 */
export function codeUseOf(
  name: string,
  value: string | null,
  description: string | null,
  data: unknown,
): CodeUse | null {
  let position: number | null = null;
  let codeName: string | null = null;
  let map: unknown = data;
  if (typeof data === "string" && data.trim().startsWith("{")) {
    try {
      map = JSON.parse(data);
    } catch {
      map = null;
    }
  }
  if (isObject(map)) {
    const used = Number(text(map.usedCode));
    if (Number.isInteger(used) && used > 0) position = used;
    const entries = Object.entries(map).filter(([key]) => /^\d+$/.test(key));
    if (entries.length === 1) {
      const [key, entry] = entries[0]!;
      position ??= Number(key);
      if (isObject(entry)) codeName = text(entry.name);
    }
  }
  if (name === "codeChanged" && position === null && value) {
    const match = /^(\d+)\s/.exec(value);
    if (match) position = Number(match[1]);
  }
  if (name === "lock" && codeName === null && description) {
    const match = / was unlocked by (.+?)(?: \[(?:physical|digital)\])?$/.exec(description);
    if (match) codeName = match[1]!.trim();
  }
  if (name === "lastCodeName" && value) codeName = value;
  return position === null && codeName === null ? null : { position, name: codeName };
}
