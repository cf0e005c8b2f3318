// Lock codes Homegraph schedules on locks: a guest pass's code (through LockCodePort, called by
// the access service when a pass with a code is applied) or a household code an admin sets. Rows
// are written here, in the caller's transaction; lock-code.worker.ts writes each code at the lock
// when its window starts and deletes it when it ends or is cancelled. A code is checked, sealed
// (lock-code-cipher.ts) and never logged, returned or stored in clear.
import { randomUUID } from "node:crypto";
import { AppError, ErrorCode, NotFoundError } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { Device } from "../entities/device.entity.js";
import { LockCode, LockCodeState } from "../entities/lock-code.entity.js";
import { parseLockCodes } from "../hubitat/lock-codes.js";
import type { LockCodeCipher } from "./lock-code-cipher.js";

/** What the access service hands over for a pass's code; `ref` ("pass:<id>") makes every call idempotent. */
export interface LockCodeScheduleInput {
  ref: string;
  /** Homegraph's id of the lock (`Device.id`). */
  deviceId: string | number;
  /** What the lock stores and names in "unlocked by ...": the guest's name for a pass. */
  name: string;
  code: string;
  startsAt: Date;
  /** Null: until cancelled. */
  endsAt: Date | null;
}

/**
 * The port the access service calls. Both are idempotent by `ref`: scheduling again updates the
 * row (a changed code or name is written again), cancelling twice or an unknown ref does nothing.
 * Both write with `em` (inside the caller's transaction, if any) and wake the worker.
 */
export interface LockCodePort {
  schedule(em: EntityManager, input: LockCodeScheduleInput): Promise<void>;
  cancel(em: EntityManager, ref: string): Promise<void>;
}

/** Why a code is refused, as `extensions.reason` (with `code: BAD_USER_INPUT` and `field`). */
export type LockCodeRefusal =
  | "LOCK_CODE_NOT_DIGITS"
  | "LOCK_CODE_LENGTH"
  | "LOCK_CODE_IN_USE"
  | "LOCK_CODE_NAME"
  | "LOCK_CODE_WINDOW"
  | "NOT_A_LOCK";

export function lockCodeRefused(reason: LockCodeRefusal, field: string, message: string): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, message, { field, reason });
}

/** A lock that does not report codeLength takes 4 to 8 digits. */
export const DEFAULT_CODE_LENGTHS = { min: 4, max: 8 };

/** `household:<uuid>` for an admin's code; `pass:<id>` for a guest pass's. */
export function refKind(ref: string): "PASS" | "HOUSEHOLD" {
  return ref.startsWith("pass:") ? "PASS" : "HOUSEHOLD";
}

const LIVE = [LockCodeState.PENDING, LockCodeState.ACTIVE, LockCodeState.DELETING];

export class LockCodeService implements LockCodePort {
  constructor(
    private readonly cipher: LockCodeCipher,
    /** Tells the worker there is something new to look at (after the caller's commit, soon enough). */
    private readonly wake: () => void,
  ) {}

  /** Wakes the worker: after the commit of a caller's transaction that scheduled or cancelled a code. */
  nudge(): void {
    this.wake();
  }

  async schedule(em: EntityManager, input: LockCodeScheduleInput): Promise<void> {
    await this.upsert(em, input);
  }

  /** An admin's household code, not tied to a pass: its own ref. */
  scheduleHousehold(em: EntityManager, input: Omit<LockCodeScheduleInput, "ref">): Promise<LockCode> {
    return this.upsert(em, { ...input, ref: `household:${randomUUID()}` });
  }

  async cancel(em: EntityManager, ref: string): Promise<void> {
    const row = await em.findOne(LockCode, { ref });
    if (!row) return;
    this.end(row);
    await em.flush();
    this.wake();
  }

  /** An admin's cancel by the slot's id; NOT_FOUND for an unknown one. */
  async cancelById(em: EntityManager, id: number): Promise<void> {
    const row = Number.isSafeInteger(id) && id > 0 ? await em.findOne(LockCode, { id }) : null;
    if (!row) throw new NotFoundError(`There is no lock code ${id}.`);
    this.end(row);
    await em.flush();
    this.wake();
  }

  /** Homegraph's codes of a device (those still on the lock or to come, and recently ended ones), oldest first. */
  rowsOf(em: EntityManager, deviceId: number): Promise<LockCode[]> {
    const since = new Date(Date.now() - 7 * 24 * 3_600_000);
    return em.find(
      LockCode,
      { deviceId, $or: [{ state: { $in: [...LIVE, LockCodeState.FAILED] } }, { updatedAt: { $gte: since } }] },
      { orderBy: { id: "asc" } },
    );
  }

  /** The row's end: never written means nothing to delete; otherwise the worker deletes it from the lock. */
  private end(row: LockCode): void {
    if (row.state === LockCodeState.DELETED || row.state === LockCodeState.DELETING) return;
    row.cancelledAt = new Date();
    if (row.position == null || !row.writtenAt) {
      row.state = LockCodeState.DELETED;
      return;
    }
    row.state = LockCodeState.DELETING;
    row.attempts = 0;
    row.nextAttemptAt = null;
  }

  private async upsert(em: EntityManager, input: LockCodeScheduleInput): Promise<LockCode> {
    const device = await this.lockOf(em, input.deviceId);
    const name = checkName(input.name);
    checkCode(device, input.code);
    if (input.endsAt && input.endsAt.getTime() <= input.startsAt.getTime()) {
      throw lockCodeRefused("LOCK_CODE_WINDOW", "endsAt", "The code's end must come after its start.");
    }
    if (input.endsAt && input.endsAt.getTime() <= Date.now()) {
      throw lockCodeRefused("LOCK_CODE_WINDOW", "endsAt", "The code's end is already past.");
    }
    const existing = await em.findOne(LockCode, { ref: input.ref });
    await this.checkUnique(em, device.id, input.code, name, existing?.deviceId === device.id ? existing : null);
    const sealed = this.cipher.seal(input.code);
    if (existing && existing.deviceId !== device.id) {
      // Moved to another lock: the old one's code goes, the same row carries on there.
      this.end(existing);
      await em.flush();
      existing.ref = `${input.ref}#moved-${existing.id}`;
      await em.flush();
      return this.upsert(em, input);
    }
    const row =
      existing ??
      em.create(LockCode, { ref: input.ref, deviceId: device.id, name, codeCipher: sealed, startsAt: input.startsAt });
    const changed = !existing || existing.name !== name || this.codeOf(existing) !== input.code;
    row.name = name;
    row.codeCipher = sealed;
    row.startsAt = input.startsAt;
    row.endsAt = input.endsAt;
    row.cancelledAt = null;
    if (!existing || changed || row.state === LockCodeState.DELETED || row.state === LockCodeState.FAILED) {
      // To be written (again) once due; an active one keeps its position and is overwritten there.
      row.state = LockCodeState.PENDING;
      row.attempts = 0;
      row.nextAttemptAt = null;
      row.lastError = null;
    }
    em.persist(row);
    await em.flush();
    this.wake();
    return row;
  }

  /** The code in clear, for the worker only; null when it cannot be read (the key changed). */
  codeOf(row: LockCode): string | null {
    try {
      return this.cipher.open(row.codeCipher);
    } catch {
      return null;
    }
  }

  private async lockOf(em: EntityManager, id: string | number): Promise<Device> {
    const n = Number(id);
    const device = Number.isSafeInteger(n) && n > 0 ? await em.findOne(Device, { id: n }) : null;
    if (!device) throw new NotFoundError(`There is no device ${id}.`);
    if (!device.capabilities.includes("LockCodes") || !device.commands.some((c) => c.name === "setCode")) {
      throw lockCodeRefused("NOT_A_LOCK", "deviceId", `${device.label} does not take lock codes.`);
    }
    return device;
  }

  /** A lock refuses a code or a name it already holds elsewhere: said now rather than as a failure later. */
  private async checkUnique(em: EntityManager, deviceId: number, code: string, name: string, self: LockCode | null) {
    const others = await em.find(LockCode, {
      deviceId,
      state: { $in: LIVE },
      ...(self ? { id: { $ne: self.id } } : {}),
    });
    if (others.some((o) => o.name.toLowerCase() === name.toLowerCase())) {
      throw lockCodeRefused("LOCK_CODE_IN_USE", "name", `The lock already has a code named "${name}".`);
    }
    if (others.some((o) => this.codeOf(o) === code)) {
      throw lockCodeRefused("LOCK_CODE_IN_USE", "code", "The lock already has that code: choose another.");
    }
    const device = await em.findOneOrFail(Device, { id: deviceId });
    const atLock = parseLockCodes(device.attributes.find((a) => a.name === "lockCodes")?.value);
    if (atLock && atLock !== "encrypted") {
      const ours = new Set(
        [...others, ...(self ? [self] : [])]
          .map((o) => o.position)
          .filter((p) => p != null)
          .map(String),
      );
      const clash = Object.entries(atLock).some(
        ([p, e]) => !ours.has(p) && e.name?.toLowerCase() === name.toLowerCase(),
      );
      if (clash) throw lockCodeRefused("LOCK_CODE_IN_USE", "name", `The lock already has a code named "${name}".`);
    }
  }
}

function checkName(raw: string): string {
  const name = raw.trim();
  if (name.length < 1 || name.length > 32 || [...name].some((ch) => ch === "," || ch.charCodeAt(0) < 32)) {
    throw lockCodeRefused("LOCK_CODE_NAME", "name", "A code's name is 1 to 32 characters, without commas.");
  }
  return name;
}

/** Digits only, as long as the lock's `codeLength` when it reports one, else 4 to 8. */
function checkCode(device: Device, code: string): void {
  if (!/^\d+$/.test(code)) throw lockCodeRefused("LOCK_CODE_NOT_DIGITS", "code", "A lock code is digits only.");
  const reported = Number(device.attributes.find((a) => a.name === "codeLength")?.value);
  if (Number.isInteger(reported) && reported > 0) {
    if (code.length !== reported) {
      throw lockCodeRefused("LOCK_CODE_LENGTH", "code", `${device.label} takes codes of ${reported} digits.`);
    }
    return;
  }
  if (code.length < DEFAULT_CODE_LENGTHS.min || code.length > DEFAULT_CODE_LENGTHS.max) {
    throw lockCodeRefused(
      "LOCK_CODE_LENGTH",
      "code",
      `A lock code is ${DEFAULT_CODE_LENGTHS.min} to ${DEFAULT_CODE_LENGTHS.max} digits.`,
    );
  }
}
