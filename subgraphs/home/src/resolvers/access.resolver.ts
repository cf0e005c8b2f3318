import {
  ForbiddenError,
  NotFoundError,
  requireStepUp,
  UnauthenticatedError,
  type Role as CommonRole,
} from "@homegraph/common";
import { Arg, Authorized, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { HomeContext } from "../context.js";
import { User } from "../entities/user.entity.js";
import { AccessLevel, isSecure, SecureCapability } from "../services/access-model.js";
import {
  applyGuestPassAccess,
  checkUserId,
  revokeGuestPassAccess,
  setCapabilityAccess,
  setDeviceAccess,
  setRoleAccessDefaults,
  setRoomAccess,
} from "../services/access.service.js";
import { accessMatrix, homeAccessOf } from "../services/access-report.js";
import { AccessMatrix, GuestPassAccessInput, HomeAccess, Role, RoleAccessDefaults } from "./access.types.js";

const userRef = (id: number) => Object.assign(new User(), { id: String(id) });

/**
 * The applyGuestPassAccess/revokeGuestPassAccess callers: the auth service (which owns guest
 * passes) with its service token, or an admin. type-graphql's checker lets no service token
 * through, so this is checked here.
 */
function requireAuthServiceOrAdmin(ctx: HomeContext): void {
  const identity = ctx.identity;
  if (!identity) throw new UnauthenticatedError("This needs the auth service's token or an admin's.");
  if (identity.role === "SERVICE" ? identity.service === "auth" : identity.role === "ADMIN") return;
  throw new ForbiddenError("Only the auth service or an admin may apply guest passes.");
}

/** Whose role `homeAccess` judges by: the one auth gave the gateway (@requires), else the caller's own or the directory's. */
async function roleOf(user: User, ctx: HomeContext): Promise<CommonRole> {
  if (user.role) return user.role;
  if (ctx.identity && String(ctx.identity.userId) === user.id && ctx.identity.role !== "SERVICE") {
    return ctx.identity.role;
  }
  const role = (await ctx.people?.roles().catch(() => undefined))?.get(Number(user.id));
  if (!role) throw new NotFoundError("No such person.");
  return role;
}

@Resolver(() => User)
export class UserAccessResolver {
  @Authorized("GUEST")
  @Directive('@requires(fields: "role")')
  @FieldResolver(() => HomeAccess, {
    nullable: true,
    description:
      "The person's access to the home's rooms and devices: for the person themself and admins (null with FORBIDDEN for anyone else).",
  })
  async homeAccess(@Root() user: User, @Ctx() ctx: HomeContext): Promise<HomeAccess> {
    const caller = ctx.identity!;
    const self = String(caller.userId) === user.id;
    if (!self && caller.role !== "ADMIN") throw new ForbiddenError("Only admins may see another person's access.");
    // A person sees only what they may see (NONE gives no hint); an admin sees everything.
    const onlyVisible = caller.role !== "ADMIN";
    return homeAccessOf(ctx, checkUserId(user.id), await roleOf(user, ctx), { onlyVisible });
  }
}

@Resolver()
export class AccessResolver {
  @Authorized("ADMIN")
  @Query(() => AccessMatrix, {
    description:
      "People × rooms for the admin: rooms with their devices (secure ones marked), role defaults and people.",
  })
  accessMatrix(@Ctx() ctx: HomeContext): Promise<AccessMatrix> {
    return accessMatrix(ctx);
  }

  @Authorized("ADMIN")
  @Mutation(() => User, {
    description:
      "Sets a person's level in a room (its hub name), for its devices present and future; null: back to the role's default.",
  })
  async setRoomAccess(
    @Arg("userId", () => ID) userId: string,
    @Arg("room", () => String) room: string,
    @Arg("level", () => AccessLevel, { nullable: true }) level: AccessLevel | null,
    @Ctx() ctx: HomeContext,
  ): Promise<User> {
    const id = checkUserId(userId);
    await setRoomAccess(ctx.em, id, room, level ?? null);
    ctx.accessControl.changed(id);
    ctx.logger.info(
      { event: "ACCESS_CHANGED", actorId: ctx.identity?.userId, userId: id, room, level },
      "room access set",
    );
    return userRef(id);
  }

  @Authorized("ADMIN")
  @Mutation(() => User, {
    description:
      "Sets a person's level on one device, over its room's; null: back to the room's or the role's. CONTROL of a " +
      "secure device (lock, garage door, valve, alarm panel) needs a factor proven in the last 5 minutes.",
  })
  async setDeviceAccess(
    @Arg("userId", () => ID) userId: string,
    @Arg("deviceId", () => ID) deviceId: string,
    @Arg("level", () => AccessLevel, { nullable: true }) level: AccessLevel | null,
    @Ctx() ctx: HomeContext,
  ): Promise<User> {
    const id = checkUserId(userId);
    if (level === AccessLevel.CONTROL) {
      const device = await ctx.loaders.device.load(Number(deviceId));
      if (device && isSecure(device)) requireStepUp(ctx, "setDeviceAccess(secure CONTROL)");
    }
    await setDeviceAccess(ctx.em, id, deviceId, level ?? null);
    ctx.accessControl.changed(id);
    ctx.logger.info(
      { event: "ACCESS_CHANGED", actorId: ctx.identity?.userId, userId: id, deviceId, level },
      "device access set",
    );
    return userRef(id);
  }

  @Authorized("ADMIN")
  @Mutation(() => User, {
    description:
      "Sets a person's level on the alarm (HSM: setHsm) or the hub's mode (MODE: setHubMode); null: back to the " +
      "role's secure default (at most VIEW). Granting CONTROL needs a factor proven in the last 5 minutes.",
  })
  async setCapabilityAccess(
    @Arg("userId", () => ID) userId: string,
    @Arg("capability", () => SecureCapability) capability: SecureCapability,
    @Arg("level", () => AccessLevel, { nullable: true }) level: AccessLevel | null,
    @Ctx() ctx: HomeContext,
  ): Promise<User> {
    const id = checkUserId(userId);
    if (level === AccessLevel.CONTROL) requireStepUp(ctx, `setCapabilityAccess(${capability} CONTROL)`);
    await setCapabilityAccess(ctx.em, id, capability, level ?? null);
    ctx.accessControl.changed(id);
    ctx.logger.info(
      { event: "ACCESS_CHANGED", actorId: ctx.identity?.userId, userId: id, capability, level },
      "capability access set",
    );
    return userRef(id);
  }

  @Authorized("ADMIN")
  @Mutation(() => RoleAccessDefaults, {
    description:
      "What MEMBERs or GUESTs get where nobody granted anything: `ordinary` for ordinary devices, `secure` (at most VIEW) for secure ones and the alarm and mode.",
  })
  async setRoleAccessDefaults(
    @Arg("role", () => Role) role: Role,
    @Arg("ordinary", () => AccessLevel) ordinary: AccessLevel,
    @Arg("secure", () => AccessLevel) secure: AccessLevel,
    @Ctx() ctx: HomeContext,
  ): Promise<RoleAccessDefaults> {
    const defaults = await setRoleAccessDefaults(ctx.em, role, ordinary, secure);
    ctx.accessControl.changed(null);
    ctx.logger.info(
      { event: "ACCESS_DEFAULTS_CHANGED", actorId: ctx.identity?.userId, role, ...defaults },
      "role defaults set",
    );
    return { role, ...defaults };
  }

  @Mutation(() => Boolean, {
    description:
      "For the auth service (its service token) or an admin: grants a guest pass's rooms and devices for its window " +
      "and schedules its lock code. Idempotent by passId (applying again replaces); CONFLICT once revoked.",
  })
  async applyGuestPassAccess(
    @Arg("input", () => GuestPassAccessInput) input: GuestPassAccessInput,
    @Ctx() ctx: HomeContext,
  ): Promise<boolean> {
    requireAuthServiceOrAdmin(ctx);
    const lockCodes = ctx.accessControl.passLockCodes();
    const lockCode = await applyGuestPassAccess(ctx.em, input, lockCodes);
    lockCodes.committed?.();
    const guestUserId = Number(input.guestUserId);
    ctx.accessControl.changed(guestUserId);
    ctx.logger.info(
      {
        event: "GUEST_PASS_APPLIED",
        passId: input.passId,
        guestUserId,
        validFrom: input.validFrom,
        validUntil: input.validUntil,
        lockCodeDeviceId: lockCode?.deviceId,
      },
      "guest pass access applied",
    );
    return true;
  }

  @Mutation(() => Boolean, {
    description:
      "For the auth service (its service token) or an admin: ends a guest pass's grants at once and cancels its lock code. Idempotent.",
  })
  async revokeGuestPassAccess(@Arg("passId", () => ID) passId: string, @Ctx() ctx: HomeContext): Promise<boolean> {
    requireAuthServiceOrAdmin(ctx);
    const lockCodes = ctx.accessControl.passLockCodes();
    const guestUserId = await revokeGuestPassAccess(ctx.em, passId, lockCodes);
    lockCodes.committed?.();
    if (guestUserId !== null) ctx.accessControl.changed(guestUserId);
    ctx.logger.info({ event: "GUEST_PASS_REVOKED", passId, guestUserId }, "guest pass access revoked");
    return true;
  }
}
