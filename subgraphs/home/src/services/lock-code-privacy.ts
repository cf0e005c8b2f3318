import { ForbiddenError, type Identity } from "@homegraph/common";

// Lock codes are the admins' (docs/access.md, "Lock codes"): who holds a code (a guest's name is
// one of them) and the commands that set or read codes. Everyone else sees the lock itself, its
// state and who unlocked it, but not the list of codes nor the commands that manage them.

/** A lock's attributes that name its codes' holders. */
const CODE_ATTRIBUTES = new Set(["lockCodes", "lastCodeName"]);

/** Commands that write or read a lock's codes (lower case: the Maker API's names are matched case-insensitively). */
const CODE_COMMANDS = new Set(["setcode", "deletecode", "getcodes"]);

/** Whether the caller may see and manage lock codes: admins only. */
export function seesLockCodes(identity: Identity | undefined): boolean {
  return identity?.role === "ADMIN";
}

/** An attribute, or an event's name (attribute or command), that tells of the codes. */
export function isLockCodeDetail(name: string): boolean {
  return CODE_ATTRIBUTES.has(name) || CODE_COMMANDS.has(name.toLowerCase());
}

/** The names a non-admin's event list leaves out (as stored: commands with the Maker API's own case). */
export const LOCK_CODE_EVENT_NAMES = [...CODE_ATTRIBUTES, "setCode", "deleteCode", "getCodes"];

export function isLockCodeCommand(command: string): boolean {
  return CODE_COMMANDS.has(command.toLowerCase());
}

/** Refuses a code command to anyone but an admin, before the device is even looked at. */
export function requireLockCodeAdmin(identity: Identity | undefined, command: string): void {
  if (isLockCodeCommand(command) && !seesLockCodes(identity)) {
    throw new ForbiddenError(
      `${command} manages the lock's codes, which only an admin may do (the lock codes screen, scheduleLockCode).`,
      { requiredRole: "ADMIN" },
    );
  }
}

/** What a caller is shown of a list of attributes or events: everything for an admin, no code details otherwise. */
export function withoutCodeDetails<T extends { name: string }>(identity: Identity | undefined, items: T[]): T[] {
  return seesLockCodes(identity) ? items : items.filter((i) => !isLockCodeDetail(i.name));
}
