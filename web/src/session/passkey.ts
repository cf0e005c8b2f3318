import { loadWebAuthn } from "../lib/webauthn";
import type { PasskeyCeremony } from "./store";

// Passkeys in this browser: whether it has WebAuthn at all, and the sign-in ceremony (the
// @simplewebauthn library is fetched only when someone uses a passkey, never with the first
// load). What a failure means for the person: passkeyProblem in lib/webauthn.ts.

export function passkeysSupported(): boolean {
  return typeof window !== "undefined" && typeof window.PublicKeyCredential === "function";
}

/** The browser's "choose a passkey" ceremony for the server's request options. */
export const browserPasskeyCeremony: PasskeyCeremony = async (options) => {
  const { startAuthentication } = await loadWebAuthn();
  return startAuthentication({
    optionsJSON: options as unknown as Parameters<typeof startAuthentication>[0]["optionsJSON"],
  });
};
