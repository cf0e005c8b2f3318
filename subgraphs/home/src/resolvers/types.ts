import { GraphQLJSON } from "graphql-scalars";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Device } from "../entities/device.entity.js";
import { HubAccess } from "./access.types.js";
import { HsmAlert } from "./hsm.types.js";

@ObjectType({ description: "A room of the household: the devices whose hub room has this name." })
export class Room {
  @Field(() => String)
  name!: string;

  @Field(() => Int)
  deviceCount!: number;

  /** Resolved per room by a DataLoader. */
  devices?: Device[];
}

@ObjectType({
  description:
    "A command waiting for the hub (commands leave at a bounded rate) or being sent. While it waits, a newer " +
    "command setting the same thing (a level, a colour, on/off) replaces its arguments.",
})
export class PendingCommand {
  @Field(() => String)
  name!: string;

  @Field(() => [GraphQLJSON], { description: "The arguments as they will be sent." })
  arguments!: readonly unknown[];

  @Field(() => Date, { description: "When the first command of this place in the queue arrived." })
  queuedAt!: Date;

  @Field(() => Boolean, { description: "With the hub now, rather than waiting for its turn." })
  sending!: boolean;
}

@ObjectType("HubMode", { description: "A mode of the hub's location (Day, Evening, Night, Away...)." })
export class HubModeType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean)
  active!: boolean;
}

@ObjectType("HubVariable", { description: "A hub variable." })
export class HubVariableType {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: "As the hub stores it: text, whatever the type." })
  value!: string | null;

  @Field(() => String, { nullable: true, description: "string, integer, bigdecimal, boolean, datetime." })
  type!: string | null;
}

@ObjectType({ description: "Corrections made to match the hub, by kind." })
export class DriftCorrections {
  @Field(() => Int, { description: "Attribute values that differed from the hub's (an event was lost)." })
  attributeValue!: number;

  @Field(() => Int, { description: "Devices renamed on the hub." })
  label!: number;

  @Field(() => Int, { description: "Devices moved to another room on the hub." })
  room!: number;

  @Field(() => Int, { description: "Devices the hub stopped listing." })
  removed!: number;

  @Field(() => Int, { description: "Removed devices the hub lists again." })
  returned!: number;

  @Field(() => Int, { description: "Devices added on the hub that no event announced." })
  added!: number;
}

@ObjectType({ description: "Every correction reconciling with the hub has made, stored with the hub's state." })
export class HubDrift extends DriftCorrections {
  @Field(() => Int, { description: "All corrections, every kind." })
  corrections!: number;

  @Field(() => Date, { nullable: true })
  lastReconciledAt!: Date | null;
}

@ObjectType({ description: "What one reconcile with the hub found and corrected." })
export class ReconcileReport {
  @Field(() => Date)
  at!: Date;

  @Field(() => Int, { description: "Devices the hub lists, each compared with Homegraph's copy." })
  devicesChecked!: number;

  @Field(() => Int)
  corrections!: number;

  @Field(() => DriftCorrections)
  byKind!: DriftCorrections;

  @Field(() => Int, { description: "How long it took, in milliseconds." })
  ms!: number;
}

@ObjectType({ description: "A Hubitat hub: whether Homegraph reaches it, and the location's state." })
export class Hub {
  @Field(() => String, {
    description: "main for a single hub; a name of HUBITAT_HUBS (the first is the primary hub) with several.",
  })
  name!: string;

  @Field(() => Boolean, { description: "The primary hub: the one `hub` answers for when no name is given." })
  primary!: boolean;

  @Field(() => Boolean, {
    description:
      "Whether the hub is configured (HUBITAT_HUB_IP or HUBITAT_CLOUD_URL; HUBITAT_{NAME}_... with several).",
  })
  configured!: boolean;

  @Field(() => Boolean, { description: "The hub answered the last time Homegraph asked; false: devices are stale." })
  connected!: boolean;

  @Field(() => String, { nullable: true, description: "Why the hub is not connected." })
  problem!: string | null;

  @Field(() => Date, { nullable: true })
  lastEventAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastSyncAt!: Date | null;

  @Field(() => String, { nullable: true, description: "Null also for a caller without VIEW of the mode." })
  mode!: string | null;

  @Field(() => [HubModeType], { description: "Empty for a caller without VIEW of the mode." })
  modes!: HubModeType[];

  @Field(() => String, {
    nullable: true,
    description:
      "armedAway, armedHome, armedNight, disarmed, allDisarmed... Null, like every hsm* field, for a caller without VIEW of HSM.",
  })
  hsmStatus!: string | null;

  @Field(() => HsmAlert, {
    nullable: true,
    description: "HSM's alert in force; null once the hub cancels it or HSM is disarmed.",
  })
  hsmAlert!: HsmAlert | null;

  @Field(() => Date, {
    nullable: true,
    description: "When HSM began arming, while hsmStatus is armingAway, armingHome or armingNight.",
  })
  hsmArmingSince!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      "When arming ends. The hub does not report its exit delay: known only when HSM_EXIT_DELAY_SECONDS is set; null otherwise.",
  })
  hsmArmingUntil!: Date | null;

  @Field(() => [HubVariableType])
  variables!: HubVariableType[];

  @Field(() => HubDrift, { description: "What reconciling with the hub has corrected so far." })
  drift!: HubDrift;

  @Field(() => HubAccess, { description: "The caller's own level on the alarm and the mode." })
  myAccess!: HubAccess;
}

export enum HsmCommand {
  armAway = "armAway",
  armHome = "armHome",
  armNight = "armNight",
  disarm = "disarm",
  disarmAll = "disarmAll",
  armAll = "armAll",
  cancelAlerts = "cancelAlerts",
}
registerEnumType(HsmCommand, { name: "HsmCommand", description: "What Hubitat Safety Monitor is told to do." });
