import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { HomeContext } from "../context.js";
import { Device } from "../entities/device.entity.js";
import type { LockCode } from "../entities/lock-code.entity.js";
import { parseLockCodes } from "../hubitat/lock-codes.js";
import { refKind } from "../services/lock-code.service.js";
import { LockCodeKind, LockCodeSlot, LockCodeStatus } from "./lock-code.types.js";

function slotOf(row: LockCode): LockCodeSlot {
  return {
    id: String(row.id),
    position: row.position ?? null,
    name: row.name,
    status: row.state.toUpperCase() as LockCodeStatus,
    kind: LockCodeKind[refKind(row.ref)],
    startsAt: row.startsAt,
    endsAt: row.endsAt ?? null,
    attempts: row.attempts,
    lastError: row.lastError ?? null,
  };
}

@Resolver(() => Device)
export class LockCodeResolver {
  @Authorized("ADMIN")
  @FieldResolver(() => [LockCodeSlot], {
    nullable: true,
    description:
      "Admins: the lock's codes by position — Homegraph's (scheduled, on the lock, recently ended) and those set at the lock — with names, never the codes. Null for a device without lock codes.",
  })
  async lockCodes(@Root() device: Device, @Ctx() ctx: HomeContext): Promise<LockCodeSlot[] | null> {
    if (!device.capabilities.includes("LockCodes")) return null;
    const ours = (await ctx.lockCodes.rowsOf(ctx.em, device.id)).map(slotOf);
    const held = new Set(
      ours.filter((s) => s.status !== LockCodeStatus.DELETED && s.position != null).map((s) => s.position),
    );
    const atLock = parseLockCodes(device.attributes.find((a) => a.name === "lockCodes")?.value);
    const people: LockCodeSlot[] =
      atLock && atLock !== "encrypted"
        ? Object.entries(atLock)
            .filter(([p]) => !held.has(Number(p)))
            .map(([p, e]) => ({
              id: null,
              position: Number(p),
              name: e.name ?? `code #${p}`,
              status: LockCodeStatus.ACTIVE,
              kind: LockCodeKind.LOCK,
              startsAt: null,
              endsAt: null,
              attempts: 0,
              lastError: null,
            }))
        : [];
    return [...people, ...ours].sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity));
  }

  @Authorized("ADMIN")
  @Mutation(() => LockCodeSlot, {
    description:
      "Admins: a household code on a lock from startsAt (now when omitted) until endsAt (until cancelled when omitted). The code is digits, as long as the lock's codeLength (4 to 8 when it reports none); the name 1 to 32 characters. BAD_USER_INPUT with field and reason (LOCK_CODE_NOT_DIGITS, LOCK_CODE_LENGTH, LOCK_CODE_IN_USE, LOCK_CODE_NAME, LOCK_CODE_WINDOW, NOT_A_LOCK); NOT_FOUND for an unknown device.",
  })
  async scheduleLockCode(
    @Arg("deviceId", () => ID) deviceId: string,
    @Arg("name", () => String) name: string,
    @Arg("code", () => String) code: string,
    @Arg("startsAt", () => Date, { nullable: true }) startsAt: Date | null | undefined,
    @Arg("endsAt", () => Date, { nullable: true }) endsAt: Date | null | undefined,
    @Ctx() ctx: HomeContext,
  ): Promise<LockCodeSlot> {
    const row = await ctx.lockCodes.scheduleHousehold(ctx.em, {
      deviceId,
      name,
      code,
      startsAt: startsAt ?? new Date(),
      endsAt: endsAt ?? null,
    });
    return slotOf(row);
  }

  @Authorized("ADMIN")
  @Mutation(() => Boolean, {
    description:
      "Admins: ends a scheduled code now (deleted from the lock if it was written); NOT_FOUND for an unknown id.",
  })
  async cancelLockCode(@Arg("id", () => ID) id: string, @Ctx() ctx: HomeContext): Promise<boolean> {
    await ctx.lockCodes.cancelById(ctx.em, Number(id));
    return true;
  }
}
