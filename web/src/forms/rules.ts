// The server's input rules, checked in the browser first so a request known to be invalid is never
// sent. Kept in step with subgraphs/auth/src/services/validation.ts (passwords, emails, names) and
// the email and home inputs; the server stays the authority and its errors still show per field.

/** A rule answers undefined when the value is fine, else the message to show; `values` is the whole form. */
export type Rule<V = string> = (value: V, values?: Record<string, string>) => string | undefined;

export const PASSWORD_MIN_CHARS = 8;
export const PASSWORD_MAX_CHARS = 128;
export const PASSWORD_MAX_BYTES = 72;
export const EMAIL_MAX_CHARS = 255;
export const DISPLAY_NAME_MAX_CHARS = 100;

const chars = (s: string) => [...s].length;
const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;
// The shape zod's z.email() accepts, close enough that the server rarely disagrees.
const EMAIL = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

export const required =
  (message = "This field is required."): Rule =>
  (value) =>
    value.trim() ? undefined : message;

export const maxChars =
  (max: number, what = "This field"): Rule =>
  (value) =>
    chars(value.trim()) > max ? `${what} must be at most ${max} characters.` : undefined;

export const email: Rule = (value) => {
  const v = value.trim();
  if (!v) return "Enter your email address.";
  if (v.length > EMAIL_MAX_CHARS) return `The email address must be at most ${EMAIL_MAX_CHARS} characters.`;
  return EMAIL.test(v) ? undefined : "Enter a valid email address.";
};

/** A password a person chooses (sign-in only asks for one to be there). */
export const newPassword: Rule = (value) => {
  const n = chars(value);
  if (n < PASSWORD_MIN_CHARS) return `The password must be at least ${PASSWORD_MIN_CHARS} characters long.`;
  if (n > PASSWORD_MAX_CHARS) return `The password must be at most ${PASSWORD_MAX_CHARS} characters long.`;
  if (utf8Bytes(value) > PASSWORD_MAX_BYTES) {
    return `The password is longer than ${PASSWORD_MAX_BYTES} bytes in UTF-8 (accented letters and emoji take 2 to 4 bytes each). Choose a shorter one.`;
  }
  return undefined;
};

export const displayName: Rule = (value) => {
  const v = value.trim();
  if (!v) return "The display name must not be empty.";
  return chars(v) > DISPLAY_NAME_MAX_CHARS
    ? `The display name must be at most ${DISPLAY_NAME_MAX_CHARS} characters.`
    : undefined;
};

export const intInRange =
  (min: number, max: number, what = "The value"): Rule<number | string> =>
  (value) => {
    const n = typeof value === "number" ? value : Number(value);
    if (value === "" || !Number.isInteger(n)) return `${what} must be a whole number.`;
    return n < min || n > max ? `${what} must be between ${min} and ${max}.` : undefined;
  };

/** The value equals the form's `other` field (a repeated password). */
export const matches =
  (other: string, message = "The passwords do not match."): Rule =>
  (value, values) =>
    value === values?.[other] ? undefined : message;

/** Runs each rule in order and keeps the first message. */
export const all =
  <V>(...rules: Rule<V>[]): Rule<V> =>
  (value, values) => {
    for (const rule of rules) {
      const message = rule(value, values);
      if (message) return message;
    }
    return undefined;
  };

/** A time of day as "HH:MM", 24-hour (the notifications contract's quiet hours, "22:00"). */
export const timeOfDay =
  (what = "The time"): Rule =>
  (value) =>
    /^([01]\d|2[0-3]):[0-5]\d$/.test(value) ? undefined : `${what} must be a time such as 22:00.`;
