import type { Logger } from "@homegraph/common";
import type { EventPoster } from "../events/event-poster.js";
import { CommandError } from "../hub-event.js";
import type { MakerApiHandler } from "./maker-api.routes.js";
import { html } from "./respond.js";
import type { RouteTable } from "./router.js";

/** `/postURL/{url}`: where events are POSTed from now on. */
export function postUrlRoutes(poster: EventPoster, logger: Logger): RouteTable<MakerApiHandler> {
  return [
    [
      "GET",
      "postURL/*url",
      ({ url }) => {
        // An unencoded URL arrives as several segments; an encoded one as one.
        const target = decodeURIComponent(url);
        let parsed: URL;
        try {
          parsed = new URL(target);
        } catch {
          throw new CommandError(400, "postURL takes a URL-encoded http(s) URL");
        }
        if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
          throw new CommandError(400, "postURL takes a URL-encoded http(s) URL");
        }
        poster.url = parsed.toString();
        logger.info({ host: parsed.host }, "events will be posted to a new URL");
        return html({ url: poster.url });
      },
    ],
  ];
}
