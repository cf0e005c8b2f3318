import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import { AccessLevel, SecureCapability } from "../services/access-model.js";

/**
 * One person's access to a room (by its hub name), to one device, or to a household-wide secure
 * capability (the alarm, the mode): set by an admin for that person
 * (`passId` null, no window), or by a guest pass for its window. Resolution (access-model.ts)
 * reads these; nothing is copied onto devices, so a device new in a room follows the room's grant.
 */
@Entity({ tableName: "access_grants" })
@Index({ properties: ["userId"] })
export class AccessGrant {
  [OptionalProps]?: "room" | "deviceId" | "capability" | "passId" | "validFrom" | "validUntil" | "createdAt";

  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  /** A user of the auth service (no foreign key across services). */
  @Property({ type: "integer" })
  userId!: number;

  @Property({ type: "string", length: 255, nullable: true })
  room?: string | null;

  /** Deleted with the device (the foreign key cascades) when an admin forgets it. */
  @Property({ type: "integer", nullable: true })
  deviceId?: number | null;

  /** HSM or MODE: household-wide, an admin's grant only (the table's check refuses a pass's). */
  @Enum({ items: () => SecureCapability, type: "string", nullable: true })
  capability?: SecureCapability | null;

  @Enum({ items: () => AccessLevel, type: "string" })
  level!: AccessLevel;

  /** The guest pass (auth's id) that granted it; null for an admin's grant to the person. */
  @Property({ type: "string", length: 64, nullable: true })
  passId?: string | null;

  @Property({ type: "datetime", nullable: true })
  validFrom?: Date | null;

  @Property({ type: "datetime", nullable: true })
  validUntil?: Date | null;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();
}
