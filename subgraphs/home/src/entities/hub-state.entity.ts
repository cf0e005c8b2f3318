import { Entity, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import type { HubMode, HubVariable } from "../hubitat/types.js";
import type { DriftCounts } from "../services/drift.js";

/** An HSM alert as stored: its kind as the hub names it, when it was raised, and the hub's words about it. */
export interface HsmAlertState {
  kind: string;
  /** ISO time. */
  at: string;
  text: string | null;
}

/** A hub's own state, one row per hub (by name), shared by every replica of the home service. */
@Entity({ tableName: "hub_state" })
export class HubState {
  [OptionalProps]?: "modes" | "variables" | "connected" | "drift" | "updatedAt";

  /** `main` for a single hub, a name of HUBITAT_HUBS otherwise. */
  @PrimaryKey({ type: "string", length: 64 })
  hub!: string;

  @Property({ type: "string", length: 255, nullable: true })
  mode?: string | null;

  @Property({ type: "json" })
  modes: HubMode[] = [];

  @Property({ type: "string", length: 64, nullable: true })
  hsmStatus?: string | null;

  /** HSM's alert in force (intrusion, smoke, water...), until the hub cancels it or HSM is disarmed. */
  @Property({ type: "json", nullable: true })
  hsmAlert?: HsmAlertState | null;

  /** When HSM began arming (its status armingAway, armingHome or armingNight); null otherwise. */
  @Property({ type: "datetime", nullable: true })
  hsmArmingSince?: Date | null;

  @Property({ type: "json" })
  variables: HubVariable[] = [];

  @Property({ type: "boolean", default: false })
  connected: boolean = false;

  /** Why the hub is not connected, in words a person can act on. */
  @Property({ type: "text", nullable: true })
  lastError?: string | null;

  /** Since when the hub has not answered (null while it does): the hub-down alert's start, alike on every replica. */
  @Property({ type: "datetime", nullable: true })
  disconnectedSince?: Date | null;

  @Property({ type: "datetime", nullable: true })
  lastEventAt?: Date | null;

  @Property({ type: "datetime", nullable: true })
  lastSyncAt?: Date | null;

  /** What reconciling with the hub corrected since the database was created, by kind. */
  @Property({ type: "json" })
  drift: Partial<DriftCounts> = {};

  @Property({ type: "datetime", nullable: true })
  lastReconciledAt?: Date | null;

  @Property({ type: "datetime", defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
