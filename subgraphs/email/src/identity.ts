import { ForbiddenError, UnauthenticatedError } from "@homegraph/common";
import type { Request } from "express";

/** The part of the verified identity this service uses; the one place that reads it. */
export interface Caller {
  userId: number;
  role: string;
  /** Set for a service token (docs/identity.md): another Homegraph service, no person. */
  service?: string;
}

function asCaller(identity: unknown): Caller | undefined {
  const i = identity as { userId?: unknown; role?: unknown; service?: unknown } | undefined;
  if (!i || typeof i.userId !== "number" || typeof i.role !== "string") return undefined;
  return typeof i.service === "string" && i.role === "SERVICE"
    ? { userId: 0, role: i.role, service: i.service }
    : { userId: i.userId, role: i.role };
}

export function callerOf(ctx: { identity?: unknown }): Caller | undefined {
  const caller = asCaller(ctx.identity);
  // GraphQL serves people: a service token has no "own" mail, preferences or logs there.
  return caller?.service ? undefined : caller;
}

export const isAdmin = (caller: Caller | undefined) => caller?.role === "ADMIN";

/** The caller, or UNAUTHENTICATED / FORBIDDEN. An admin may do what a member may; a guest nothing here. */
export function requireCaller(ctx: { identity?: unknown }, role?: "ADMIN"): Caller {
  const caller = asCaller(ctx.identity);
  if (!caller) throw new UnauthenticatedError();
  if (caller.service) throw new ForbiddenError("A service token cannot be used for this.");
  if (role && caller.role !== role) throw new ForbiddenError("Only admins may do that.");
  // Mail is the household's: a guest (let in with a pass) has no mail log or preferences here.
  if (caller.role === "GUEST")
    throw new ForbiddenError("Guests may not do that: it is for the people of the household.");
  return caller;
}

/**
 * REST routes: common's identifyCaller has verified any presented token; a refused one is reported
 * with its own reason rather than as a missing sign-in. `ADMIN_OR_SERVICE`: the seed's sending
 * calls, made by an admin or by another Homegraph service (auth's outbox) with a service token;
 * `SERVICE`: a service token only (POST /notifications).
 */
export function requireIdentity(req: Request, role?: "ADMIN" | "ADMIN_OR_SERVICE" | "SERVICE"): Caller {
  if (req.identityError) throw req.identityError;
  const caller = asCaller(req.identity);
  if (caller?.service) {
    if (role === "ADMIN_OR_SERVICE" || role === "SERVICE") return caller;
    throw new ForbiddenError("A service token cannot be used for this.");
  }
  // Only other Homegraph services raise notifications: a person's token is refused, an admin's too.
  if (role === "SERVICE") {
    if (!caller) throw new UnauthenticatedError();
    throw new ForbiddenError("Only another Homegraph service (a service token) may do this.");
  }
  return requireCaller({ identity: req.identity }, role === undefined ? undefined : "ADMIN");
}
