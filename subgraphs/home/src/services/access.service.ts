import {
  asEntityRows,
  BadUserInputError,
  columnsAs,
  ConflictError,
  executePrepared,
  NotFoundError,
  type Identity,
  type Role,
} from "@homegraph/common";
import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { AccessGrant } from "../entities/access-grant.entity.js";
import { Device } from "../entities/device.entity.js";
import { GuestPassAccess } from "../entities/guest-pass-access.entity.js";
import { RoleAccessDefault } from "../entities/role-access-default.entity.js";
import {
  AccessLevel,
  AccessView,
  BUILT_IN_DEFAULTS,
  type Grant,
  type RoleDefaults,
  type SecureCapability,
} from "./access-model.js";
import { findDevice } from "./device.service.js";

const MAX_ROOM_LENGTH = 255;
const PASS_ID = /^[A-Za-z0-9_-]{1,64}$/;
const LOCK_CODE = /^\d{4,8}$/;
const MAX_PASS_TARGETS = 200;

export type DefaultsRole = Exclude<Role, "ADMIN">;

export async function loadRoleDefaults(em: EntityManager, role: Role): Promise<RoleDefaults> {
  if (role === "ADMIN") return { ordinary: AccessLevel.CONTROL, secure: AccessLevel.CONTROL };
  // Read for every request of a person who is not an admin: one prepared statement, no entity.
  const [row] = await executePrepared<RoleDefaults>(
    em,
    `select "ordinary", "secure" from "home"."access_role_defaults" where "role" = ? limit 1`,
    [role],
  );
  return row ? { ordinary: row.ordinary, secure: row.secure } : BUILT_IN_DEFAULTS[role];
}

export async function allRoleDefaults(em: EntityManager): Promise<Record<DefaultsRole, RoleDefaults>> {
  const rows = await em.find(RoleAccessDefault, {}, { refresh: true });
  const out = { ...BUILT_IN_DEFAULTS };
  for (const r of rows) if (r.role === "MEMBER" || r.role === "GUEST") out[r.role] = { ...r };
  return out;
}

const toGrant = (g: AccessGrant): Grant => ({
  room: g.room ?? null,
  deviceId: g.deviceId ?? null,
  capability: g.capability ?? null,
  level: g.level,
  passId: g.passId ?? null,
  validFrom: g.validFrom ?? null,
  validUntil: g.validUntil ?? null,
});

/** Grants still to come or in force, of some people (all people: `userIds` undefined). */
export async function loadGrants(em: EntityManager, userIds?: readonly number[]): Promise<Map<number, Grant[]>> {
  // A person's grants are read for each of their requests: plain rows by a prepared statement.
  const select = `select ${columnsAs(em, AccessGrant)} from "home"."access_grants"
    where ("valid_until" is null or "valid_until" > ?)`;
  const rows = asEntityRows(
    em,
    AccessGrant,
    userIds
      ? await executePrepared(em, `${select} and "user_id" = any(?)`, [new Date(), [...userIds]])
      : await executePrepared(em, select, [new Date()]),
  );
  const out = new Map<number, Grant[]>();
  for (const row of rows) {
    const list = out.get(row.userId) ?? [];
    list.push(toGrant(row));
    out.set(row.userId, list);
  }
  return out;
}

/** A person's access as of now: two small reads (none for an admin). */
export async function loadAccessView(em: EntityManager, userId: number, role: Role): Promise<AccessView> {
  if (role === "ADMIN") return new AccessView(userId, role, await loadRoleDefaults(em, role));
  const [defaults, grants] = await Promise.all([loadRoleDefaults(em, role), loadGrants(em, [userId])]);
  return new AccessView(userId, role, defaults, grants.get(userId) ?? []);
}

/**
 * The caller's access, read at most once per request however many devices ask; undefined for a
 * caller that is no person (anonymous, a service), whom every device check refuses.
 */
export function createAccessLoader(em: EntityManager, identity: Identity | undefined): () => Promise<AccessView> {
  let view: Promise<AccessView> | undefined;
  return () => {
    if (!identity || identity.role === "SERVICE") {
      return Promise.resolve(new AccessView(0, "GUEST", BUILT_IN_DEFAULTS.GUEST));
    }
    return (view ??= loadAccessView(em, identity.userId, identity.role));
  };
}

export function checkUserId(id: string): number {
  const n = Number(id);
  if (!/^[1-9][0-9]{0,15}$/.test(id) || !Number.isSafeInteger(n))
    throw new BadUserInputError("No such person.", "userId");
  return n;
}

function checkRoom(room: string): string {
  const name = room.trim();
  if (!name || name.length > MAX_ROOM_LENGTH) {
    throw new BadUserInputError(`A room is its hub name, 1 to ${MAX_ROOM_LENGTH} characters.`, "room");
  }
  return name;
}

async function existingDevice(em: EntityManager, id: string | number): Promise<Device> {
  const device = await findDevice(em, Number(id));
  if (!device) throw new NotFoundError(`There is no device ${id}.`);
  return device;
}

/** An admin's grant of a room to a person; `level` null: back to the role's default. */
export async function setRoomAccess(
  em: EntityManager,
  userId: number,
  room: string,
  level: AccessLevel | null,
): Promise<void> {
  const name = checkRoom(room);
  await em.transactional(async (tem) => {
    await tem.nativeDelete(AccessGrant, { userId, room: name, passId: null });
    if (level) tem.create(AccessGrant, { userId, room: name, level });
  });
}

/** An admin's grant of one device to a person; `level` null: back to the room's or the role's. */
export async function setDeviceAccess(
  em: EntityManager,
  userId: number,
  deviceId: string,
  level: AccessLevel | null,
): Promise<Device> {
  const device = await existingDevice(em, deviceId);
  await em.transactional(async (tem) => {
    await tem.nativeDelete(AccessGrant, { userId, deviceId: device.id, passId: null });
    if (level) tem.create(AccessGrant, { userId, deviceId: device.id, level });
  });
  return device;
}

/** An admin's grant of the alarm (HSM) or the mode to a person; `level` null: back to the role's default. */
export async function setCapabilityAccess(
  em: EntityManager,
  userId: number,
  capability: SecureCapability,
  level: AccessLevel | null,
): Promise<void> {
  await em.transactional(async (tem) => {
    await tem.nativeDelete(AccessGrant, { userId, capability, passId: null });
    if (level) tem.create(AccessGrant, { userId, capability, level });
  });
}

export async function setRoleAccessDefaults(
  em: EntityManager,
  role: Role,
  ordinary: AccessLevel,
  secure: AccessLevel,
): Promise<RoleDefaults> {
  if (role === "ADMIN") throw new BadUserInputError("An admin always has CONTROL of everything.", "role");
  if (secure === AccessLevel.CONTROL) {
    throw new BadUserInputError(
      "Secure devices (locks, garage doors, valves, alarm panels), the alarm and the mode need their own CONTROL grant: the default is at most VIEW.",
      "secure",
    );
  }
  await em.upsert(RoleAccessDefault, { role, ordinary, secure, updatedAt: new Date() });
  return { ordinary, secure };
}

export interface GuestPassAccessRequest {
  passId: string;
  guestUserId: string;
  validFrom: Date;
  validUntil: Date;
  rooms?: { room: string; level: AccessLevel }[] | null;
  devices?: { deviceId: string; level: AccessLevel }[] | null;
  lockCode?: { deviceId: string; code: string; name: string } | null;
}

/** What the lock-code scheduler is asked to do for a pass: set the code at `validFrom`, delete it at `validUntil`. */
export interface LockCodeSchedule {
  passId: string;
  guestUserId: number;
  deviceId: number;
  code: string;
  name: string;
  validFrom: Date;
  validUntil: Date;
}

/**
 * The lock codes of guest passes, durably scheduled: implemented where lock codes live (the Maker
 * API's setCode/deleteCode). Both calls are idempotent by passId and write with `em`, inside the
 * transaction of the pass's grants: a code the lock-code service refuses (a name too long for the
 * lock, a length it does not take) leaves no grants behind, and ending a pass's grants and its code
 * commit together. The access service hands over the code and keeps none of it.
 */
export interface LockCodePort {
  schedule(em: EntityManager, request: LockCodeSchedule): Promise<void>;
  cancel(em: EntityManager, passId: string): Promise<void>;
  /** After the commit: the worker looks at once rather than at its next round. */
  committed?(): void;
}

function checkPassId(passId: string): string {
  if (!PASS_ID.test(passId))
    throw new BadUserInputError("passId must be 1 to 64 letters, digits, '-' or '_'.", "passId");
  return passId;
}

/**
 * Grants a guest pass's rooms and devices for its window (replacing what an earlier call for the
 * same pass granted: idempotent by passId) and checks its lock code, which `lockCodes` schedules in
 * the same transaction. Answers the code scheduled, or null.
 */
export async function applyGuestPassAccess(
  em: EntityManager,
  input: GuestPassAccessRequest,
  lockCodes?: Pick<LockCodePort, "schedule">,
): Promise<LockCodeSchedule | null> {
  const passId = checkPassId(input.passId);
  const guestUserId = checkUserId(input.guestUserId);
  const { validFrom, validUntil } = input;
  if (!(validUntil.getTime() > validFrom.getTime())) {
    throw new BadUserInputError("validUntil must be after validFrom.", "validUntil");
  }
  const rooms = input.rooms ?? [];
  const devices = input.devices ?? [];
  if (rooms.length + devices.length > MAX_PASS_TARGETS) {
    throw new BadUserInputError(`A pass grants at most ${MAX_PASS_TARGETS} rooms and devices.`, "devices");
  }
  for (const [i, r] of rooms.entries()) {
    checkRoom(r.room);
    if (r.level === AccessLevel.NONE)
      throw new BadUserInputError("A pass grants VIEW or CONTROL.", `rooms[${i}].level`);
  }
  const granted = new Map<number, { device: Device; level: AccessLevel }>();
  for (const [i, d] of devices.entries()) {
    if (d.level === AccessLevel.NONE)
      throw new BadUserInputError("A pass grants VIEW or CONTROL.", `devices[${i}].level`);
    const device = await existingDevice(em, d.deviceId);
    granted.set(device.id, { device, level: d.level });
  }
  let lockCode: LockCodeSchedule | null = null;
  if (input.lockCode) {
    const { code, name, deviceId } = input.lockCode;
    if (!LOCK_CODE.test(code)) throw new BadUserInputError("A lock code is 4 to 8 digits.", "lockCode.code");
    if (!name.trim() || name.length > 64)
      throw new BadUserInputError("Name the code (1 to 64 characters).", "lockCode.name");
    const lock = granted.get(Number(deviceId));
    if (!lock || !lock.device.capabilities.includes("Lock") || lock.level !== AccessLevel.CONTROL) {
      throw new BadUserInputError("The code's device must be a lock the pass grants CONTROL of.", "lockCode.deviceId");
    }
    lockCode = { passId, guestUserId, deviceId: lock.device.id, code, name: name.trim(), validFrom, validUntil };
  }
  await em.transactional(async (tem) => {
    const pass = await tem.findOne(GuestPassAccess, { passId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (pass?.revokedAt) throw new ConflictError("This guest pass has ended; make a new one.");
    if (pass && pass.guestUserId !== guestUserId) throw new ConflictError("This guest pass is another guest's.");
    await tem.upsert(GuestPassAccess, {
      passId,
      guestUserId,
      validFrom,
      validUntil,
      lockCodeDeviceId: lockCode?.deviceId ?? null,
    });
    await tem.nativeDelete(AccessGrant, { passId });
    const window = { userId: guestUserId, passId, validFrom, validUntil };
    for (const r of rooms) tem.create(AccessGrant, { ...window, room: r.room.trim(), level: r.level });
    for (const { device, level } of granted.values())
      tem.create(AccessGrant, { ...window, deviceId: device.id, level });
    await tem.flush();
    if (lockCode && lockCodes) await lockCodes.schedule(tem, lockCode);
  });
  return lockCode;
}

/** Ends a pass's grants at once; true whether or not it was known (idempotent). Answers whose it was. */
export async function revokeGuestPassAccess(
  em: EntityManager,
  passId: string,
  lockCodes?: Pick<LockCodePort, "cancel">,
): Promise<number | null> {
  checkPassId(passId);
  return em.transactional(async (tem) => {
    const pass = await tem.findOne(GuestPassAccess, { passId });
    await tem.nativeDelete(AccessGrant, { passId });
    await lockCodes?.cancel(tem, passId);
    if (!pass) return null;
    if (!pass.revokedAt) pass.revokedAt = new Date();
    return pass.guestUserId;
  });
}

/** Everyone with a grant: the admin's matrix lists them beside auth's directory. */
export async function grantHolders(em: EntityManager): Promise<number[]> {
  const rows: { user_id: number }[] = await em
    .getConnection()
    .execute(`select distinct user_id from home.access_grants order by user_id`);
  return rows.map((r) => Number(r.user_id));
}
