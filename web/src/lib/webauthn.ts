import { errorInfo, retryText } from "../forms/errors";

// Passkeys in the browser, wherever one is used: creating one (Security screen), confirming with
// one (Confirm it's you) and signing in with one; whether the browser can, and the sign-in
// ceremony, live in session/passkey.ts.

/** @simplewebauthn/browser, fetched only when a passkey is used: it is not part of the first load. */
export const loadWebAuthn = () => import("@simplewebauthn/browser");

/** Where a passkey failed: creating one, confirming with one (step-up), or signing in with one. */
export type PasskeyMoment = "create" | "use" | "sign-in";

/** The person closed the browser's passkey prompt (or it timed out): nothing went wrong. */
export function passkeyCancelled(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === "NotAllowedError" || name === "AbortError";
}

interface MomentWords {
  cancelled: string;
  /** The browser's refusals (DOMException names) that the person can act on. */
  browser: Record<string, string>;
  /** The server's refusals, by code (a sign-in's ceremony ends at the server). */
  server?: Record<string, string>;
  otherwise: (error: unknown) => string;
}

const CEREMONY_BROWSER: Record<string, string> = {
  InvalidStateError: "This device already holds a passkey for your account.",
  SecurityError: "Passkeys do not work at this address. Open Homegraph at its usual address.",
};
const ceremonyOtherwise = (error: unknown) =>
  error instanceof Error && error.message ? error.message : "The passkey did not work. Please try again.";
const WRONG_BROWSER = "This browser could not use a passkey for Homegraph here. Sign in with your password.";

const WORDS: Record<PasskeyMoment, MomentWords> = {
  create: {
    cancelled: "No passkey was created: it was cancelled or took too long.",
    browser: CEREMONY_BROWSER,
    otherwise: ceremonyOtherwise,
  },
  use: {
    cancelled: "The passkey was not used: it was cancelled or took too long.",
    browser: CEREMONY_BROWSER,
    otherwise: ceremonyOtherwise,
  },
  "sign-in": {
    cancelled: "No passkey was used. Try again, or sign in with your password.",
    browser: { SecurityError: WRONG_BROWSER, NotSupportedError: WRONG_BROWSER, InvalidStateError: WRONG_BROWSER },
    server: {
      PASSKEY_NOT_RECOGNISED:
        "Homegraph does not know this passkey (it may have been removed). Sign in with your password, then add a passkey on the Security screen.",
      PASSKEY_CHALLENGE_EXPIRED: "The passkey sign-in took too long. Try again.",
      PASSKEY_VERIFICATION_FAILED: "Your passkey could not be verified. Try again, or sign in with your password.",
      PASSKEY_CLONED:
        "This passkey was refused because it looks like a copy. Sign in with your password and check your passkeys on the Security screen.",
    },
    otherwise: (error) => errorInfo(error).message,
  },
};

/** A failed or cancelled passkey, in words a person can act on. */
export function passkeyProblem(error: unknown, moment: PasskeyMoment): string {
  const words = WORDS[moment];
  if (passkeyCancelled(error)) return words.cancelled;
  if (words.server) {
    const info = errorInfo(error);
    if (Object.hasOwn(words.server, info.code)) return words.server[info.code]!;
    if (info.code === "RATE_LIMITED") {
      const wait = info.retryAfterSeconds ? ` Try again in ${retryText(info.retryAfterSeconds)}.` : " Try again later.";
      return `Too many passkey sign-ins from here.${wait}`;
    }
  }
  const name = (error as { name?: string } | null)?.name;
  if (name && Object.hasOwn(words.browser, name)) return words.browser[name]!;
  return words.otherwise(error);
}
