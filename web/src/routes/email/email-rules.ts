import type { Rule } from "../../forms/rules";

// The email service's input rules (subgraphs/email/src/services/validation.ts), checked before a
// request is sent; the server stays the authority and its messages still land on the field.

export const LIMITS = {
  subject: 255,
  text: 100_000,
  html: 200_000,
  address: 254,
  templateName: 100,
  variablesJson: 20_000,
} as const;

const LINE_BREAK = /[\r\n]/;
// class-validator's isEmail as the server calls it (no display name, no TLD required, no IP).
const ADDRESS =
  /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const TEMPLATE_KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const oneLine =
  (what: string, max: number, required = true): Rule =>
  (value) => {
    if (required && !value.trim()) return `${what} is required.`;
    if (LINE_BREAK.test(value)) return `${what} must be on one line.`;
    return value.length > max ? `${what} must be at most ${max} characters.` : undefined;
  };

export const body =
  (what: string, max: number, required = true): Rule =>
  (value) => {
    if (required && !value.trim()) return `${what} is required.`;
    return value.length > max ? `${what} must be at most ${max} characters.` : undefined;
  };

export const address: Rule = (value) => {
  const v = value.trim();
  if (!v) return "Enter an email address.";
  if (v.length > LIMITS.address) return `The address must be at most ${LIMITS.address} characters.`;
  return ADDRESS.test(v) && !LINE_BREAK.test(value) ? undefined : `"${v.slice(0, 80)}" is not a valid email address.`;
};

/** One address per line (or separated by commas); each checked like `address`. */
export function addressesOf(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export const addressList =
  (max: number): Rule =>
  (value) => {
    const list = addressesOf(value);
    if (list.length === 0) return "Enter at least one address.";
    if (list.length > max) return `At most ${max} addresses at once.`;
    for (const a of list) {
      const problem = address(a);
      if (problem) return problem;
    }
    return undefined;
  };

export const templateKey: Rule = (value) =>
  TEMPLATE_KEY.test(value)
    ? undefined
    : "Use lower-case letters, digits and dashes (at most 64), starting with a letter or digit.";

/** Variables as the JSON object the templates read; empty means none. */
export const variablesJson: Rule = (value) => {
  if (!value.trim()) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'Write the variables as a JSON object, like {"name": "Ann"}.';
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return 'Write the variables as a JSON object, like {"name": "Ann"}.';
  }
  return JSON.stringify(parsed).length > LIMITS.variablesJson
    ? `The variables must be at most ${LIMITS.variablesJson} characters as JSON.`
    : undefined;
};

export function parseVariables(value: string): Record<string, unknown> | null {
  return value.trim() ? (JSON.parse(value) as Record<string, unknown>) : null;
}
