import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import { User } from "./user.entity.js";

/** What a pass opens, as the admin chose it; the lock code itself is never kept (only whether there is one). */
export interface GuestPassAccess {
  rooms: { room: string; level: "VIEW" | "CONTROL" }[];
  devices: { deviceId: string; level: "VIEW" | "CONTROL" }[];
  lockCode: { deviceId: string; name: string } | null;
}

/**
 * A guest pass: a link (`tokenHash`, a keyed hash of its secret) that signs its guest (a user of
 * role GUEST made for the pass) in between `validFrom` and `validUntil`, unless ended early.
 * `closedAt` is when its end was carried out here (sessions revoked, guest disabled); the home
 * service's side of the end is a `GuestPassHomeTask`.
 */
@Entity({ tableName: "guest_passes" })
export class GuestPass {
  [OptionalProps]?: "createdAt" | "redemptions";

  @PrimaryKey({ type: "uuid" })
  id!: string;

  @ManyToOne({ entity: () => User, deleteRule: "cascade", fieldName: "guest_user_id" })
  guest!: User;

  /** The admin who created it (null once their account is gone). */
  @Property({ type: "integer", nullable: true })
  createdBy?: number | null;

  @Property({ type: "string", length: 60 })
  guestName!: string;

  @Property({ type: "datetime" })
  validFrom!: Date;

  @Property({ type: "datetime" })
  validUntil!: Date;

  /** Set when an admin ended it before `validUntil`. */
  @Property({ type: "datetime", nullable: true })
  endedAt?: Date | null;

  @Property({ type: "integer", nullable: true })
  endedBy?: number | null;

  @Property({ type: "datetime", nullable: true })
  closedAt?: Date | null;

  @Property({ type: "json" })
  access!: GuestPassAccess;

  @Property({ type: "string", length: 64, unique: true, hidden: true })
  tokenHash!: string;

  @Property({ type: "integer", default: 0 })
  redemptions: number = 0;

  @Property({ type: "datetime", nullable: true })
  firstRedeemedAt?: Date | null;

  @Property({ type: "datetime", nullable: true })
  lastRedeemedAt?: Date | null;

  /** When the home service confirmed the guest's grants (and lock code) are gone. */
  @Property({ type: "datetime", nullable: true })
  homeAccessRemovedAt?: Date | null;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();
}

/**
 * A call to the home service that must happen, retried until it does: taking a pass's access away
 * (`revokeGuestPassAccess`). No foreign key to the pass: a creation that failed after home may
 * have applied it leaves a task for a pass that was never saved.
 */
@Entity({ tableName: "guest_pass_home_tasks" })
export class GuestPassHomeTask {
  [OptionalProps]?: "attempts" | "createdAt" | "nextAttemptAt";

  @PrimaryKey({ type: "uuid" })
  passId!: string;

  @Property({ type: "integer", default: 0 })
  attempts: number = 0;

  @Property({ type: "datetime", defaultRaw: "now()" })
  nextAttemptAt: Date = new Date();

  @Property({ type: "string", length: 255, nullable: true })
  lastError?: string | null;

  @Property({ type: "datetime", nullable: true })
  doneAt?: Date | null;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();
}
