import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { Device } from "../entities/device.entity.js";
import { Role } from "../entities/role.enum.js";
import { User } from "../entities/user.entity.js";
import { AccessLevel, SecureCapability } from "../services/access-model.js";

export { Role, SecureCapability };

registerEnumType(AccessLevel, {
  name: "AccessLevel",
  description: "What a person may do with a device: nothing (it does not exist for them), see it, or control it.",
});

registerEnumType(SecureCapability, {
  name: "SecureCapability",
  description:
    "What stands guard over the whole house: HSM (arming and disarming the alarm) and MODE (the hub's mode). " +
    "CONTROL only by a grant of its own; a role's default gives at most VIEW; guest passes never grant them.",
});

export enum AccessSource {
  ADMIN = "ADMIN",
  DEVICE_GRANT = "DEVICE_GRANT",
  ROOM_GRANT = "ROOM_GRANT",
  CAPABILITY_GRANT = "CAPABILITY_GRANT",
  ROLE_DEFAULT = "ROLE_DEFAULT",
}
registerEnumType(AccessSource, {
  name: "AccessSource",
  description:
    "Where an effective level comes from: an admin's role, a device's grant, its room's, the capability's own grant, or the role's default.",
});

@ObjectType({ description: "What a role gets where nobody granted anything." })
export class RoleAccessDefaults {
  @Field(() => Role)
  role!: Role;

  @Field(() => AccessLevel, { description: "For ordinary devices (lights, sensors, thermostats...)." })
  ordinary!: AccessLevel;

  @Field(() => AccessLevel, {
    description:
      "For secure devices (locks, garage doors, valves, alarm panels), and the alarm (HSM) and the hub's mode: at most VIEW.",
  })
  secure!: AccessLevel;
}

@ObjectType({ description: "A person's level in a room: for the room's ordinary devices, and new ones." })
export class RoomAccess {
  @Field(() => String)
  room!: string;

  @Field(() => AccessLevel)
  level!: AccessLevel;

  @Field(() => AccessLevel, {
    nullable: true,
    description: "The grant in force for the room; null: the role's default.",
  })
  granted!: AccessLevel | null;
}

@ObjectType({ description: "A person's effective level on one device, and why." })
export class DeviceAccess {
  @Field(() => ID)
  deviceId!: string;

  @Field(() => Device)
  device!: Device;

  @Field(() => AccessLevel)
  level!: AccessLevel;

  @Field(() => Boolean, {
    description: "A lock, garage door, valve or alarm panel: CONTROL needs a grant of this device.",
  })
  secure!: boolean;

  @Field(() => AccessSource)
  source!: AccessSource;

  @Field(() => AccessLevel, { nullable: true, description: "The device's own grant in force; null: none." })
  granted!: AccessLevel | null;
}

@ObjectType({ description: "A person's effective level on the alarm (HSM) or the hub's mode, and why." })
export class CapabilityAccess {
  @Field(() => SecureCapability)
  capability!: SecureCapability;

  @Field(() => AccessLevel)
  level!: AccessLevel;

  @Field(() => AccessSource)
  source!: AccessSource;

  @Field(() => AccessLevel, { nullable: true, description: "The person's own grant in force; null: none." })
  granted!: AccessLevel | null;
}

@ObjectType({
  description:
    "The caller's own level on the hub's household-wide capabilities, for the app to disable what they may not do.",
})
export class HubAccess {
  @Field(() => AccessLevel, { description: "The alarm: NONE (its state is hidden), VIEW, or CONTROL (setHsm)." })
  hsm!: AccessLevel;

  @Field(() => AccessLevel, { description: "The mode: NONE (hidden), VIEW, or CONTROL (setHubMode)." })
  mode!: AccessLevel;
}

@ObjectType({
  description:
    "A person's access to the home: every room and device with its effective level. For the person " +
    "themself, only what they may at least VIEW.",
})
export class HomeAccess {
  @Field(() => ID)
  userId!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => RoleAccessDefaults, { nullable: true, description: "The role's defaults; null for an admin." })
  defaults!: RoleAccessDefaults | null;

  @Field(() => [RoomAccess])
  rooms!: RoomAccess[];

  @Field(() => [DeviceAccess])
  devices!: DeviceAccess[];

  @Field(() => [CapabilityAccess], { description: "The alarm (HSM) and the hub's mode, always both." })
  capabilities!: CapabilityAccess[];

  @Field(() => Date, { nullable: true, description: "When the first grant in force ends (a guest pass), if any does." })
  validUntil!: Date | null;
}

@ObjectType({ description: "A device in the admin's access matrix." })
export class AccessMatrixDevice {
  @Field(() => Device)
  device!: Device;

  @Field(() => Boolean, { description: "Needs its own CONTROL grant (lock, garage door, valve, alarm panel)." })
  secure!: boolean;
}

@ObjectType({ description: "A room of the admin's access matrix." })
export class AccessMatrixRoom {
  @Field(() => String, { nullable: true, description: "The hub's room name; null for devices in no room." })
  name!: string | null;

  @Field(() => [AccessMatrixDevice])
  devices!: AccessMatrixDevice[];
}

@ObjectType({
  description:
    "People × rooms, for the admin's People & access screen: each person's levels are `homeAccess` on each of `people`.",
})
export class AccessMatrix {
  @Field(() => [AccessMatrixRoom])
  rooms!: AccessMatrixRoom[];

  @Field(() => [RoleAccessDefaults])
  roleDefaults!: RoleAccessDefaults[];

  @Field(() => [User], {
    nullable: true,
    description: "The household's people (auth's directory) and anyone holding a grant.",
  })
  people!: User[];
}

@InputType({ description: "A room a guest pass grants." })
export class GuestPassRoomInput {
  @Field(() => String)
  room!: string;

  @Field(() => AccessLevel, { description: "VIEW or CONTROL." })
  level!: AccessLevel;
}

@InputType({ description: "A device a guest pass grants." })
export class GuestPassDeviceInput {
  @Field(() => ID)
  deviceId!: string;

  @Field(() => AccessLevel, { description: "VIEW or CONTROL." })
  level!: AccessLevel;
}

@InputType({ description: "A lock code for the pass's window: 4 to 8 digits, on a lock the pass grants CONTROL of." })
export class GuestPassLockCodeInput {
  @Field(() => ID)
  deviceId!: string;

  @Field(() => String)
  code!: string;

  @Field(() => String, { description: "How the lock names the code (and its events: unlocked by <name>)." })
  name!: string;
}

@InputType({ description: "What a guest pass lets its guest see and do, and when." })
export class GuestPassAccessInput {
  @Field(() => ID, { description: "The pass's id (auth's): applying it again replaces what it granted." })
  passId!: string;

  @Field(() => ID)
  guestUserId!: string;

  @Field(() => Date)
  validFrom!: Date;

  @Field(() => Date)
  validUntil!: Date;

  @Field(() => [GuestPassRoomInput], { nullable: true })
  rooms?: GuestPassRoomInput[] | null;

  @Field(() => [GuestPassDeviceInput], { nullable: true })
  devices?: GuestPassDeviceInput[] | null;

  @Field(() => GuestPassLockCodeInput, { nullable: true })
  lockCode?: GuestPassLockCodeInput | null;
}
