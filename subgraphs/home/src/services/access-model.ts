// Who may see and control which device: the rules, without the database. access.service.ts
// loads a person's grants into an AccessView; everything that shows or commands a device asks it.
import type { Role } from "@homegraph/common";

export enum AccessLevel {
  NONE = "NONE",
  VIEW = "VIEW",
  CONTROL = "CONTROL",
}

const RANK: Record<AccessLevel, number> = { NONE: 0, VIEW: 1, CONTROL: 2 };
export const atLeast = (level: AccessLevel, wanted: AccessLevel) => RANK[level] >= RANK[wanted];
const lower = (a: AccessLevel, b: AccessLevel) => (RANK[a] <= RANK[b] ? a : b);

/**
 * Capabilities that open the house or stand guard over it: a lock, a garage door or gate, a water
 * valve, an alarm panel. Controlling one needs a CONTROL grant on that very device, even for a
 * member; neither a room's grant nor a role's default gives more than VIEW of it.
 */
export const SECURE_CAPABILITIES: readonly string[] = [
  "Lock",
  "GarageDoorControl",
  "DoorControl",
  "Valve",
  "SecurityKeypad",
];

/**
 * What stands guard over the whole house rather than one device: Hubitat Safety Monitor (arming
 * and disarming the alarm) and the location's mode. Granted per person like a secure device:
 * CONTROL only by an explicit grant (never a guest pass's), VIEW at most from a role's default.
 */
export enum SecureCapability {
  HSM = "HSM",
  MODE = "MODE",
}

export interface AccessDevice {
  id: number;
  room?: string | null;
  capabilities: readonly string[];
}

export const isSecure = (device: Pick<AccessDevice, "capabilities">) =>
  device.capabilities.some((c) => SECURE_CAPABILITIES.includes(c));

/** What a role gets where nobody granted anything: for ordinary devices, and for secure ones (at most VIEW). */
export interface RoleDefaults {
  ordinary: AccessLevel;
  secure: AccessLevel;
}

/** Until an admin says otherwise: members use ordinary devices and see secure ones; guests get nothing. */
export const BUILT_IN_DEFAULTS: Record<Exclude<Role, "ADMIN">, RoleDefaults> = {
  MEMBER: { ordinary: AccessLevel.CONTROL, secure: AccessLevel.VIEW },
  GUEST: { ordinary: AccessLevel.NONE, secure: AccessLevel.NONE },
};

/** One grant as loaded: a room's or a device's, the admin's own (no pass) or a guest pass's, for a window. */
export interface Grant {
  room: string | null;
  deviceId: number | null;
  /** A household-wide capability (one of room, device or capability is set). */
  capability?: SecureCapability | null;
  level: AccessLevel;
  passId: string | null;
  validFrom: Date | null;
  validUntil: Date | null;
}

export type AccessSource = "ADMIN" | "DEVICE_GRANT" | "ROOM_GRANT" | "CAPABILITY_GRANT" | "ROLE_DEFAULT";

export interface Resolved {
  level: AccessLevel;
  source: AccessSource;
  secure: boolean;
}

const active = (g: Grant, now: number) =>
  (!g.validFrom || g.validFrom.getTime() <= now) && (!g.validUntil || g.validUntil.getTime() > now);

/**
 * Of several grants on one target, the admin's own word (set for the person, no pass) wins;
 * among a guest pass's, the highest. Undefined when none is in force now.
 */
function pick(grants: readonly Grant[] | undefined, now: number): Grant | undefined {
  let best: Grant | undefined;
  for (const g of grants ?? []) {
    if (!active(g, now)) continue;
    if (!g.passId) return g;
    if (!best || atLeast(g.level, best.level)) best = g;
  }
  return best;
}

/**
 * One person's access, as of the moment each question is asked (pass windows open and close by
 * themselves). Resolution is computed, never copied: a device grant, else its room's grant, else
 * the role's default; an ADMIN has CONTROL everywhere. A new device in a room follows that room.
 */
export class AccessView {
  private readonly byDevice = new Map<number, Grant[]>();
  private readonly byRoom = new Map<string, Grant[]>();
  private readonly byCapability = new Map<SecureCapability, Grant[]>();

  constructor(
    readonly userId: number,
    readonly role: Role,
    readonly defaults: RoleDefaults,
    readonly grants: readonly Grant[] = [],
  ) {
    for (const g of grants) {
      if (g.deviceId !== null) push(this.byDevice, g.deviceId, g);
      else if (g.room !== null) push(this.byRoom, g.room, g);
      // A guest pass never grants the alarm or the mode, whatever a row says.
      else if (g.capability && !g.passId) push(this.byCapability, g.capability, g);
    }
  }

  get isAdmin(): boolean {
    return this.role === "ADMIN";
  }

  resolve(device: AccessDevice, now = Date.now()): Resolved {
    const secure = isSecure(device);
    if (this.isAdmin) return { level: AccessLevel.CONTROL, source: "ADMIN", secure };
    const own = pick(this.byDevice.get(device.id), now);
    if (own) return { level: own.level, source: "DEVICE_GRANT", secure };
    const room = device.room ? pick(this.byRoom.get(device.room), now) : undefined;
    if (room) return { level: secure ? lower(room.level, AccessLevel.VIEW) : room.level, source: "ROOM_GRANT", secure };
    const level = secure ? lower(this.defaults.secure, AccessLevel.VIEW) : this.defaults.ordinary;
    return { level, source: "ROLE_DEFAULT", secure };
  }

  levelOf(device: AccessDevice): AccessLevel {
    return this.resolve(device).level;
  }

  canView(device: AccessDevice): boolean {
    return atLeast(this.levelOf(device), AccessLevel.VIEW);
  }

  canControl(device: AccessDevice): boolean {
    return this.levelOf(device) === AccessLevel.CONTROL;
  }

  /**
   * The alarm's or the mode's level: an admin's CONTROL, else the person's grant in force, else the
   * role's secure default (at most VIEW). A guest gets NONE whatever is granted: the hub's fields
   * are the household's, closed to guests.
   */
  resolveCapability(capability: SecureCapability, now = Date.now()): Omit<Resolved, "secure"> {
    if (this.isAdmin) return { level: AccessLevel.CONTROL, source: "ADMIN" };
    if (this.role === "GUEST") return { level: AccessLevel.NONE, source: "ROLE_DEFAULT" };
    const own = pick(this.byCapability.get(capability), now);
    if (own) return { level: own.level, source: "CAPABILITY_GRANT" };
    return { level: lower(this.defaults.secure, AccessLevel.VIEW), source: "ROLE_DEFAULT" };
  }

  capabilityLevel(capability: SecureCapability): AccessLevel {
    return this.resolveCapability(capability).level;
  }

  canViewCapability(capability: SecureCapability): boolean {
    return atLeast(this.capabilityLevel(capability), AccessLevel.VIEW);
  }

  /** The person's own grant of the capability in force (null: none), for the admin's screen. */
  capabilityGrant(capability: SecureCapability, now = Date.now()): AccessLevel | null {
    return pick(this.byCapability.get(capability), now)?.level ?? null;
  }

  /** The room's own level: its grant in force, else the role's default for ordinary devices. */
  roomLevel(room: string, now = Date.now()): { level: AccessLevel; granted: AccessLevel | null } {
    if (this.isAdmin) return { level: AccessLevel.CONTROL, granted: null };
    const g = pick(this.byRoom.get(room), now);
    return { level: g?.level ?? this.defaults.ordinary, granted: g?.level ?? null };
  }

  /** The device's own grant in force (null: none), for the admin's matrix. */
  deviceGrant(deviceId: number, now = Date.now()): AccessLevel | null {
    return pick(this.byDevice.get(deviceId), now)?.level ?? null;
  }

  /** When the earliest grant in force ends, if any does (a guest's pass). */
  validUntil(now = Date.now()): Date | null {
    let until: Date | null = null;
    for (const g of this.grants)
      if (active(g, now) && g.validUntil && (!until || g.validUntil < until)) until = g.validUntil;
    return until;
  }
}

function push<K>(map: Map<K, Grant[]>, key: K, grant: Grant): void {
  const list = map.get(key);
  if (list) list.push(grant);
  else map.set(key, [grant]);
}
