import type { Express } from "express";
import type { RestDeps } from "./deps.js";
import { forwardedHeaders } from "./forward.js";
import { requireIdentity } from "./session.js";
import { rest } from "./respond.js";

const ME = `query Me { me { id email displayName role } }`;

/** The seed's profile call, at both paths its clients use. */
export function mountProfileRoutes(app: Express, deps: RestDeps): void {
  app.get(
    ["/users/profile", "/api/users/profile"],
    rest(async (req, res) => {
      await requireIdentity(deps, req);
      const data = await deps.auth.execute<{ me: Record<string, unknown> }>(ME, {}, forwardedHeaders(req, true));
      res.status(200).set("cache-control", "no-store").json(data.me);
    }),
  );
}
