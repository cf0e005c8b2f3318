import type { Logger } from "@homegraph/common";
import type { EventPoster } from "../events/event-poster.js";
import type { Hub } from "../hub.js";
import { deviceRoutes } from "./devices.routes.js";
import { locationRoutes } from "./location.routes.js";
import { postUrlRoutes } from "./post-url.routes.js";
import type { Reply } from "./respond.js";
import type { Params, RouteTable } from "./router.js";

/** A Maker API route: its answer from the path's parameters (every Maker API call is a GET). */
export type MakerApiHandler = (params: Params) => Reply;

export function makerApiRoutes(hub: Hub, poster: EventPoster, logger: Logger): RouteTable<MakerApiHandler> {
  return [...deviceRoutes(hub), ...locationRoutes(hub), ...postUrlRoutes(poster, logger)];
}
