import { StepUpRequiredError } from "../errors/errors.js";
import type { Logger } from "../logging/logger.js";
import type { Identity } from "./identity.js";

/** How recent a proven factor must be for the operations that guard the house and the account. */
export const STEP_UP_MAX_AGE_SECONDS = 300;

/**
 * Refuses with STEP_UP_REQUIRED (and `maxAgeSeconds`; for a guest `stepUpBy: "PASS_LINK"`) unless
 * the caller's token says a factor was proven within `maxAgeSeconds` (a guest's: the pass link opened). Read from the verified token's `auth_time`, which only the auth
 * service sets, so every subgraph decides alike without asking it.
 */
export function requireRecentAuth(
  identity: Identity | undefined,
  maxAgeSeconds = STEP_UP_MAX_AGE_SECONDS,
  now = Date.now(),
): void {
  const authTime = identity?.authTime?.getTime();
  if (authTime !== undefined && now - authTime <= maxAgeSeconds * 1000) return;
  // A guest has no password or factor: their proof is opening the pass's link, which starts a
  // session whose auth_time is that moment.
  if (identity?.role === "GUEST") {
    throw new StepUpRequiredError(
      maxAgeSeconds,
      "Confirm it's you to continue: open your guest pass link again, then try once more.",
      { stepUpBy: "PASS_LINK" },
    );
  }
  throw new StepUpRequiredError(maxAgeSeconds);
}

/**
 * `requireRecentAuth` for a resolver, logging each refusal (`event: "STEP_UP_REQUIRED"`, who, what,
 * the age of their proof) as the record of a subgraph that keeps no audit log of its own.
 */
export function requireStepUp(
  ctx: { identity?: Identity; logger?: Logger },
  operation: string,
  maxAgeSeconds = STEP_UP_MAX_AGE_SECONDS,
): void {
  try {
    requireRecentAuth(ctx.identity, maxAgeSeconds);
  } catch (err) {
    ctx.logger?.warn(
      { event: "STEP_UP_REQUIRED", userId: ctx.identity?.userId, operation, authTime: ctx.identity?.authTime },
      "step-up required",
    );
    throw err;
  }
}
