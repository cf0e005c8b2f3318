import { authChecker, ForbiddenError, type Identity } from "@homegraph/common";
import type { AuthCheckerFn } from "type-graphql";

/**
 * `@Authorized(OPEN_TO_GUESTS)`: an operation a guest (role GUEST, signed in by a pass's link) may
 * call. Every other operation of this service refuses them, whatever its roles say, so a guest
 * cannot reach the account's machinery (API tokens, factors, e-mail, sessions of others).
 */
export const OPEN_TO_GUESTS = "OPEN_TO_GUESTS" as const;

/** Common's checker, with the guests' rule in front of it. */
export const authServiceChecker: AuthCheckerFn<{ identity?: Identity }, string> = (data, allowed) => {
  const parent = (data.info as Partial<typeof data.info> | undefined)?.parentType?.name;
  const operation = parent === undefined || ["Query", "Mutation", "Subscription"].includes(parent);
  if (data.context?.identity?.role === "GUEST" && operation && !allowed.includes(OPEN_TO_GUESTS)) {
    throw new ForbiddenError("A guest pass does not allow this.");
  }
  const rest = allowed.filter((r) => r !== OPEN_TO_GUESTS) as Parameters<typeof authChecker>[1];
  return authChecker(data, rest);
};
