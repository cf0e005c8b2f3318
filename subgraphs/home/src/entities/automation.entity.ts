import { Entity, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";

/**
 * An automation rule. The table exists now so that the rule engine (a later change) only adds
 * behaviour; the shapes of trigger, conditions and actions are the engine's to define.
 */
@Entity({ tableName: "automations" })
export class Automation {
  [OptionalProps]?: "enabled" | "conditions" | "actions" | "createdAt" | "updatedAt";

  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Property({ type: "string", length: 255 })
  name!: string;

  @Property({ type: "boolean", default: true })
  enabled: boolean = true;

  @Property({ type: "json" })
  trigger!: Record<string, unknown>;

  @Property({ type: "json" })
  conditions: Record<string, unknown>[] = [];

  @Property({ type: "json" })
  actions: Record<string, unknown>[] = [];

  /** A user of the auth service (no foreign key across services). */
  @Property({ type: "integer", nullable: true })
  createdByUserId?: number | null;

  @Property({ type: "datetime", nullable: true })
  lastFiredAt?: Date | null;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();

  @Property({ type: "datetime", defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
