import { NotFoundError } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Automation } from "../entities/automation.entity.js";
import { Device } from "../entities/device.entity.js";
import { SecureCapability, type AccessView } from "./access-model.js";

// A rule names devices (its trigger, conditions and actions). A person who may not see one of
// them must not learn of it through the rule, so a non-admin is shown only the rules whose every
// device they may VIEW, and their own. Hiding the whole rule rather than its hidden devices: a
// rule's own name ("Unlock the front door when the bedroom sensor...") can tell as much as an id.
// The same for the hub's mode: a rule watching or setting it is hidden from whoever may not VIEW it.

/** Every device id a rule mentions, wherever it sits in its JSON (stored rules from older releases too). */
export function deviceIdsOf(rule: Pick<Automation, "trigger" | "conditions" | "actions">): number[] {
  const ids = new Set<number>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "deviceId" && (typeof value === "number" || typeof value === "string")) ids.add(Number(value));
      else walk(value);
    }
  };
  walk([rule.trigger, rule.conditions, rule.actions]);
  return [...ids];
}

/** Whether a rule watches or sets the hub's mode (trigger, condition or action). */
export function mentionsMode(rule: Pick<Automation, "trigger" | "conditions" | "actions">): boolean {
  const nodes = [rule.trigger, ...asList(rule.conditions), ...asList(rule.actions)];
  return nodes.some(
    (n) => !!n && typeof n === "object" && ["mode", "setMode"].includes((n as { type?: string }).type!),
  );
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The rules the caller may read: all for an admin; for anyone else their own and those whose devices they all see. */
export async function readableAutomations(
  em: EntityManager,
  view: AccessView,
  rules: Automation[],
): Promise<Automation[]> {
  if (view.isAdmin) return rules;
  const ids = [...new Set(rules.flatMap(deviceIdsOf))].filter(Number.isSafeInteger);
  const devices = new Map((ids.length ? await em.find(Device, { id: { $in: ids } }) : []).map((d) => [d.id, d]));
  const seesMode = view.canViewCapability(SecureCapability.MODE);
  return rules.filter((rule) => {
    if (rule.createdByUserId === view.userId) return true;
    if (!seesMode && mentionsMode(rule)) return false;
    // A device gone from the database is no longer anyone's to hide; one still there must be seen.
    return deviceIdsOf(rule).every((id) => {
      const device = devices.get(id);
      return !device || view.canView(device);
    });
  });
}

/** One rule if the caller may read it; NOT_FOUND (as for no such rule) otherwise. */
export async function readableAutomation(em: EntityManager, view: AccessView, rule: Automation): Promise<Automation> {
  const [readable] = await readableAutomations(em, view, [rule]);
  if (!readable) throw new NotFoundError(`There is no automation ${rule.id}.`);
  return readable;
}
