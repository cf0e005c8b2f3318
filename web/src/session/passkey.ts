import { errorInfo, retryText } from "../forms/errors";
import type { PasskeyCeremony } from "./store";

// Passkeys in this browser: whether it has WebAuthn at all, the ceremony (the @simplewebauthn
// library is fetched only when someone uses a passkey, never with the first load), and what a
// failure means for the person.

export function passkeysSupported(): boolean {
  return typeof window !== "undefined" && typeof window.PublicKeyCredential === "function";
}

/** The browser's "choose a passkey" ceremony for the server's request options. */
export const browserPasskeyCeremony: PasskeyCeremony = async (options) => {
  const { startAuthentication } = await import("@simplewebauthn/browser");
  return startAuthentication({
    optionsJSON: options as unknown as Parameters<typeof startAuthentication>[0]["optionsJSON"],
  });
};

/** The person closed the browser's passkey prompt (or it timed out): nothing went wrong. */
export function passkeyCancelled(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === "NotAllowedError" || name === "AbortError";
}

const MESSAGES: Record<string, string> = {
  PASSKEY_NOT_RECOGNISED:
    "Homegraph does not know this passkey (it may have been removed). Sign in with your password, then add a passkey on the Security screen.",
  PASSKEY_CHALLENGE_EXPIRED: "The passkey sign-in took too long. Try again.",
  PASSKEY_VERIFICATION_FAILED: "Your passkey could not be verified. Try again, or sign in with your password.",
  PASSKEY_CLONED:
    "This passkey was refused because it looks like a copy. Sign in with your password and check your passkeys on the Security screen.",
};

/** What to tell the person after a passkey sign-in failed (not for a cancelled ceremony). */
export function passkeyProblem(error: unknown): string {
  const info = errorInfo(error);
  if (MESSAGES[info.code]) return MESSAGES[info.code]!;
  if (info.code === "RATE_LIMITED") {
    const wait = info.retryAfterSeconds ? ` Try again in ${retryText(info.retryAfterSeconds)}.` : " Try again later.";
    return `Too many passkey sign-ins from here.${wait}`;
  }
  const name = (error as { name?: string } | null)?.name;
  if (name === "SecurityError" || name === "NotSupportedError" || name === "InvalidStateError") {
    return "This browser could not use a passkey for Homegraph here. Sign in with your password.";
  }
  return info.message;
}
