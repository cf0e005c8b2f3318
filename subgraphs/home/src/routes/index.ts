import type { Express } from "express";
import type { HomeRuntime } from "../runtime.js";
import { mountAccessRoute } from "./access.route.js";
import { mountActivityRoute } from "./activity.route.js";
import { mountHubEventRoute } from "./hub-events.route.js";

/** The home's REST routes: the hub's event posts, the activity the email digest reads, a person's access for the activity feed. */
export function homeRoutes(runtime: Pick<HomeRuntime, "orm" | "logger" | "services" | "config">) {
  return (app: Express) => {
    mountHubEventRoute(app, {
      link: runtime.services.link,
      logger: runtime.logger,
      eventUrls: runtime.config.hubs.map((hub) => hub.eventUrl),
    });
    mountActivityRoute(app, runtime);
    mountAccessRoute(app, runtime);
  };
}
