import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { User } from "../entities/user.entity.js";

export enum GuestAccessLevel {
  VIEW = "VIEW",
  CONTROL = "CONTROL",
}
registerEnumType(GuestAccessLevel, {
  name: "GuestAccessLevel",
  description: "What a guest may do with a room or device.",
});

export enum GuestPassStatus {
  NOT_YET = "NOT_YET",
  ACTIVE = "ACTIVE",
  ENDED = "ENDED",
  EXPIRED = "EXPIRED",
}
registerEnumType(GuestPassStatus, {
  name: "GuestPassStatus",
  description: "NOT_YET: before its start; ACTIVE; ENDED: ended early by an admin; EXPIRED: its end time passed.",
});

@InputType({ description: "A room the guest may see (VIEW) or also use (CONTROL)." })
export class GuestRoomAccessInput {
  @Field(() => String)
  room!: string;

  @Field(() => GuestAccessLevel)
  level!: GuestAccessLevel;
}

@InputType({ description: "A device the guest may see (VIEW) or also use (CONTROL)." })
export class GuestDeviceAccessInput {
  @Field(() => ID)
  deviceId!: string;

  @Field(() => GuestAccessLevel)
  level!: GuestAccessLevel;
}

@InputType({ description: "A code for a keypad lock, handed to the home service and never stored by auth." })
export class GuestLockCodeInput {
  @Field(() => ID)
  deviceId!: string;

  @Field(() => String, { description: "4 to 8 digits." })
  code!: string;

  @Field(() => String, { nullable: true, description: "The code's name on the lock; the guest's name by default." })
  name?: string | null;
}

@InputType({ description: "A new guest pass: at least one room or device, at most 30 days long." })
export class CreateGuestPassInput {
  @Field(() => String, { description: "1 to 60 characters; the guest's display name." })
  guestName!: string;

  @Field(() => Date)
  validFrom!: Date;

  @Field(() => Date, { description: "After validFrom, at most 30 days later." })
  validUntil!: Date;

  @Field(() => [GuestRoomAccessInput], { defaultValue: [] })
  rooms!: GuestRoomAccessInput[];

  @Field(() => [GuestDeviceAccessInput], { defaultValue: [] })
  devices!: GuestDeviceAccessInput[];

  @Field(() => GuestLockCodeInput, { nullable: true })
  lockCode?: GuestLockCodeInput | null;
}

@ObjectType({ description: "A room a pass opens, and how far." })
export class GuestRoomAccess {
  @Field(() => String)
  room!: string;

  @Field(() => GuestAccessLevel)
  level!: GuestAccessLevel;
}

@ObjectType({ description: "A device a pass opens, and how far." })
export class GuestDeviceAccess {
  @Field(() => ID)
  deviceId!: string;

  @Field(() => GuestAccessLevel)
  level!: GuestAccessLevel;
}

@ObjectType({ description: "That a pass has a lock code, and its name: never the code." })
export class GuestLockCode {
  @Field(() => ID)
  deviceId!: string;

  @Field(() => String)
  name!: string;
}

@ObjectType("GuestPass", { description: "A guest pass: who, when, what it opens, and how it was used." })
export class GuestPassView {
  @Field(() => ID)
  id!: string;

  @Field(() => User, { description: "The GUEST user made for this pass." })
  guest!: User;

  @Field(() => String)
  guestName!: string;

  @Field(() => Date)
  validFrom!: Date;

  @Field(() => Date)
  validUntil!: Date;

  @Field(() => GuestPassStatus)
  status!: GuestPassStatus;

  @Field(() => Date, { nullable: true, description: "When an admin ended it early." })
  endedAt?: Date | null;

  /** Resolved as `endedBy` (the admin who ended it early) by the resolver. */
  endedById?: number | null;

  /** Resolved as `createdBy`. */
  createdById?: number | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => [GuestRoomAccess])
  rooms!: GuestRoomAccess[];

  @Field(() => [GuestDeviceAccess])
  devices!: GuestDeviceAccess[];

  @Field(() => GuestLockCode, { nullable: true })
  lockCode?: GuestLockCode | null;

  @Field(() => Int, { description: "How many times its link was exchanged for a session." })
  redemptions!: number;

  @Field(() => Date, { nullable: true })
  firstRedeemedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  lastRedeemedAt?: Date | null;

  @Field(() => Boolean, {
    description: "The home service confirmed its grants and lock code are gone (after the end).",
  })
  homeAccessRemoved!: boolean;
}

@ObjectType({ description: "A new guest pass: `link` is shown this once and never again." })
export class CreatedGuestPass {
  @Field(() => GuestPassView)
  pass!: GuestPassView;

  @Field(() => String, {
    description: "PUBLIC_URL/pass/<secret>: opens the app signed in as the guest while the pass lasts.",
  })
  link!: string;
}
