import { Entity, Index, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";

/** Where a scheduled lock code stands (services/lock-code.worker.ts moves it along). */
export enum LockCodeState {
  /** Waiting for its window to start, or to be written (again) at the lock. */
  PENDING = "pending",
  /** Written at the lock (setCode accepted), until its window ends. */
  ACTIVE = "active",
  /** Its window ended or it was cancelled: to be deleted from the lock. */
  DELETING = "deleting",
  /** Gone from the lock (or never written): kept as history. */
  DELETED = "deleted",
  /** The lock refused it (a duplicate or a length it does not take), or it could not be read back. */
  FAILED = "failed",
}

/**
 * A code Homegraph puts on a lock for a window of time: a guest pass's (`ref` "pass:<id>") or a
 * household code an admin set (`ref` "household:<uuid>"). One row per `ref`, so scheduling again
 * is idempotent. The code is stored encrypted (services/lock-code-cipher.ts), never in clear.
 */
@Entity({ tableName: "lock_codes" })
@Index({ properties: ["state", "nextAttemptAt"] })
export class LockCode {
  [OptionalProps]?: "attempts" | "createdAt" | "updatedAt" | "state";

  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Property({ type: "string", length: 200, unique: true })
  ref!: string;

  /** Homegraph's device (the lock); deleted with it when an admin forgets it. */
  @Property({ type: "integer" })
  deviceId!: number;

  /** The lock's position it holds; chosen when first written, null until then. */
  @Property({ type: "integer", nullable: true })
  position?: number | null;

  /** The name the lock stores and names in "unlocked by ..." (a guest's name for a pass). */
  @Property({ type: "string", length: 32 })
  name!: string;

  /** AES-256-GCM of the code under the lock code key; never logged, never returned. */
  @Property({ type: "text" })
  codeCipher!: string;

  @Property({ type: "datetime" })
  startsAt!: Date;

  /** Null: until cancelled. */
  @Property({ type: "datetime", nullable: true })
  endsAt?: Date | null;

  @Property({ type: "string", length: 16 })
  state: LockCodeState = LockCodeState.PENDING;

  /** Hub calls that failed in a row (reset by one that works). */
  @Property({ type: "integer" })
  attempts = 0;

  /** When the worker may try again after a failure (capped exponential backoff); null: as soon as due. */
  @Property({ type: "datetime", nullable: true })
  nextAttemptAt?: Date | null;

  @Property({ type: "text", nullable: true })
  lastError?: string | null;

  /** When the hub last accepted setCode for it. */
  @Property({ type: "datetime", nullable: true })
  writtenAt?: Date | null;

  @Property({ type: "datetime", nullable: true })
  cancelledAt?: Date | null;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();

  @Property({ type: "datetime", defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
