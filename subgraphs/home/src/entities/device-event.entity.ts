import { Entity, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { castValue } from "../hubitat/normalize.js";
import type { AttributeValue } from "../hubitat/types.js";

export enum DeviceEventSource {
  /** Posted by the hub to the registered event URL. */
  POST = "POST",
  /** A frame of the hub's eventsocket. */
  SOCKET = "SOCKET",
  /** A command sent through Homegraph (name: the command, value: its arguments as JSON). */
  COMMAND = "COMMAND",
  /** A change found by a resync that no event had reported (the hub was away, or an event was lost). */
  SYNC = "SYNC",
}
registerEnumType(DeviceEventSource, { name: "DeviceEventSource", description: "How Homegraph learnt of an event." });

/** One entry of a device's history; rows older than DEVICE_EVENT_RETENTION_DAYS are deleted. */
@ObjectType({ description: "Something that happened to a device." })
@Entity({ tableName: "device_events" })
export class DeviceEvent {
  [OptionalProps]?: "createdAt" | "typedValue";

  @Field(() => ID)
  @PrimaryKey({ type: "bigint", autoincrement: true })
  id!: string;

  @Property({ type: "integer" })
  deviceId!: number;

  @Field(() => String)
  @Property({ type: "string", length: 64 })
  hubDeviceId!: string;

  @Field(() => String, { description: "The attribute (or, for COMMAND, the command)." })
  @Property({ type: "string", length: 255 })
  name!: string;

  /** As the hub sent it: a string, cast on the way out by `valueType`. */
  @Property({ type: "text", nullable: true })
  value?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 32, nullable: true })
  valueType?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 32, nullable: true })
  unit?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: "text", nullable: true })
  description?: string | null;

  @Field(() => DeviceEventSource)
  @Property({ type: "string", length: 16 })
  source!: DeviceEventSource;

  @Field(() => String, {
    nullable: true,
    description:
      "Who did it at the device, when the device says: the name of the lock code that unlocked a lock (\"unlocked by Dana\"), a guest pass's guest for a pass's code.",
  })
  @Property({ type: "string", length: 64, nullable: true })
  actorName?: string | null;

  /** Who caused it through Homegraph (a user of the auth service), when anyone did. */
  @Property({ type: "integer", nullable: true })
  changedByUserId?: number | null;

  @Field(() => Date)
  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();

  /** The value cast by its type, as `Device.attributes` show it. */
  get typedValue(): AttributeValue {
    if (this.valueType === "COMMAND_ARGS") {
      try {
        return JSON.parse(this.value ?? "[]") as AttributeValue;
      } catch {
        return this.value ?? null;
      }
    }
    return castValue(this.value, this.valueType ?? "STRING");
  }
}
