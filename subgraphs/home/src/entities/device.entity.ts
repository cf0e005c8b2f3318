import { Entity, OptionalProps, Index, PrimaryKey, Property, Unique } from "@mikro-orm/core";
import { Field, ID, ObjectType } from "type-graphql";
import { StoredAttribute, StoredCommand } from "./device-parts.js";

/** A device on the household's Hubitat hub, as Homegraph last saw it. */
@ObjectType({ description: "A device on the household's Hubitat hub." })
@Entity({ tableName: "devices" })
@Unique({ properties: ["hub", "hubDeviceId"] })
export class Device {
  [OptionalProps]?: "capabilities" | "attributes" | "commands" | "online" | "createdAt" | "updatedAt";

  @Field(() => ID)
  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Field(() => String, { description: "The device's id on its hub (another hub may have a device of the same id)." })
  @Property({ type: "string", length: 64 })
  hubDeviceId!: string;

  @Field(() => String, {
    description: "The name of the device's hub: main for a single hub, else one of HUBITAT_HUBS.",
  })
  @Property({ type: "string", length: 64 })
  hub!: string;

  @Field(() => String)
  @Property({ type: "string", length: 255 })
  label!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 255, nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "The driver." })
  @Property({ type: "string", length: 255, nullable: true })
  type?: string | null;

  @Field(() => String, { nullable: true })
  @Index()
  @Property({ type: "string", length: 255, nullable: true })
  room?: string | null;

  @Field(() => [String])
  @Property({ type: "json" })
  capabilities: string[] = [];

  @Field(() => [StoredAttribute])
  @Property({ type: "json" })
  attributes: StoredAttribute[] = [];

  @Field(() => [StoredCommand])
  @Property({ type: "json" })
  commands: StoredCommand[] = [];

  @Field(() => Date, { nullable: true, description: "When the hub last reported an event of this device." })
  @Property({ type: "datetime", nullable: true })
  lastEventAt?: Date | null;

  /** Listed by the hub at the last sync; a device removed from the hub is kept, not online. */
  @Property({ type: "boolean", default: true })
  online: boolean = true;

  /** When a sync last changed what is stored of this device. */
  @Property({ type: "datetime", nullable: true })
  syncedAt?: Date | null;

  /** When a sync found the hub no longer lists it; null while it is listed (or since it returned). */
  @Field(() => Date, { nullable: true, description: "When the hub stopped listing this device; null while listed." })
  @Property({ type: "datetime", nullable: true })
  removedAt?: Date | null;

  /** A user of the auth service (no foreign key across services). */
  @Index()
  @Property({ type: "integer", nullable: true })
  lastChangedById?: number | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: "datetime", nullable: true })
  lastChangedAt?: Date | null;

  /** An admin's override of DEVICE_EVENT_RETENTION_DAYS for this device; null: the default. */
  @Property({ type: "integer", nullable: true })
  eventRetentionDays?: number | null;

  /** An admin's override of DEVICE_ROLLUP_RETENTION_DAYS for this device; null: the default. */
  @Property({ type: "integer", nullable: true })
  rollupRetentionDays?: number | null;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();

  @Property({ type: "datetime", defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
