// Lock codes as Hubitat's lock drivers keep them: a map position → {name, code} behind the
// `lockCodes` attribute (JSON text, or an opaque encrypted string when the driver's "Enable
// lockCode encryption" is on), `codeChanged` events named "<position> added|changed|deleted|failed"
// carrying the code in their data, and an unlock at the keypad reported as
// "<lock> was unlocked by <name>" with the code's entry as data, followed by `lastCodeName`.
import { createCipheriv, randomBytes } from "node:crypto";
import { CommandError } from "../hub-event.js";
import type { Hub } from "../hub.js";
import type { VirtualDevice } from "./virtual-device.js";

export interface LockCode {
  name: string;
  code: string;
}

/** The simulator's own key: what `encrypt()` on a hub hides is readable by no client either. */
const KEY = randomBytes(32);

/** Hubitat's `encrypt()`: an opaque string that never starts with "{", so clients can tell. */
export function encryptForHub(text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", KEY, iv);
  const body = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

/** The lock's codes, read once from its starting `lockCodes` and kept beside the attribute from then on. */
export function codesOf(device: VirtualDevice): Map<string, LockCode> {
  if (!device.codes) {
    device.codes = new Map();
    const initial = device.def.initial.lockCodes;
    if (typeof initial === "string" && initial.startsWith("{")) {
      for (const [position, entry] of Object.entries(JSON.parse(initial) as Record<string, LockCode>)) {
        device.codes.set(position, { name: String(entry.name), code: String(entry.code) });
      }
    }
  }
  return device.codes;
}

function sorted(codes: Map<string, LockCode>): Record<string, LockCode> {
  const entries = [...codes.entries()].sort(([a], [b]) => Number(a) - Number(b));
  return Object.fromEntries(entries.map(([position, c]) => [position, { name: c.name, code: c.code }]));
}

/** What the driver puts in an event's data or the attribute: JSON, or encrypted JSON. */
function shown(device: VirtualDevice, value: unknown): string {
  const json = JSON.stringify(value);
  return device.encryptedCodes ? encryptForHub(json) : json;
}

function publishCodes(hub: Hub, device: VirtualDevice, type: "digital" | "physical"): void {
  hub.set(device, "lockCodes", shown(device, sorted(codesOf(device))), type, {
    force: true,
    description: `${device.label} lockCodes changed`,
  });
}

function codeChanged(
  hub: Hub,
  device: VirtualDevice,
  position: string,
  change: "added" | "changed" | "deleted" | "failed",
  type: "digital" | "physical",
  entry?: LockCode,
): void {
  hub.set(device, "codeChanged", `${position} ${change}`, type, {
    force: true,
    data: entry ? shown(device, { [position]: entry }) : undefined,
    description:
      change === "failed"
        ? `${device.label} could not set code ${position}`
        : `${device.label} code ${position} was ${change}`,
  });
}

/**
 * `setCode(position, code[, name])`. As on a lock, the hub accepts the command and the lock
 * answers later: a code of the wrong length, or a name or code already used at another position,
 * is reported as "<position> failed" and changes nothing.
 */
export function setCode(hub: Hub, device: VirtualDevice, args: string[], type: "digital" | "physical"): void {
  const position = Math.round(Number(args[0]));
  const maxCodes = device.number("maxCodes");
  if (position < 1 || position > maxCodes) {
    throw new CommandError(400, `setCode: position must be 1 to ${maxCodes}`);
  }
  const key = String(position);
  const code = String(args[1]);
  const name = args[2] ? String(args[2]) : `code #${position}`;
  const codes = codesOf(device);
  const codeLength = device.number("codeLength");
  const others = [...codes.entries()].filter(([p]) => p !== key).map(([, c]) => c);
  const refused =
    !/^\d+$/.test(code) ||
    (codeLength > 0 && code.length !== codeLength) ||
    others.some((c) => c.code === code || c.name === name);
  if (refused) return codeChanged(hub, device, key, "failed", type);
  const before = codes.get(key);
  if (before && before.code === code && before.name === name) return;
  codes.set(key, { name, code });
  publishCodes(hub, device, type);
  codeChanged(hub, device, key, before ? "changed" : "added", type, { name, code });
}

/** `deleteCode(position)`: nothing happens for an empty position, as on a lock. */
export function deleteCode(hub: Hub, device: VirtualDevice, position: number, type: "digital" | "physical"): void {
  const key = String(Math.round(position));
  const codes = codesOf(device);
  const entry = codes.get(key);
  if (!entry) return;
  codes.delete(key);
  publishCodes(hub, device, type);
  codeChanged(hub, device, key, "deleted", type, entry);
}

/** `getCodes()`: the lock's codes read again and reported, whether or not they changed. */
export function getCodes(hub: Hub, device: VirtualDevice): void {
  publishCodes(hub, device, "digital");
}

/** Turns the driver's lockCode encryption on or off; the attribute is sent again in the new form. */
export function setCodeEncryption(hub: Hub, device: VirtualDevice, encrypted: boolean): void {
  if (Boolean(device.encryptedCodes) === encrypted) return;
  device.encryptedCodes = encrypted;
  publishCodes(hub, device, "digital");
}

/** A code typed at the keypad: unlocks and names the code when it is one of the lock's; else nothing happens. */
export function keypadEntry(
  hub: Hub,
  device: VirtualDevice,
  code: string,
): { unlocked: boolean; position?: number; name?: string } {
  const found = [...codesOf(device).entries()].find(([, c]) => c.code === code);
  if (!found) return { unlocked: false };
  const [position, entry] = found;
  const description = `${device.label} was unlocked by ${entry.name}`;
  hub.set(device, "lock", "unlocked", "physical", {
    force: true,
    description,
    data: shown(device, { [position]: entry }),
  });
  hub.set(device, "lastCodeName", entry.name, "physical", { force: true, description });
  return { unlocked: true, position: Number(position), name: entry.name };
}

/** The lock as a test checks it by hand: its codes in clear, whatever the attribute shows. */
export function lockCodesView(device: VirtualDevice): { encrypted: boolean; codes: Record<string, LockCode> } {
  if (!device.has("LockCodes")) throw new CommandError(400, `${device.label} has no lock codes`);
  return { encrypted: Boolean(device.encryptedCodes), codes: sorted(codesOf(device)) };
}
