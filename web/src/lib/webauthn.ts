// Creating a passkey (Security screen) and confirming with one (Confirm it's you); signing in
// with one, and whether the browser can, live in session/passkey.ts.

/** @simplewebauthn/browser, fetched only when a passkey is used: it is not part of the first load. */
export const loadWebAuthn = () => import("@simplewebauthn/browser");

/** A failed or cancelled browser passkey ceremony, in words a person can act on. */
export function passkeyProblem(error: unknown, doing: "create" | "use"): string {
  const name = error instanceof Error ? error.name : "";
  if (name === "NotAllowedError" || name === "AbortError") {
    return doing === "create"
      ? "No passkey was created: it was cancelled or took too long."
      : "The passkey was not used: it was cancelled or took too long.";
  }
  if (name === "InvalidStateError") return "This device already holds a passkey for your account.";
  if (name === "SecurityError") return "Passkeys do not work at this address. Open Homegraph at its usual address.";
  return error instanceof Error && error.message ? error.message : "The passkey did not work. Please try again.";
}
