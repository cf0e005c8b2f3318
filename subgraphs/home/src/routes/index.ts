import type { Express } from "express";
import type { HomeRuntime } from "../runtime.js";
import { mountActivityRoute } from "./activity.route.js";
import { mountHubEventRoute } from "./hub-events.route.js";

/** The home's REST routes: the hub's event posts, and the activity the email digest reads. */
export function homeRoutes(runtime: Pick<HomeRuntime, "orm" | "logger" | "services" | "config">) {
  return (app: Express) => {
    mountHubEventRoute(app, {
      link: runtime.services.link,
      logger: runtime.logger,
      eventUrls: runtime.config.hubs.map((hub) => hub.eventUrl),
    });
    mountActivityRoute(app, runtime);
  };
}
