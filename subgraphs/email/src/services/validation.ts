import { BadUserInputError } from "@homegraph/common";
import { isEmail } from "class-validator";

export const LIMITS = {
  subject: 255,
  text: 100_000,
  html: 200_000,
  address: 254,
  idempotencyKey: 200,
  templateKey: 64,
  templateName: 100,
  variablesJson: 20_000,
} as const;

const LINE_BREAK = /[\r\n]/;

/** A header value: no CR or LF (header injection), within `max` characters. */
export function checkHeader(value: string, field: string, max: number = LIMITS.subject): string {
  if (LINE_BREAK.test(value)) throw new BadUserInputError(`${field} must be on one line (no line breaks).`, field);
  if (value.length > max) throw new BadUserInputError(`${field} must be at most ${max} characters.`, field);
  return value;
}

export function checkRequired(value: string | undefined | null, field: string): string {
  if (value === undefined || value === null || value.trim() === "") {
    throw new BadUserInputError(`${field} is required.`, field);
  }
  return value;
}

export function checkAddress(value: string, field = "to"): string {
  const address = value.trim();
  checkHeader(address, field, LIMITS.address);
  if (!isEmail(address, { allow_display_name: false, require_tld: false, allow_ip_domain: false })) {
    throw new BadUserInputError(`${field} is not a valid email address: "${address.slice(0, 80)}".`, field);
  }
  return address;
}

export function checkBody(value: string, field: "body" | "html" | "text", max: number): string {
  if (value.length > max) throw new BadUserInputError(`${field} must be at most ${max} characters.`, field);
  return value;
}

export function checkIdempotencyKey(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!/^[A-Za-z0-9._:@/-]{1,200}$/.test(value)) {
    throw new BadUserInputError(
      "idempotencyKey must be 1 to 200 letters, digits or . _ : @ / - characters.",
      "idempotencyKey",
    );
  }
  return value;
}

export function checkTemplateKey(value: string, field = "templateKey"): string {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(value)) {
    throw new BadUserInputError(`${field} must be lower-case letters, digits and dashes, at most 64.`, field);
  }
  return value;
}

export function checkVariables(value: unknown, field = "variables"): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new BadUserInputError(`${field} must be an object of names and values.`, field);
  }
  if (JSON.stringify(value).length > LIMITS.variablesJson) {
    throw new BadUserInputError(`${field} must be at most ${LIMITS.variablesJson} characters as JSON.`, field);
  }
  return value as Record<string, unknown>;
}
