import { BadUserInputError, requireService, type Orm } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Express } from "express";
import { Role } from "../entities/user.entity.js";
import { findActiveUsers } from "../repositories/user.repository.js";

/**
 * `GET /internal/users?role=ADMIN|MEMBER|GUEST`: the household's active people and their addresses, for
 * Homegraph's own services (the email service's digest and bulk mail); service tokens only, so no
 * person's token, however privileged, reads the whole directory through here.
 */
export function mountDirectoryRoute(app: Express, deps: { orm: Orm }): void {
  app.get("/internal/users", async (req, res) => {
    requireService(req.identity, req.identityError);
    const role = req.query.role;
    if (role !== undefined && (typeof role !== "string" || !(Object.values(Role) as string[]).includes(role))) {
      throw new BadUserInputError("role must be ADMIN, MEMBER or GUEST.", "role");
    }
    const em = deps.orm.em.fork() as EntityManager;
    const users = await findActiveUsers(em, role as Role | undefined);
    res.set("cache-control", "no-store").json({
      users: users.map((u) => ({ id: u.id, email: u.email, displayName: u.displayName, role: u.role })),
    });
  });
}
