import { BadUserInputError } from "@homegraph/common";
import { z } from "zod";
import { COMMON_PASSWORDS_TEXT } from "../data/common-passwords.js";

const COMMON_PASSWORDS = new Set(COMMON_PASSWORDS_TEXT.split("\n"));

export const PASSWORD_MIN_CHARS = 8;
export const PASSWORD_MAX_CHARS = 128;
export const BCRYPT_MAX_BYTES = 72;

/** The rules for a password a person chooses (not the demo seed's). Throws BAD_USER_INPUT naming `field`. */
export function checkPasswordPolicy(password: string, field = "password"): void {
  const chars = [...password].length;
  if (chars < PASSWORD_MIN_CHARS) {
    throw new BadUserInputError(`The password must be at least ${PASSWORD_MIN_CHARS} characters long.`, field);
  }
  if (chars > PASSWORD_MAX_CHARS) {
    throw new BadUserInputError(`The password must be at most ${PASSWORD_MAX_CHARS} characters long.`, field);
  }
  // bcrypt reads only the first 72 bytes: a longer password would be silently cut, so it is refused.
  if (Buffer.byteLength(password, "utf8") > BCRYPT_MAX_BYTES) {
    throw new BadUserInputError(
      `The password is longer than ${BCRYPT_MAX_BYTES} bytes in UTF-8 (accented letters and emoji take 2 to 4 bytes each). Choose a shorter one.`,
      field,
    );
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    throw new BadUserInputError("This password is one of the 10,000 most common ones. Choose another.", field);
  }
}

const emailSchema = z.email();

/** Trimmed, at most 255 characters, shaped like an address. Case is kept; uniqueness ignores it. */
export function normalizeEmail(email: string, field = "email"): string {
  const value = email.trim();
  if (value.length > 255) throw new BadUserInputError("The email address must be at most 255 characters.", field);
  if (!emailSchema.safeParse(value).success) throw new BadUserInputError("Enter a valid email address.", field);
  return value;
}

export function normalizeDisplayName(name: string, field = "displayName"): string {
  const value = name.trim();
  if (value.length < 1) throw new BadUserInputError("The display name must not be empty.", field);
  if ([...value].length > 100) throw new BadUserInputError("The display name must be at most 100 characters.", field);
  return value;
}
