import { AppError, BadUserInputError, NotFoundError } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { Automation } from "../entities/automation.entity.js";
import { Device } from "../entities/device.entity.js";
import { parseRule, type Rule } from "./automation-rules.js";
import { validateCommand } from "./command-validation.js";

export interface AutomationInput {
  name?: unknown;
  trigger?: unknown;
  conditions?: unknown;
  actions?: unknown;
}

/**
 * Checks what the schema cannot: that every device a rule names exists, and that its commands are
 * ones the device takes with arguments of the right types, as `sendDeviceCommand` would check them
 * (a rule that could never run is refused when it is saved, not when it fires).
 */
async function checkAgainstDevices(em: EntityManager, rule: Rule): Promise<void> {
  const find = async (id: number, field: string) => {
    const device = await em.findOne(Device, { id });
    if (!device) throw new BadUserInputError(`${field}: there is no device ${id}.`, field);
    return device;
  };
  if (rule.trigger.type === "attribute") await find(rule.trigger.deviceId, "trigger.deviceId");
  for (const [i, c] of rule.conditions.entries()) {
    if (c.type === "device") await find(c.deviceId, `conditions[${i}].deviceId`);
  }
  for (const [i, a] of rule.actions.entries()) {
    if (a.type !== "command") continue;
    const device = await find(a.deviceId, `actions[${i}].deviceId`);
    try {
      a.args = validateCommand(device, a.command, a.args);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const inner = (err.extensions as { field?: unknown }).field;
      const field = `actions[${i}].${inner === "args" ? "args" : "command"}`;
      throw new BadUserInputError(`${field}: ${err.message}`, field);
    }
  }
}

export async function listAutomations(em: EntityManager): Promise<Automation[]> {
  return em.find(Automation, {}, { orderBy: { id: "asc" } });
}

export async function getAutomation(em: EntityManager, id: number): Promise<Automation> {
  const rule = Number.isSafeInteger(id) && id > 0 ? await em.findOne(Automation, { id }) : null;
  if (!rule) throw new NotFoundError(`There is no automation ${id}.`);
  return rule;
}

export async function createAutomation(em: EntityManager, input: AutomationInput, userId: number | null) {
  const rule = parseRule(input);
  await checkAgainstDevices(em, rule);
  const automation = em.create(Automation, {
    name: rule.name,
    trigger: rule.trigger as Record<string, unknown>,
    conditions: rule.conditions as Record<string, unknown>[],
    actions: rule.actions as Record<string, unknown>[],
    createdByUserId: userId,
  });
  await em.flush();
  return automation;
}

/** Replaces the parts given; the result is validated as a whole, as a new rule would be. */
export async function updateAutomation(em: EntityManager, id: number, input: AutomationInput) {
  const automation = await getAutomation(em, id);
  const rule = parseRule({
    name: input.name ?? automation.name,
    trigger: input.trigger ?? automation.trigger,
    conditions: input.conditions ?? automation.conditions,
    actions: input.actions ?? automation.actions,
  });
  await checkAgainstDevices(em, rule);
  automation.name = rule.name;
  automation.trigger = rule.trigger as Record<string, unknown>;
  automation.conditions = rule.conditions as Record<string, unknown>[];
  automation.actions = rule.actions as Record<string, unknown>[];
  await em.flush();
  return automation;
}

export async function setAutomationEnabled(em: EntityManager, id: number, enabled: boolean) {
  const automation = await getAutomation(em, id);
  automation.enabled = enabled;
  await em.flush();
  return automation;
}

export async function deleteAutomation(em: EntityManager, id: number): Promise<boolean> {
  const automation = await getAutomation(em, id);
  await em.remove(automation).flush();
  return true;
}
