import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";

export enum LockCodeStatus {
  PENDING = "PENDING",
  ACTIVE = "ACTIVE",
  DELETING = "DELETING",
  DELETED = "DELETED",
  FAILED = "FAILED",
}
registerEnumType(LockCodeStatus, {
  name: "LockCodeStatus",
  description:
    "PENDING: waiting for its start, or to be written (again); ACTIVE: on the lock; DELETING: to be taken off; DELETED: gone; FAILED: the lock refused it (see lastError).",
});

export enum LockCodeKind {
  PASS = "PASS",
  HOUSEHOLD = "HOUSEHOLD",
  LOCK = "LOCK",
}
registerEnumType(LockCodeKind, {
  name: "LockCodeKind",
  description:
    "PASS: a guest pass's code; HOUSEHOLD: a code an admin scheduled; LOCK: set at the lock itself, not by Homegraph.",
});

@ObjectType({ description: "A code position of a lock: its name and state, never the code itself." })
export class LockCodeSlot {
  @Field(() => ID, {
    nullable: true,
    description: "Homegraph's schedule (for cancelLockCode); null for a code set at the lock.",
  })
  id!: string | null;

  @Field(() => Int, { nullable: true, description: "The lock's position; null until Homegraph has chosen one." })
  position!: number | null;

  @Field(() => String)
  name!: string;

  @Field(() => LockCodeStatus)
  status!: LockCodeStatus;

  @Field(() => LockCodeKind)
  kind!: LockCodeKind;

  @Field(() => Date, { nullable: true })
  startsAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "Null: until cancelled." })
  endsAt!: Date | null;

  @Field(() => Int, { description: "Hub calls that failed in a row (retried with backoff)." })
  attempts!: number;

  @Field(() => String, { nullable: true })
  lastError!: string | null;
}
