import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "An alert Hubitat Safety Monitor raised and has not cancelled." })
export class HsmAlert {
  @Field(() => String, {
    description: "As the hub names it: intrusion, intrusion-home, intrusion-night, smoke, water, rule, arming...",
  })
  kind!: string;

  @Field(() => Date, { description: "When Homegraph heard it." })
  at!: Date;

  @Field(() => String, { nullable: true, description: "The hub's own words: the device or rule, when it says." })
  text!: string | null;
}

@ObjectType({ description: "One change of Hubitat Safety Monitor: a status the hub reported, or an alert." })
export class HsmHistoryEntry {
  @Field(() => String, {
    description: "`status` (armingAway, armedAway, disarmed...) or `alert` (intrusion... cancel).",
  })
  kind!: string;

  @Field(() => String)
  value!: string;

  @Field(() => String, { nullable: true, description: "The hub's words, or why Homegraph recorded it." })
  text!: string | null;

  @Field(() => Date)
  at!: Date;
}

@ObjectType({
  description: "Hubitat Safety Monitor as the alarm panel shows it, sent whenever its status or alert changes.",
})
export class HsmState {
  @Field(() => String, { nullable: true, description: "armingAway, armedAway, armedHome, armedNight, disarmed..." })
  status!: string | null;

  @Field(() => Date, { nullable: true, description: "When arming began, while the status is arming*." })
  armingSince!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      "When arming ends: the hub does not report its exit delay, so this is known only when HSM_EXIT_DELAY_SECONDS is set.",
  })
  armingUntil!: Date | null;

  @Field(() => HsmAlert, { nullable: true, description: "The alert in force; null once cancelled or disarmed." })
  alert!: HsmAlert | null;
}
