import { ForbiddenError, UnauthenticatedError } from "@homegraph/common";
import type { Request } from "express";

/** The part of the verified identity this service uses; the one place that reads it. */
export interface Caller {
  userId: number;
  role: string;
}

function asCaller(identity: unknown): Caller | undefined {
  const i = identity as { userId?: unknown; role?: unknown } | undefined;
  if (!i || typeof i.userId !== "number" || typeof i.role !== "string") return undefined;
  return { userId: i.userId, role: i.role };
}

export function callerOf(ctx: { identity?: unknown }): Caller | undefined {
  return asCaller(ctx.identity);
}

export const isAdmin = (caller: Caller | undefined) => caller?.role === "ADMIN";

/** The caller, or UNAUTHENTICATED / FORBIDDEN. An admin may do what a member may. */
export function requireCaller(ctx: { identity?: unknown }, role?: "ADMIN"): Caller {
  const caller = callerOf(ctx);
  if (!caller) throw new UnauthenticatedError();
  if (role && caller.role !== role) throw new ForbiddenError("Only admins may do that.");
  return caller;
}

/**
 * REST routes: common's identifyCaller has verified any presented token; a refused one is reported
 * with its own reason rather than as a missing sign-in.
 */
export function requireIdentity(req: Request, role?: "ADMIN"): Caller {
  if (req.identityError) throw req.identityError;
  return requireCaller({ identity: req.identity }, role);
}
