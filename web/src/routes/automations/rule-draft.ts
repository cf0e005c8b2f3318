// An automation as its form holds it (every input a string), checked with the rules of
// subgraphs/home/src/services/automation-rules.ts and turned into the AutomationInput the server
// takes. Errors are keyed by the server's own field paths ("trigger.at", "actions[0].deviceId"),
// so a message from either side lands on the same input.

export type TriggerType = "attribute" | "mode" | "time";
export type Comparison = "becomes" | "above" | "below";
export type ConditionType = "mode" | "timeWindow" | "device";
export type ActionType = "command" | "setMode" | "notify";
export type NotifyChannel = "IN_APP" | "PUSH" | "EMAIL";
export const NOTIFY_CHANNELS: readonly NotifyChannel[] = ["IN_APP", "PUSH", "EMAIL"];
/** A new notify action's channels: the bell and the phone. A rule saved before the choice mails, as it always did. */
export const NEW_NOTIFY_CHANNELS: NotifyChannel[] = ["IN_APP", "PUSH"];

export interface TriggerDraft {
  type: TriggerType;
  deviceId: string;
  attribute: string;
  comparison: Comparison;
  value: string;
  mode: string;
  at: string;
}

export interface ConditionDraft {
  type: ConditionType;
  is: string;
  from: string;
  to: string;
  deviceId: string;
  attribute: string;
  equals: string;
}

export interface ActionDraft {
  type: ActionType;
  deviceId: string;
  command: string;
  /** A JSON list, like `[50]`; empty for none. */
  args: string;
  mode: string;
  role: "" | "ADMIN" | "MEMBER";
  /** Kept as the server has them: the form does not edit them, but must not drop them. */
  userIds: number[];
  subject: string;
  message: string;
  /** Where a notify action's notice goes, whatever each person's own routing says. */
  channels: NotifyChannel[];
}

export interface RuleDraft {
  name: string;
  trigger: TriggerDraft;
  conditions: ConditionDraft[];
  actions: ActionDraft[];
}

export type DraftErrors = Record<string, string>;

export const NAME_MAX = 255;
export const MAX_CONDITIONS = 20;
export const MAX_ACTIONS = 20;
export const SUBJECT_MAX = 200;
export const MESSAGE_MAX = 2000;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DEVICE_ID = /^\d+$/;

export const emptyTrigger = (): TriggerDraft => ({
  type: "attribute",
  deviceId: "",
  attribute: "",
  comparison: "becomes",
  value: "",
  mode: "",
  at: "",
});

export const emptyCondition = (type: ConditionType = "mode"): ConditionDraft => ({
  type,
  is: "",
  from: "",
  to: "",
  deviceId: "",
  attribute: "",
  equals: "",
});

export const emptyAction = (type: ActionType = "command"): ActionDraft => ({
  type,
  deviceId: "",
  command: "",
  args: "",
  mode: "",
  role: "",
  userIds: [],
  subject: "",
  message: "",
  channels: [...NEW_NOTIFY_CHANNELS],
});

export const emptyRule = (): RuleDraft => ({
  name: "",
  trigger: emptyTrigger(),
  conditions: [],
  actions: [emptyAction()],
});

/** "on" stays a string, "50" becomes 50, "true" becomes true: how the hub reports values. */
export function scalarOf(text: string): string | number | boolean {
  const v = text.trim();
  if (v === "true") return true;
  if (v === "false") return false;
  if (v !== "" && Number.isFinite(Number(v))) return Number(v);
  return v;
}

const isNumber = (text: string) => text.trim() !== "" && Number.isFinite(Number(text.trim()));
const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));

/** Every problem of the draft, by the server's field path; empty when the server would take it. */
export function validateRule(rule: RuleDraft): DraftErrors {
  const errors: DraftErrors = {};
  const name = rule.name.trim();
  if (!name) errors.name = "Give the automation a name.";
  else if (name.length > NAME_MAX) errors.name = `The name must be at most ${NAME_MAX} characters.`;

  const t = rule.trigger;
  if (t.type === "attribute") {
    if (!DEVICE_ID.test(t.deviceId)) errors["trigger.deviceId"] = "Choose a device.";
    if (!t.attribute.trim()) errors["trigger.attribute"] = "Choose an attribute.";
    if (t.comparison === "becomes") {
      if (!t.value.trim()) errors["trigger.becomes"] = "Enter the value that starts the automation.";
    } else if (!isNumber(t.value)) {
      errors[`trigger.${t.comparison}`] = "Enter a number.";
    }
  } else if (t.type === "mode") {
    if (!t.mode.trim()) errors["trigger.becomes"] = "Choose a mode.";
  } else if (!HHMM.test(t.at)) {
    errors["trigger.at"] = "Enter a time of day as HH:MM (24-hour).";
  }

  if (rule.conditions.length > MAX_CONDITIONS) errors.conditions = `At most ${MAX_CONDITIONS} conditions.`;
  rule.conditions.forEach((c, i) => {
    const at = `conditions[${i}]`;
    if (c.type === "mode") {
      if (!c.is.trim()) errors[`${at}.is`] = "Choose a mode.";
    } else if (c.type === "timeWindow") {
      if (!HHMM.test(c.from)) errors[`${at}.from`] = "Enter a time as HH:MM.";
      if (!HHMM.test(c.to)) errors[`${at}.to`] = "Enter a time as HH:MM.";
    } else {
      if (!DEVICE_ID.test(c.deviceId)) errors[`${at}.deviceId`] = "Choose a device.";
      if (!c.attribute.trim()) errors[`${at}.attribute`] = "Choose an attribute.";
      if (!c.equals.trim()) errors[`${at}.equals`] = "Enter the value it must have.";
    }
  });

  if (rule.actions.length === 0) errors.actions = "Add at least one action.";
  if (rule.actions.length > MAX_ACTIONS) errors.actions = `At most ${MAX_ACTIONS} actions.`;
  rule.actions.forEach((a, i) => {
    const at = `actions[${i}]`;
    if (a.type === "command") {
      if (!DEVICE_ID.test(a.deviceId)) errors[`${at}.deviceId`] = "Choose a device.";
      if (!a.command.trim()) errors[`${at}.command`] = "Choose a command.";
      if (a.args.trim()) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(a.args);
        } catch {
          parsed = undefined;
        }
        if (!Array.isArray(parsed)) errors[`${at}.args`] = "Write the arguments as a JSON list, like [50].";
      }
    } else if (a.type === "setMode") {
      if (!a.mode.trim()) errors[`${at}.mode`] = "Choose a mode.";
    } else {
      if (!a.role && a.userIds.length === 0) errors[`${at}.role`] = "Choose who gets the notification.";
      if (a.subject.length > SUBJECT_MAX) errors[`${at}.subject`] = `At most ${SUBJECT_MAX} characters.`;
      if (a.message.length > MESSAGE_MAX) errors[`${at}.message`] = `At most ${MESSAGE_MAX} characters.`;
      if (a.channels.length === 0) errors[`${at}.channels`] = "Choose at least one way to send it.";
    }
  });
  return errors;
}

/** The AutomationInput for a draft that passed validateRule. */
export function toInput(rule: RuleDraft) {
  const t = rule.trigger;
  const trigger =
    t.type === "attribute"
      ? {
          type: "attribute",
          deviceId: t.deviceId,
          attribute: t.attribute.trim(),
          [t.comparison]: t.comparison === "becomes" ? scalarOf(t.value) : Number(t.value),
        }
      : t.type === "mode"
        ? { type: "mode", becomes: t.mode.trim() }
        : { type: "time", at: t.at };
  const conditions = rule.conditions.map((c) =>
    c.type === "mode"
      ? { type: "mode", is: c.is.trim() }
      : c.type === "timeWindow"
        ? { type: "timeWindow", from: c.from, to: c.to }
        : { type: "device", deviceId: c.deviceId, attribute: c.attribute.trim(), equals: scalarOf(c.equals) },
  );
  const actions = rule.actions.map((a) => {
    if (a.type === "command") {
      return {
        type: "command",
        deviceId: a.deviceId,
        command: a.command.trim(),
        args: a.args.trim() ? (JSON.parse(a.args) as unknown[]) : [],
      };
    }
    if (a.type === "setMode") return { type: "setMode", mode: a.mode.trim() };
    return {
      type: "notify",
      ...(a.role ? { role: a.role } : {}),
      ...(a.userIds.length ? { userIds: a.userIds } : {}),
      ...(a.subject.trim() ? { subject: a.subject.trim() } : {}),
      ...(a.message.trim() ? { message: a.message.trim() } : {}),
      channels: NOTIFY_CHANNELS.filter((c) => a.channels.includes(c)),
    };
  });
  return { name: rule.name.trim(), trigger, conditions, actions };
}

type Json = Record<string, unknown>;

/** A stored rule back into a draft, for editing. */
export function fromAutomation(a: {
  name: string;
  trigger: unknown;
  conditions: unknown;
  actions: unknown;
}): RuleDraft {
  const t = (a.trigger ?? {}) as Json;
  const comparison: Comparison = t.above !== undefined ? "above" : t.below !== undefined ? "below" : "becomes";
  const trigger: TriggerDraft = {
    ...emptyTrigger(),
    type: (t.type as TriggerType) ?? "attribute",
    deviceId: str(t.deviceId),
    attribute: str(t.attribute),
    comparison,
    value: t.type === "attribute" ? str(t[comparison]) : "",
    mode: t.type === "mode" ? str(t.becomes) : "",
    at: str(t.at),
  };
  const conditions = ((a.conditions as Json[] | undefined) ?? []).map((c): ConditionDraft => ({
    ...emptyCondition(c.type as ConditionType),
    is: str(c.is),
    from: str(c.from),
    to: str(c.to),
    deviceId: str(c.deviceId),
    attribute: str(c.attribute),
    equals: str(c.equals),
  }));
  const actions = ((a.actions as Json[] | undefined) ?? []).map((x): ActionDraft => ({
    ...emptyAction(x.type as ActionType),
    deviceId: str(x.deviceId),
    command: str(x.command),
    args: Array.isArray(x.args) && x.args.length ? JSON.stringify(x.args) : "",
    mode: str(x.mode),
    role: x.role === "ADMIN" || x.role === "MEMBER" ? x.role : "",
    userIds: Array.isArray(x.userIds) ? x.userIds.map(Number) : [],
    subject: str(x.subject),
    message: str(x.message),
    channels: Array.isArray(x.channels)
      ? NOTIFY_CHANNELS.filter((c) => (x.channels as unknown[]).includes(c))
      : // Saved before the choice existed: the server mails it, and the form says so.
        ["EMAIL"],
  }));
  return { name: a.name, trigger, conditions, actions };
}

/** One line saying when a rule runs, for the list. */
export function describeTrigger(trigger: unknown, deviceLabel: (id: string) => string): string {
  const t = (trigger ?? {}) as Json;
  if (t.type === "time") return `Every day at ${str(t.at)}`;
  if (t.type === "mode") return `When the mode becomes ${str(t.becomes)}`;
  const device = deviceLabel(str(t.deviceId));
  if (t.above !== undefined) return `When ${device} ${str(t.attribute)} rises above ${str(t.above)}`;
  if (t.below !== undefined) return `When ${device} ${str(t.attribute)} falls below ${str(t.below)}`;
  return `When ${device} ${str(t.attribute)} becomes ${str(t.becomes)}`;
}
