import { Entity, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";

/** What an HSM history row records: a status the hub reported, or an alert it raised or cancelled. */
export type HsmEventKind = "status" | "alert";

/**
 * One change of Hubitat Safety Monitor: its status (armingAway, armedAway, disarmed...) or an
 * alert (intrusion, smoke, water, cancel...). Kept as long as device events
 * (DEVICE_EVENT_RETENTION_DAYS), so the alarm panel can show what happened lately.
 */
@Entity({ tableName: "hsm_events" })
export class HsmEvent {
  [OptionalProps]?: "createdAt" | "description";

  @PrimaryKey({ type: "bigint", autoincrement: true })
  id!: string;

  @Property({ type: "string", length: 16 })
  kind!: HsmEventKind;

  /** The status, or the alert's kind, as the hub named it. */
  @Property({ type: "string", length: 64 })
  value!: string;

  /** The hub's own words (the device or rule that raised an alert, when it says). */
  @Property({ type: "text", nullable: true })
  description?: string | null;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();
}
