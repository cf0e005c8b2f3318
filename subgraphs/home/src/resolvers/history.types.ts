import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";

export enum HistoryResolutionInput {
  RAW = "RAW",
  HOUR = "HOUR",
  DAY = "DAY",
  AUTO = "AUTO",
}
registerEnumType(HistoryResolutionInput, {
  name: "HistoryResolution",
  description:
    "RAW: every reading (ranges up to 7 days); HOUR: hourly buckets (up to 400 days); DAY: daily buckets " +
    "(UTC days, up to 10 years); AUTO: RAW up to 6 hours, HOUR up to 31 days, DAY beyond.",
  valuesConfig: { AUTO: { description: "Chosen by the range: never more than 744 points." } },
});

@ObjectType({ description: "One point of a history: a reading (RAW) or a bucket of readings." })
export class HistoryPoint {
  @Field(() => Date, { description: "The reading's time, or the bucket's start." })
  at!: Date;

  @Field(() => Int, { description: "Readings in the bucket (1 for RAW)." })
  count!: number;

  @Field(() => Number)
  min!: number;

  @Field(() => Number)
  max!: number;

  @Field(() => Number)
  mean!: number;

  @Field(() => Number, { description: "The bucket's first reading." })
  first!: number;

  @Field(() => Number, { description: "The bucket's last reading." })
  last!: number;

  @Field(() => Number, {
    nullable: true,
    description:
      "For a counter such as `energy` (kWh): how much it rose during the bucket, counting from the reading " +
      "before it; a reading lower than the one before (the meter was reset) counts as a rise from zero. Null for RAW.",
  })
  increase!: number | null;
}

@ObjectType({ description: "A device attribute's numeric history over a range." })
export class DeviceHistory {
  @Field(() => ID)
  deviceId!: string;

  @Field(() => String)
  attribute!: string;

  @Field(() => String, { nullable: true, description: "The attribute's unit, as the device reports it." })
  unit!: string | null;

  @Field(() => HistoryResolutionInput, { description: "The resolution used (never AUTO)." })
  resolution!: HistoryResolutionInput;

  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => [HistoryPoint], { description: "Oldest first; buckets without readings are left out." })
  points!: HistoryPoint[];
}

@ObjectType({ description: "How long a device's history is kept." })
export class HistoryRetention {
  @Field(() => Int, { description: "Days its events are kept (DEVICE_EVENT_RETENTION_DAYS unless set for it)." })
  eventDays!: number;

  @Field(() => Int, {
    description: "Days its hourly and daily rollups are kept (DEVICE_ROLLUP_RETENTION_DAYS unless set for it).",
  })
  rollupDays!: number;

  @Field(() => Boolean, { description: "An admin set this device's own retention." })
  custom!: boolean;
}
