import type { Role } from "@homegraph/common";
import type { HomeContext } from "../context.js";
import type { Device } from "../entities/device.entity.js";
import { User } from "../entities/user.entity.js";
import {
  AccessSource,
  type CapabilityAccess,
  type AccessMatrix,
  type AccessMatrixRoom,
  type DeviceAccess,
  type HomeAccess,
  type Role as RoleEnum,
  type RoomAccess,
} from "../resolvers/access.types.js";
import { atLeast, AccessLevel, isSecure, SecureCapability, type AccessView } from "./access-model.js";
import { allRoleDefaults, grantHolders, loadAccessView } from "./access.service.js";
import { listDevices } from "./device.service.js";

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One person's effective level on every room and device; `onlyVisible`: leave out what they may not see. */
export async function homeAccessOf(
  ctx: Pick<HomeContext, "em" | "removedGraceMs">,
  userId: number,
  role: Role,
  options: { onlyVisible: boolean },
): Promise<HomeAccess> {
  const [view, devices] = await Promise.all([
    loadAccessView(ctx.em, userId, role),
    listDevices(ctx.em, {}, ctx.removedGraceMs),
  ]);
  const deviceRows: DeviceAccess[] = [];
  const rooms = new Set<string>();
  for (const device of devices) {
    const { level, source, secure } = view.resolve(device);
    if (options.onlyVisible && !atLeast(level, AccessLevel.VIEW)) continue;
    if (device.room) rooms.add(device.room);
    deviceRows.push({
      deviceId: String(device.id),
      device,
      level,
      secure,
      source: source as AccessSource,
      granted: view.deviceGrant(device.id),
    });
  }
  if (!options.onlyVisible) for (const g of view.grants) if (g.room) rooms.add(g.room);
  const roomRows: RoomAccess[] = [...rooms].sort(byName).map((room) => ({ room, ...view.roomLevel(room) }));
  return {
    userId: String(userId),
    role: role as RoleEnum,
    defaults: view.isAdmin ? null : { role: role as RoleEnum, ...view.defaults },
    rooms: roomRows,
    devices: deviceRows,
    capabilities: capabilityRows(view),
    validUntil: view.validUntil(),
  };
}

/** Both, whatever the level (even for onlyVisible): that the house has an alarm and a mode is no secret. */
function capabilityRows(view: AccessView): CapabilityAccess[] {
  return [SecureCapability.HSM, SecureCapability.MODE].map((capability) => {
    const { level, source } = view.resolveCapability(capability);
    return { capability, level, source: source as AccessSource, granted: view.capabilityGrant(capability) };
  });
}

/**
 * The admin's matrix: every room with its devices (secure ones marked), the role defaults, and the
 * people (auth's directory when it answers, and anyone holding a grant); each person's levels are
 * their `homeAccess`, which the gateway resolves with their role from auth.
 */
export async function accessMatrix(
  ctx: Pick<HomeContext, "em" | "removedGraceMs" | "people" | "logger">,
): Promise<AccessMatrix> {
  const [devices, defaults, holders, directory] = await Promise.all([
    listDevices(ctx.em, {}, ctx.removedGraceMs),
    allRoleDefaults(ctx.em),
    grantHolders(ctx.em),
    ctx.people?.roles().catch((err: Error) => {
      ctx.logger.warn({ err: err.message }, "access matrix: auth's directory unreachable; people with grants only");
      return undefined;
    }),
  ]);
  const rooms = new Map<string | null, Device[]>();
  for (const d of devices) rooms.set(d.room ?? null, [...(rooms.get(d.room ?? null) ?? []), d]);
  const roomRows: AccessMatrixRoom[] = [...rooms]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : byName(a, b)))
    .map(([name, list]) => ({ name, devices: list.map((device) => ({ device, secure: isSecure(device) })) }));
  const people = new Set<number>([...(directory?.keys() ?? []), ...holders]);
  return {
    rooms: roomRows,
    roleDefaults: (["MEMBER", "GUEST"] as const).map((role) => ({ role: role as RoleEnum, ...defaults[role] })),
    people: [...people].sort((a, b) => a - b).map((id) => Object.assign(new User(), { id: String(id) })),
  };
}
