import { METRICS_ROUTE, type Logger } from "@homegraph/common";
import express, { type Express } from "express";
import { EVENT_ROUTE_PREFIX } from "../hubitat/events.js";
import type { HubLink } from "../services/hub-link.js";

const escape = (path: string) => path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/**
 * Where event POSTs are taken: `/hubitat/events/{secret}` and the path of each hub's
 * HUBITAT_EVENT_URL followed by `/{secret}`, under any prefix (`/homegraph/hubitat/events/{secret}`),
 * so that a reverse proxy in front may strip its path prefix or keep it.
 */
export function eventPathPattern(eventUrls: readonly (string | null)[] = []): RegExp {
  const paths = new Set([EVENT_ROUTE_PREFIX]);
  for (const url of eventUrls) {
    const path = url ? new URL(url).pathname.replace(/\/+$/, "") : "";
    if (path) paths.add(path);
  }
  const choices = [...paths].map(escape).join("|");
  return new RegExp(`^(?:/[^?#]*)?(?:${choices})/(?<secret>[^/?#]+)/?$`);
}

/**
 * `POST {event path}/{secret}`: where a hub posts each event. The secret in the path is the only
 * credential (the hub cannot send headers), and says which hub posted; a wrong one is refused
 * before the body is looked at.
 */
export function mountHubEventRoute(
  app: Express,
  deps: { link: HubLink; logger: Logger; eventUrls?: readonly (string | null)[] },
): void {
  const { link, logger } = deps;
  app.post(
    eventPathPattern(deps.eventUrls),
    // Some firmware labels its JSON text/html; express.json (mounted before) only reads application/json.
    express.text({ type: () => true, limit: "64kb" }),
    async (req, res) => {
      // The path is a RegExp (it holds the secret): name it for the request metrics.
      res.locals[METRICS_ROUTE] = `${EVENT_ROUTE_PREFIX}/:secret`;
      let body: unknown = req.body;
      if (typeof body === "string") {
        try {
          body = JSON.parse(body);
        } catch {
          body = undefined;
        }
      }
      const status = await link.acceptPost((req.params as { secret?: string }).secret, body);
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
