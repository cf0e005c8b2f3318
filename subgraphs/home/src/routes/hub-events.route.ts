import type { Logger } from "@homegraph/common";
import express, { type Express } from "express";
import { EVENT_ROUTE_PREFIX } from "../hubitat/events.js";
import type { HubLink } from "../services/hub-link.js";

/**
 * `POST /hubitat/events/{secret}`, also under any prefix (`/homegraph/hubitat/events/{secret}`), so
 * that a reverse proxy in front (HUBITAT_EVENT_URL) may strip its path prefix or keep it. The
 * secret in the path is the only credential (the hub cannot send headers), and says which hub
 * posted; a wrong one is refused before the body is looked at.
 */
const EVENT_PATH = new RegExp(`^(?:/[^?#]*)?${EVENT_ROUTE_PREFIX.replace(/\//g, "\\/")}/([^/?#]+)/?$`);

export function mountHubEventRoute(app: Express, deps: { link: HubLink; logger: Logger }): void {
  const { link, logger } = deps;
  app.post(
    EVENT_PATH,
    // Some firmware labels its JSON text/html; express.json (mounted before) only reads application/json.
    express.text({ type: () => true, limit: "64kb" }),
    async (req, res) => {
      let body: unknown = req.body;
      if (typeof body === "string") {
        try {
          body = JSON.parse(body);
        } catch {
          body = undefined;
        }
      }
      // The router has decoded the captured secret already.
      const status = await link.acceptPost((req.params as Record<string, string | undefined>)[0], body);
      if (status === 403) {
        logger.warn({ ip: req.ip }, "refused an event POST with a wrong secret");
        res.status(403).json({ error: { code: "FORBIDDEN", message: "Unknown event URL." } });
      } else if (status === 400) {
        res.status(400).json({ error: { code: "BAD_USER_INPUT", message: 'Expected {"content": {...}}.' } });
      } else {
        res.status(204).end();
      }
    },
  );
}
