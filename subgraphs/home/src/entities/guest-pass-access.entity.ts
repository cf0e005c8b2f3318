import { Entity, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";

/**
 * A guest pass as the home service applied it (auth owns the pass): whose, for when, and whether it
 * was revoked, so that applying and revoking are idempotent and a revoked pass is never re-applied.
 * Its grants are rows of access_grants with its id. No lock code is kept here.
 */
@Entity({ tableName: "guest_pass_access" })
export class GuestPassAccess {
  [OptionalProps]?: "lockCodeDeviceId" | "revokedAt" | "createdAt" | "updatedAt";

  @PrimaryKey({ type: "string", length: 64 })
  passId!: string;

  /** A user of the auth service (no foreign key across services). */
  @Property({ type: "integer" })
  guestUserId!: number;

  @Property({ type: "datetime" })
  validFrom!: Date;

  @Property({ type: "datetime" })
  validUntil!: Date;

  /** The lock whose code the lock-code scheduler was asked to set (never the code itself). */
  @Property({ type: "integer", nullable: true })
  lockCodeDeviceId?: number | null;

  @Property({ type: "datetime", nullable: true })
  revokedAt?: Date | null;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();

  @Property({ type: "datetime", defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
