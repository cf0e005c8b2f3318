import type { Express } from "express";
import type { RestDeps } from "./deps.js";
import { requireIdentity } from "./session.js";
import { rest } from "./respond.js";

/** `GET /auth/verify`: for other home services that would rather ask than read the JWKS. */
export function mountVerifyRoute(app: Express, deps: RestDeps): void {
  app.get(
    "/auth/verify",
    rest(async (req, res) => {
      const identity = await requireIdentity(deps, req);
      res.status(200).set("cache-control", "no-store").json({
        userId: identity.userId,
        sessionId: identity.sessionId,
        role: identity.role,
        expiresAt: identity.expiresAt.toISOString(),
      });
    }),
  );
}
