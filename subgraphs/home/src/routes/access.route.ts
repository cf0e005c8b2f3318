import { BadUserInputError, requireService, type Orm, type Role } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Express } from "express";
import { Device } from "../entities/device.entity.js";
import { AccessLevel, atLeast } from "../services/access-model.js";
import { checkUserId, loadAccessView } from "../services/access.service.js";

const ROLES: readonly Role[] = ["ADMIN", "MEMBER", "GUEST"];

/**
 * `GET /internal/access/:userId?role=`: the device ids and rooms that person may VIEW now, for
 * Homegraph's own services (the email service's activity feed judges its entries by it); service
 * tokens only. Rooms are those whose own level (grant, else the role's default) is at least VIEW.
 */
export function mountAccessRoute(app: Express, deps: { orm: Orm }): void {
  app.get("/internal/access/:userId", async (req, res) => {
    requireService(req.identity, req.identityError);
    const userId = checkUserId(req.params.userId ?? "");
    const role = ROLES.find((r) => r === req.query.role);
    if (!role) throw new BadUserInputError(`role must be one of ${ROLES.join(", ")}.`, "role");
    const em = deps.orm.em.fork() as EntityManager;
    const view = await loadAccessView(em, userId, role);
    const devices = await em.find(Device, { removedAt: null }, { fields: ["id", "room", "capabilities"] });
    const deviceIds = devices.filter((d) => view.canView(d)).map((d) => d.id);
    const rooms = [...new Set(devices.map((d) => d.room).filter((r): r is string => !!r))]
      .filter((room) => atLeast(view.roomLevel(room).level, AccessLevel.VIEW))
      .sort();
    res.set("cache-control", "no-store").json({ userId, role, deviceIds: deviceIds.sort((a, b) => a - b), rooms });
  });
}
