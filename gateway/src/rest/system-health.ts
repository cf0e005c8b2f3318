import { ForbiddenError, readBackupStatus } from "@homegraph/common";
import type { Express } from "express";
import type { RestDeps } from "./deps.js";
import { rest } from "./respond.js";
import { requireIdentity } from "./session.js";

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

  // `GET /system/backup`, for admins: the last backup and the last one that worked, from
  // backup-status.json in BACKUP_DIR (written by every backup: npm run backup, the schedule of
  // npm start, a service's pre-migration backup).
  app.get(
    "/system/backup",
    rest(async (req, res) => {
      const identity = await requireIdentity(deps, req);
      if (identity.role !== "ADMIN") throw new ForbiddenError("Only an admin can see the backups.");
      res
        .status(200)
        .set("cache-control", "no-store")
        .json(await readBackupStatus(deps.backupDir));
    }),
  );
}
