import type { AuthCheckerFn } from "type-graphql";
import { ForbiddenError, SecondFactorEnrolmentRequiredError, UnauthenticatedError } from "../errors/errors.js";
import { roleRank, SERVICE_ROLE, type Identity, type Role } from "./identity.js";

/**
 * `@Authorized(OPEN_DURING_ENROLMENT)`: any signed-in person, even one whose session is limited to
 * enrolling a second factor (the household's policy, past its grace period). Everything else
 * answers those sessions SECOND_FACTOR_ENROLMENT_REQUIRED.
 */
export const OPEN_DURING_ENROLMENT = "OPEN_DURING_ENROLMENT" as const;

/**
 * type-graphql's `@Authorized()`: any signed-in member of the household (ADMIN or MEMBER);
 * `@Authorized("ADMIN")`: admins; `@Authorized("GUEST")`: anyone signed in, guests included. Roles
 * are ranked (ADMIN > MEMBER > GUEST) and the least trusted role named is the bar, so an admin may
 * do whatever a member may, and a guest passes only where GUEST is named: a field nobody thought
 * about stays closed to guests. It throws rather than returning false so the client gets
 * UNAUTHENTICATED or FORBIDDEN with a message, not type-graphql's generic "Access denied".
 * A service token is no person: it passes no check here (services use their REST endpoints).
 */
export const authChecker: AuthCheckerFn<{ identity?: Identity }, Role | typeof OPEN_DURING_ENROLMENT> = (
  { context, info },
  allowed,
) => {
  const identity = context?.identity;
  if (!identity) throw new UnauthenticatedError("Sign in to see this.");
  if (identity.role === SERVICE_ROLE) throw new ForbiddenError("A service token cannot be used for this.");
  // Only operations are gated: the fields of an answer an open operation gave stay readable.
  const parent = (info as Partial<typeof info> | undefined)?.parentType?.name;
  const operation = parent === undefined || ["Query", "Mutation", "Subscription"].includes(parent);
  if (identity.enrolmentOnly && operation && !allowed.includes(OPEN_DURING_ENROLMENT)) {
    throw new SecondFactorEnrolmentRequiredError();
  }
  const roles = allowed.filter((r): r is Role => r !== OPEN_DURING_ENROLMENT);
  if (roles.length === 0) {
    if (identity.role !== "GUEST") return true;
    throw new ForbiddenError("Guests may not do that: it is for the people of the household.");
  }
  const bar = Math.min(...roles.map(roleRank));
  if (roleRank(identity.role) >= bar) return true;
  throw new ForbiddenError(`Only ${roles.map((r) => r.toLowerCase() + "s").join(" or ")} may do that.`);
};

/** For a REST endpoint meant only for Homegraph's own services; answers which service called. */
export function requireService(identity: Identity | undefined, error?: Error): string {
  if (error) throw error;
  if (!identity) throw new UnauthenticatedError("This endpoint needs a service token.");
  if (identity.role !== SERVICE_ROLE || !identity.service) {
    throw new ForbiddenError("Only Homegraph's own services may call this endpoint.");
  }
  return identity.service;
}
