import type { Role } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Automation } from "../entities/automation.entity.js";
import { Device } from "../entities/device.entity.js";
import type { AccessControl } from "./access-control.js";
import { atLeast, AccessLevel, SecureCapability } from "./access-model.js";
import type { Rule } from "./automation-rules.js";
import { isLockCodeCommand } from "./lock-code-privacy.js";
import type { PeopleDirectory } from "./people-directory.js";

export interface AutomationAccess {
  control: AccessControl;
  people: PeopleDirectory;
}

/**
 * Why the rule's owner may not do what the rule does now, or null when they may: an automation
 * acts with its owner's grants at run time. The owner must still be a person of the household,
 * VIEW the devices it watches (and the mode, when it watches it), CONTROL those it commands, and
 * CONTROL the mode to change it (as setHubMode asks). A rule without an owner (older than owners)
 * acts as the household.
 */
export async function ownerRefusal(
  em: EntityManager,
  access: AutomationAccess | undefined,
  rule: Automation,
  parsed: Rule,
  trigger?: Device,
): Promise<string | null> {
  const ownerId = rule.createdByUserId;
  if (!access || !ownerId) return null;
  let role: Role | undefined;
  try {
    role = (await access.people.roles()).get(ownerId);
  } catch {
    return "its owner's role could not be checked (the auth service is not answering)";
  }
  if (!role) return "its owner is no longer an active person of the household";
  if (role === "ADMIN") return null;
  const view = await access.control.view(ownerId, role);
  const watched = new Set<number>();
  if (parsed.trigger.type === "attribute") watched.add(parsed.trigger.deviceId);
  for (const c of parsed.conditions) if (c.type === "device") watched.add(c.deviceId);
  const mode = view.capabilityLevel(SecureCapability.MODE);
  const watchesMode = parsed.trigger.type === "mode" || parsed.conditions.some((c) => c.type === "mode");
  if (watchesMode && !atLeast(mode, AccessLevel.VIEW)) return "its owner may no longer see the hub's mode";
  const commanded = new Set<number>();
  for (const a of parsed.actions) {
    if (a.type === "command") commanded.add(a.deviceId);
    if (a.type === "setMode" && mode !== AccessLevel.CONTROL)
      return "its owner no longer has CONTROL of the hub's mode";
    if (a.type === "command" && isLockCodeCommand(a.command)) {
      return "managing a lock's codes needs an admin, and its owner is no longer one";
    }
  }
  const ids = [...new Set([...watched, ...commanded])];
  const devices = ids.length ? await em.find(Device, { id: { $in: ids } }) : [];
  const byId = new Map(devices.map((d) => [d.id, d]));
  if (trigger) byId.set(trigger.id, trigger);
  for (const id of ids) {
    const device = byId.get(id);
    const label = device?.label ?? `device ${id}`;
    const level = device ? view.levelOf(device) : AccessLevel.NONE;
    if (commanded.has(id) && level !== AccessLevel.CONTROL) {
      return `its owner no longer has CONTROL of ${label}`;
    }
    if (watched.has(id) && !atLeast(level, AccessLevel.VIEW)) return `its owner may no longer see ${label}`;
  }
  return null;
}
