import { Entity, PrimaryKey, Property } from "@mikro-orm/core";

/** A device one person starred: their dashboard shows it first. Kept per person, on the server. */
@Entity({ tableName: "favorite_devices" })
export class FavoriteDevice {
  /** A user of the auth service (no foreign key across services). */
  @PrimaryKey({ type: "integer" })
  userId!: number;

  /** Deleted with the device (the foreign key cascades) when an admin forgets it. */
  @PrimaryKey({ type: "integer" })
  deviceId!: number;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();
}
