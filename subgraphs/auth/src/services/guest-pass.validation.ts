import { AppError, ErrorCode } from "@homegraph/common";

export type GuestAccessLevel = "VIEW" | "CONTROL";

export interface GuestPassInput {
  guestName: string;
  validFrom: Date;
  validUntil: Date;
  rooms?: { room: string; level: GuestAccessLevel }[] | null;
  devices?: { deviceId: string; level: GuestAccessLevel }[] | null;
  lockCode?: { deviceId: string; code: string; name?: string | null } | null;
}

export interface ValidGuestPass {
  guestName: string;
  validFrom: Date;
  validUntil: Date;
  rooms: { room: string; level: GuestAccessLevel }[];
  devices: { deviceId: string; level: GuestAccessLevel }[];
  lockCode: { deviceId: string; code: string; name: string } | null;
}

export const MAX_PASS_DAYS = 30;
/** How far ahead a pass may start. */
export const MAX_START_AHEAD_DAYS = 365;
const MAX_ROOMS = 50;
const MAX_DEVICES = 200;
const DEVICE_ID = /^[A-Za-z0-9_:.-]{1,64}$/;
/** What keypad locks take: 4 to 8 digits. */
const LOCK_CODE = /^[0-9]{4,8}$/;

/** BAD_USER_INPUT with the field and a stable `reason` the app can word for itself. */
export function invalid(message: string, field: string, reason: string): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, message, { field, reason });
}

function name(value: string, field: string): string {
  const trimmed = value.trim().replace(/\s+/g, " ");
  if (trimmed.length < 1 || trimmed.length > 60) {
    throw invalid("Give a name of 1 to 60 characters.", field, "NAME_LENGTH");
  }
  return trimmed;
}

const rank = (level: GuestAccessLevel) => (level === "CONTROL" ? 2 : 1);

/** One entry per room or device; asked twice, the higher level wins. */
function dedupe<T>(items: T[], key: (t: T) => string, level: (t: T) => GuestAccessLevel): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const known = byKey.get(key(item));
    if (!known || rank(level(item)) > rank(level(known))) byKey.set(key(item), item);
  }
  return [...byKey.values()];
}

/**
 * Checks a new pass. Reasons (`extensions.reason`): NAME_LENGTH, INVALID_PERIOD (until not after
 * from), ALREADY_OVER, TOO_LONG (over 30 days), STARTS_TOO_LATE, NO_ACCESS (no room or device),
 * TOO_MANY, BAD_ROOM, BAD_DEVICE, BAD_LOCK_CODE.
 */
export function validateGuestPass(input: GuestPassInput, now = new Date()): ValidGuestPass {
  const guestName = name(input.guestName, "guestName");
  const { validFrom, validUntil } = input;
  if (Number.isNaN(validFrom.getTime()) || Number.isNaN(validUntil.getTime()) || validUntil <= validFrom) {
    throw invalid("The pass must end after it starts.", "validUntil", "INVALID_PERIOD");
  }
  if (validUntil <= now) throw invalid("The pass would already be over.", "validUntil", "ALREADY_OVER");
  if (validUntil.getTime() - validFrom.getTime() > MAX_PASS_DAYS * 86_400_000) {
    throw invalid(`A pass lasts at most ${MAX_PASS_DAYS} days.`, "validUntil", "TOO_LONG");
  }
  if (validFrom.getTime() - now.getTime() > MAX_START_AHEAD_DAYS * 86_400_000) {
    throw invalid(`A pass starts within ${MAX_START_AHEAD_DAYS} days.`, "validFrom", "STARTS_TOO_LATE");
  }
  const rooms = dedupe(
    (input.rooms ?? []).map((r) => {
      const room = r.room.trim();
      if (!room || room.length > 100) throw invalid("A room's name is 1 to 100 characters.", "rooms", "BAD_ROOM");
      return { room, level: r.level };
    }),
    (r) => r.room.toLowerCase(),
    (r) => r.level,
  );
  const devices = dedupe(
    (input.devices ?? []).map((d) => {
      if (!DEVICE_ID.test(d.deviceId)) throw invalid("That is not a device id.", "devices", "BAD_DEVICE");
      return { deviceId: d.deviceId, level: d.level };
    }),
    (d) => d.deviceId,
    (d) => d.level,
  );
  if (rooms.length === 0 && devices.length === 0) {
    throw invalid("Choose at least one room or device for the guest.", "rooms", "NO_ACCESS");
  }
  if (rooms.length > MAX_ROOMS || devices.length > MAX_DEVICES) {
    throw invalid(`A pass names at most ${MAX_ROOMS} rooms and ${MAX_DEVICES} devices.`, "devices", "TOO_MANY");
  }
  let lockCode: ValidGuestPass["lockCode"] = null;
  if (input.lockCode) {
    if (!DEVICE_ID.test(input.lockCode.deviceId)) {
      throw invalid("That is not a device id.", "lockCode.deviceId", "BAD_DEVICE");
    }
    if (!LOCK_CODE.test(input.lockCode.code)) {
      throw invalid("A lock code is 4 to 8 digits.", "lockCode.code", "BAD_LOCK_CODE");
    }
    lockCode = {
      deviceId: input.lockCode.deviceId,
      code: input.lockCode.code,
      name: input.lockCode.name == null ? guestName : name(input.lockCode.name, "lockCode.name"),
    };
  }
  return { guestName, validFrom, validUntil, rooms, devices, lockCode };
}
