import type { CreateGuestPassInput, GuestAccessLevel } from "../../../gql/graphql";

// The new pass's form: its values, its rules (those of subgraphs/auth/src/services/guest-pass.validation.ts),
// and the server's input. Times are the browser's local datetime-local values ("2026-12-05T18:30").

export const MAX_PASS_DAYS = 30;
export const NAME_MAX_CHARS = 60;
const LOCK_CODE = /^[0-9]{4,8}$/;

export interface PassDraft {
  guestName: string;
  validFrom: string;
  validUntil: string;
  /** The lock the code is for; "" for no code. */
  lockDeviceId: string;
  lockCode: string;
  /** The code's name on the lock; the guest's name when empty. */
  lockName: string;
}

/** What the pass opens, by "room:<name>" or "device:<id>"; a missing key is not included. */
export type Openings = Record<string, GuestAccessLevel>;
export const roomKey = (room: string) => `room:${room}`;
export const deviceKey = (id: string) => `device:${id}`;

const pad = (n: number) => String(n).padStart(2, "0");

/** A time as a datetime-local input's value, in the browser's zone, to the minute. */
export function localInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Starts now, ends in a day: the usual visit. */
export function newDraft(now = Date.now()): PassDraft {
  return {
    guestName: "",
    validFrom: localInput(now),
    validUntil: localInput(now + 86_400_000),
    lockDeviceId: "",
    lockCode: "",
    lockName: "",
  };
}

/** Every rule that fails, by field; `access` when the pass opens nothing. */
export function draftErrors(draft: PassDraft, openings: Openings, now = Date.now()): Record<string, string> {
  const errors: Record<string, string> = {};
  const name = draft.guestName.trim();
  if (!name || name.length > NAME_MAX_CHARS)
    errors.guestName = `Give the guest's name (1 to ${NAME_MAX_CHARS} characters).`;
  const from = Date.parse(draft.validFrom);
  const until = Date.parse(draft.validUntil);
  if (Number.isNaN(from)) errors.validFrom = "Choose when the pass starts.";
  if (Number.isNaN(until)) errors.validUntil = "Choose when the pass ends.";
  else if (!Number.isNaN(from) && until <= from) errors.validUntil = "The pass must end after it starts.";
  else if (until <= now) errors.validUntil = "The pass would already be over.";
  else if (!Number.isNaN(from) && until - from > MAX_PASS_DAYS * 86_400_000) {
    errors.validUntil = `A pass lasts at most ${MAX_PASS_DAYS} days.`;
  }
  if (Object.keys(openings).length === 0) errors.access = "Choose at least one room or device.";
  if (draft.lockDeviceId) {
    if (!LOCK_CODE.test(draft.lockCode)) errors.lockCode = "A lock code is 4 to 8 digits.";
    if (openings[deviceKey(draft.lockDeviceId)] !== "CONTROL") {
      errors.lockDeviceId = "The pass must give Control of this lock for its code to work.";
    }
  }
  return errors;
}

/** The server's input for a valid draft. */
export function toPassInput(draft: PassDraft, openings: Openings): CreateGuestPassInput {
  const rooms: CreateGuestPassInput["rooms"] = [];
  const devices: CreateGuestPassInput["devices"] = [];
  for (const [key, level] of Object.entries(openings)) {
    const [kind, ...rest] = key.split(":");
    const id = rest.join(":");
    if (kind === "room") rooms.push({ room: id, level });
    else devices.push({ deviceId: id, level });
  }
  const guestName = draft.guestName.trim();
  return {
    guestName,
    validFrom: new Date(draft.validFrom).toISOString(),
    validUntil: new Date(draft.validUntil).toISOString(),
    rooms,
    devices,
    lockCode: draft.lockDeviceId
      ? { deviceId: draft.lockDeviceId, code: draft.lockCode, name: draft.lockName.trim() || guestName }
      : null,
  };
}
