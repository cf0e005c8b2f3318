import type { Express } from "express";
import type { RestDeps } from "./deps.js";
import { rest } from "./respond.js";

/** The seed's `GET /system/health`: the same aggregated report as `/health`. */
export function mountSystemHealthRoute(app: Express, deps: RestDeps): void {
  app.get(
    "/system/health",
    rest(async (_req, res) => {
      const report = await deps.health();
      res
        .status(report.status === "healthy" ? 200 : 503)
        .set("cache-control", "no-store")
        .json(report);
    }),
  );
}
