// Puts scheduled lock codes on the locks and takes them off: a code is written (setCode) when its
// window starts and deleted when it ends or is cancelled; a hub that is away is tried again with
// capped exponential backoff until the window ends. Everything it needs is in the lock_codes rows,
// so a restart carries on where it was; each row is worked under FOR UPDATE SKIP LOCKED, so
// several replicas never write one code twice. A reconcile compares the rows with the lock's own
// `lockCodes`: one of Homegraph's codes missing at the lock is written again, one that should be
// gone is deleted, codes people set at the lock are left alone. The code is never logged.
import { LockMode, QueryOrder } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { WakeableLoop, type Logger, type Orm } from "@homegraph/common";
import { Device } from "../entities/device.entity.js";
import { LockCode, LockCodeState } from "../entities/lock-code.entity.js";
import type { LockCodeEntry } from "../hubitat/lock-codes.js";
import type { LockCodeObserver } from "./device-changes.js";
import type { HubLink } from "./hub-link.js";
import type { LockCodeService } from "./lock-code.service.js";

/** Backoff after a failed hub call: 1 s doubling, at most a minute. */
export const RETRY = { baseMs: 1000, maxMs: 60_000 };
/** The longest the worker sleeps with nothing due (a row written by another replica is seen by then). */
const IDLE_MS = 10_000;
const DUE_BATCH = 50;

type Codes = Record<string, LockCodeEntry>;

export class LockCodeWorker implements LockCodeObserver {
  private readonly loop = new WakeableLoop(
    () => this.pass(),
    (err) => this.logger.error({ err }, "lock code worker pass failed"),
  );
  private lastReconcile = 0;

  constructor(
    private readonly orm: Orm,
    private readonly link: HubLink,
    private readonly service: LockCodeService,
    private readonly logger: Logger,
    private readonly reconcileIntervalMs: number,
  ) {}

  private get stopped(): boolean {
    return this.loop.isStopped;
  }

  start(): void {
    this.lastReconcile = 0;
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Runs a pass now (or right after the one running); schedule and cancel call it. */
  wake(): void {
    this.loop.wake();
  }

  /** Waits for the pass under way (tests). */
  settled(): Promise<void> {
    return this.loop.settled();
  }

  private async pass(): Promise<number | undefined> {
    if (Date.now() - this.lastReconcile >= this.reconcileIntervalMs) {
      this.lastReconcile = Date.now();
      await this.reconcile();
    }
    for (;;) {
      const due = await this.dueIds();
      for (const id of due) await this.work(id);
      if (due.length < DUE_BATCH || this.stopped) break;
    }
    return this.stopped ? undefined : this.untilNext();
  }

  private em(): EntityManager {
    return this.orm.em.fork() as EntityManager;
  }

  private dueFilter(now: Date) {
    const retryDue = { $or: [{ nextAttemptAt: null }, { nextAttemptAt: { $lte: now } }] };
    return {
      $or: [
        { state: LockCodeState.PENDING, startsAt: { $lte: now }, ...retryDue },
        { state: LockCodeState.PENDING, endsAt: { $lte: now } },
        { state: LockCodeState.ACTIVE, endsAt: { $lte: now } },
        { state: LockCodeState.DELETING, ...retryDue },
      ],
    };
  }

  private async dueIds(): Promise<number[]> {
    const rows = await this.em().find(LockCode, this.dueFilter(new Date()), {
      fields: ["id"],
      orderBy: { id: QueryOrder.ASC },
      limit: DUE_BATCH,
    });
    return rows.map((r) => r.id);
  }

  /** Until the next start, end or retry (at most IDLE_MS). */
  private async untilNext(): Promise<number> {
    const [row] = await this.em().execute<{ at: Date | null }[]>(
      `select min(least(
         case when state = 'pending' then greatest(starts_at, coalesce(next_attempt_at, starts_at)) end,
         case when state in ('pending', 'active') then ends_at end,
         case when state = 'deleting' then coalesce(next_attempt_at, now()) end)) as at
       from "home"."lock_codes" where state in ('pending', 'active', 'deleting')`,
    );
    const at = row?.at ? new Date(row.at).getTime() : Infinity;
    return Math.max(50, Math.min(IDLE_MS, at - Date.now() + 20));
  }

  /** One row, locked (skipped when another replica has it), moved one step. */
  private async work(id: number): Promise<void> {
    await this.em().transactional(async (em) => {
      const row = await em.findOne(
        LockCode,
        { id, ...this.dueFilter(new Date()) },
        {
          lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE,
        },
      );
      if (!row) return;
      const device = await em.findOne(Device, { id: row.deviceId });
      if (!device) {
        row.state = LockCodeState.DELETED;
        return;
      }
      const now = new Date();
      if (row.endsAt && row.endsAt <= now && row.state !== LockCodeState.DELETING) {
        row.state = row.position != null && row.writtenAt ? LockCodeState.DELETING : LockCodeState.DELETED;
        row.attempts = 0;
        row.nextAttemptAt = null;
        if (row.state === LockCodeState.DELETED) return;
      }
      try {
        if (row.state === LockCodeState.PENDING) await this.write(row, device);
        else if (row.state === LockCodeState.DELETING) await this.remove(row, device);
        row.attempts = 0;
        row.nextAttemptAt = null;
      } catch (err) {
        row.attempts += 1;
        const wait = Math.min(RETRY.maxMs, RETRY.baseMs * 2 ** (row.attempts - 1));
        row.nextAttemptAt = new Date(Date.now() + wait);
        row.lastError = (err as Error)?.message ?? String(err);
        this.logger.warn(
          {
            lockCode: row.id,
            ref: row.ref,
            deviceId: row.deviceId,
            attempts: row.attempts,
            retryInMs: wait,
            error: row.lastError,
          },
          row.state === LockCodeState.PENDING
            ? "could not write a lock code; will retry"
            : "could not delete a lock code; will retry",
        );
      }
    });
  }

  private async write(row: LockCode, device: Device): Promise<void> {
    const code = this.service.codeOf(row);
    if (code === null) {
      row.state = LockCodeState.FAILED;
      row.lastError = "The stored code cannot be read (LOCK_CODE_SECRET or SERVICE_SECRET changed): schedule it again.";
      this.logger.error({ lockCode: row.id, ref: row.ref }, "a stored lock code cannot be decrypted");
      return;
    }
    const lock = await this.link.readLockCodes(device);
    const codes = lock.codes === "encrypted" ? null : (lock.codes ?? {});
    if (row.position == null) {
      const taken = await this.ourPositions(row);
      const already = codes && Object.entries(codes).find(([, e]) => e.code === code && e.name === row.name);
      const position = already ? Number(already[0]) : freePosition(codes, taken, lock.maxCodes ?? 30);
      if (position === null) {
        row.state = LockCodeState.FAILED;
        row.lastError = `${device.label} has no free code position.`;
        this.logger.warn({ lockCode: row.id, ref: row.ref, deviceId: device.id }, "no free position on the lock");
        return;
      }
      if (!codes) {
        this.logger.info(
          { lockCode: row.id, deviceId: device.id, position },
          "lockCodes is encrypted: position chosen from the top, not compared with the lock's codes",
        );
      }
      row.position = position;
    }
    const there = codes?.[String(row.position)];
    if (!there || there.code !== code || there.name !== row.name) {
      await this.link.lockCodeCommand(device, "setCode", [row.position, code, row.name]);
    }
    row.state = LockCodeState.ACTIVE;
    row.writtenAt = new Date();
    row.lastError = null;
    this.logger.info(
      { lockCode: row.id, ref: row.ref, deviceId: device.id, position: row.position },
      "lock code written",
    );
  }

  private async remove(row: LockCode, device: Device): Promise<void> {
    if (row.position == null) {
      row.state = LockCodeState.DELETED;
      return;
    }
    const lock = await this.link.readLockCodes(device);
    const code = this.service.codeOf(row);
    const there = lock.codes === "encrypted" || !lock.codes ? undefined : lock.codes[String(row.position)];
    // A person's code put in that position since is not ours to delete; encrypted, the position is all there is to go by.
    const ours = lock.codes === "encrypted" || (there && (there.code === code || there.name === row.name));
    if (ours) await this.link.lockCodeCommand(device, "deleteCode", [row.position]);
    row.state = LockCodeState.DELETED;
    row.lastError = null;
    this.logger.info(
      { lockCode: row.id, ref: row.ref, deviceId: device.id, position: row.position },
      "lock code deleted",
    );
  }

  /** Positions Homegraph's other codes on this lock hold (or are about to). */
  private async ourPositions(row: LockCode): Promise<Set<number>> {
    const others = await this.em().find(LockCode, {
      deviceId: row.deviceId,
      id: { $ne: row.id },
      position: { $ne: null },
      state: { $in: [LockCodeState.PENDING, LockCodeState.ACTIVE, LockCodeState.DELETING] },
    });
    return new Set(others.map((o) => o.position!));
  }

  /**
   * Compares Homegraph's codes with each lock's `lockCodes` (all locks, or one): a code that
   * should be there and is not is written again; one that should be gone is deleted. With
   * encrypted `lockCodes` nothing can be compared: said once per lock, and skipped.
   */
  async reconcile(deviceId?: number): Promise<void> {
    const em = this.em();
    const since = new Date(Date.now() - 30 * 24 * 3_600_000);
    const rows = await em.find(LockCode, {
      ...(deviceId ? { deviceId } : {}),
      position: { $ne: null },
      $or: [{ state: LockCodeState.ACTIVE }, { state: LockCodeState.DELETED, updatedAt: { $gte: since } }],
    });
    const byDevice = new Map<number, LockCode[]>();
    for (const row of rows) byDevice.set(row.deviceId, [...(byDevice.get(row.deviceId) ?? []), row]);
    for (const [id, ours] of byDevice) {
      const device = await em.findOne(Device, { id });
      if (!device || device.removedAt) continue;
      let codes: Codes | "encrypted" | null;
      try {
        codes = (await this.link.readLockCodes(device)).codes;
      } catch (err) {
        this.logger.info(
          { deviceId: id, error: (err as Error)?.message },
          "lock codes not reconciled: the hub did not answer",
        );
        continue;
      }
      if (codes === "encrypted" || codes === null) {
        this.logger.info(
          { deviceId: id, reason: codes === null ? "unreadable" : "encrypted" },
          "lock codes not compared: the lock's lockCodes is encrypted or unreadable",
        );
        continue;
      }
      await this.compare(em, device, ours, codes);
    }
    await em.flush();
    this.wake();
  }

  private async compare(em: EntityManager, device: Device, ours: LockCode[], codes: Codes): Promise<void> {
    const held = new Set(ours.filter((r) => r.state === LockCodeState.ACTIVE).map((r) => String(r.position)));
    for (const row of ours) {
      const code = this.service.codeOf(row);
      const there = codes[String(row.position)];
      const matches = there && there.code === code && there.name === row.name;
      if (row.state === LockCodeState.ACTIVE && !matches) {
        // Someone else's code in that position now: ours goes to another one.
        if (there) row.position = null;
        row.state = LockCodeState.PENDING;
        row.nextAttemptAt = null;
        this.logger.warn(
          { lockCode: row.id, ref: row.ref, deviceId: device.id, moved: Boolean(there) },
          "a lock code is missing at the lock: writing it again",
        );
      } else if (row.state === LockCodeState.DELETED && matches && !held.has(String(row.position))) {
        row.state = LockCodeState.DELETING;
        row.nextAttemptAt = null;
        this.logger.warn(
          { lockCode: row.id, ref: row.ref, deviceId: device.id },
          "an ended lock code is still at the lock: deleting it",
        );
      }
    }
    em.persist(ours);
  }

  /** A lock reported a code change: a refusal fails the row; one of ours gone is compared again. */
  codeChanged(deviceId: number, position: number | null, change: string): void {
    if (position === null || this.stopped) return;
    void (async () => {
      const em = this.em();
      const row = await em.findOne(LockCode, { deviceId, position, state: LockCodeState.ACTIVE });
      if (!row) return;
      if (change === "failed") {
        row.state = LockCodeState.FAILED;
        row.lastError = "The lock refused the code (a length it does not take, or a code or name it already has).";
        await em.flush();
        this.logger.warn({ lockCode: row.id, ref: row.ref, deviceId, position }, "the lock refused a lock code");
      } else if (change === "deleted") {
        await this.reconcile(deviceId);
      }
    })().catch((err: unknown) => this.logger.error({ err, deviceId }, "could not follow a lock's code change"));
  }
}

/** The lowest free position when the lock's codes are readable; the highest not Homegraph's when they are not. */
function freePosition(codes: Codes | null, taken: Set<number>, maxCodes: number): number | null {
  if (codes) {
    for (let p = 1; p <= maxCodes; p++) if (!(String(p) in codes) && !taken.has(p)) return p;
    return null;
  }
  for (let p = maxCodes; p >= 1; p--) if (!taken.has(p)) return p;
  return null;
}
