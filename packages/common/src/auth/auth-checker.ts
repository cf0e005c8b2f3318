import type { AuthCheckerFn } from "type-graphql";
import { ForbiddenError, UnauthenticatedError } from "../errors/errors.js";
import type { Identity, Role } from "./identity.js";

/**
 * type-graphql's `@Authorized()`: any signed-in person; `@Authorized("ADMIN")`: that role. An
 * admin may do whatever a member may. It throws rather than returning false so the client gets
 * UNAUTHENTICATED or FORBIDDEN with a message, not type-graphql's generic "Access denied".
 */
export const authChecker: AuthCheckerFn<{ identity?: Identity }, Role> = ({ context }, roles) => {
  const identity = context?.identity;
  if (!identity) throw new UnauthenticatedError("Sign in to see this.");
  if (roles.length === 0 || identity.role === "ADMIN" || roles.includes(identity.role)) return true;
  throw new ForbiddenError(`Only ${roles.map((r) => r.toLowerCase() + "s").join(" or ")} may do that.`);
};
