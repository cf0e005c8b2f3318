import { ApiError } from "../session/auth-api";
import { passkeyCancelled, passkeyProblem } from "./webauthn";

// What a person reads after a passkey failed, for each place one is used: creating one on the
// Security screen, confirming with one (Confirm it's you), and signing in with one.

const named = (name: string) => Object.assign(new Error("the browser's words"), { name });
const WRONG_BROWSER = "This browser could not use a passkey for Homegraph here. Sign in with your password.";
const ALREADY_HELD = "This device already holds a passkey for your account.";
const WRONG_ADDRESS = "Passkeys do not work at this address. Open Homegraph at its usual address.";
const NO_WORDS = "The passkey did not work. Please try again.";

// [what happened, error, when creating, when confirming, when signing in]
const cases: [string, unknown, string, string, string][] = [
  [
    "the prompt closed",
    named("NotAllowedError"),
    "No passkey was created: it was cancelled or took too long.",
    "The passkey was not used: it was cancelled or took too long.",
    "No passkey was used. Try again, or sign in with your password.",
  ],
  [
    "the ceremony aborted",
    named("AbortError"),
    "No passkey was created: it was cancelled or took too long.",
    "The passkey was not used: it was cancelled or took too long.",
    "No passkey was used. Try again, or sign in with your password.",
  ],
  ["a passkey already registered", named("InvalidStateError"), ALREADY_HELD, ALREADY_HELD, WRONG_BROWSER],
  ["a wrong address", named("SecurityError"), WRONG_ADDRESS, WRONG_ADDRESS, WRONG_BROWSER],
  ["no support", named("NotSupportedError"), "the browser's words", "the browser's words", WRONG_BROWSER],
  [
    "an unknown passkey",
    new ApiError("PASSKEY_NOT_RECOGNISED", "server words", 401),
    "server words",
    "server words",
    "Homegraph does not know this passkey (it may have been removed). Sign in with your password, then add a passkey on the Security screen.",
  ],
  [
    "an expired challenge",
    new ApiError("PASSKEY_CHALLENGE_EXPIRED", "server words", 400),
    "server words",
    "server words",
    "The passkey sign-in took too long. Try again.",
  ],
  [
    "a failed check",
    new ApiError("PASSKEY_VERIFICATION_FAILED", "server words", 401),
    "server words",
    "server words",
    "Your passkey could not be verified. Try again, or sign in with your password.",
  ],
  [
    "a cloned passkey",
    new ApiError("PASSKEY_CLONED", "server words", 401),
    "server words",
    "server words",
    "This passkey was refused because it looks like a copy. Sign in with your password and check your passkeys on the Security screen.",
  ],
  [
    "the rate limit, with its wait",
    new ApiError("RATE_LIMITED", "server words", 429, undefined, 90),
    "server words",
    "server words",
    "Too many passkey sign-ins from here. Try again in 2 minutes.",
  ],
  [
    "the rate limit, wait unknown",
    new ApiError("RATE_LIMITED", "server words", 429),
    "server words",
    "server words",
    "Too many passkey sign-ins from here. Try again later.",
  ],
  ["another refusal", new ApiError("FORBIDDEN", "server words", 403), "server words", "server words", "server words"],
  ["another error", new Error("boom"), "boom", "boom", "boom"],
  ["an error without words", new Error(""), NO_WORDS, NO_WORDS, "Something went wrong. Please try again."],
  [
    "no network",
    new TypeError("Failed to fetch"),
    "Failed to fetch",
    "Failed to fetch",
    "Homegraph cannot be reached right now. Check your connection and try again.",
  ],
  ["something not an error", "odd", NO_WORDS, NO_WORDS, "Something went wrong. Please try again."],
];

describe.each(cases)("after %s", (_what, error, creating, confirming, signingIn) => {
  test("creating a passkey says what to do", () => expect(passkeyProblem(error, "create")).toBe(creating));
  test("confirming with a passkey says what to do", () => expect(passkeyProblem(error, "use")).toBe(confirming));
  test("signing in with a passkey says what to do", () => expect(passkeyProblem(error, "sign-in")).toBe(signingIn));
});

test("only a closed or aborted prompt counts as cancelled", () => {
  expect(cases.filter(([, error]) => passkeyCancelled(error)).map(([what]) => what)).toEqual([
    "the prompt closed",
    "the ceremony aborted",
  ]);
});
