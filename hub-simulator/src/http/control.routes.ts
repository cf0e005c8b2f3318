import type http from "node:http";
import type { EventSocketServer } from "../events/eventsocket.js";
import { physicalChange } from "../devices/physical.js";
import type { Hub } from "../hub.js";
import type { SimulatorState } from "../simulator-state.js";
import { json, readJsonBody, type Reply } from "./respond.js";
import type { Params, RouteTable } from "./router.js";

export interface ControlRequest {
  req: http.IncomingMessage;
  url: URL;
  params: Params;
}

export type ControlHandler = (request: ControlRequest) => Reply | Promise<Reply>;

export interface ControlDeps {
  appId: string;
  hub: Hub;
  state: SimulatorState;
  eventSocket: EventSocketServer;
}

/** `/_sim/...`: the simulator's own controls, outside the Maker API's paths, without a token. */
export function controlRoutes({ appId, hub, state, eventSocket }: ControlDeps): RouteTable<ControlHandler> {
  const setOffline = (offline: boolean) => () => {
    state.setOffline(offline);
    return json({ offline: state.offline });
  };

  return [
    [
      "GET",
      "health",
      () =>
        json({
          status: "healthy",
          service: "hub-simulator",
          offline: state.offline,
          devices: hub.devices.size,
          makerApi: `/apps/api/${appId}`,
        }),
    ],
    [
      "POST",
      "reboot",
      ({ url }) => {
        const downMs = Number(url.searchParams.get("downMs") ?? 1000);
        void state.reboot(Number.isFinite(downMs) ? Math.max(0, downMs) : 1000);
        return json({ rebooting: true }, 202);
      },
    ],
    ["POST", "offline", setOffline(true)],
    ["POST", "online", setOffline(false)],
    ["GET", "requests", () => json(state.requests)],
    [
      "DELETE",
      "requests",
      () => {
        state.requests.length = 0;
        return json({ cleared: true });
      },
    ],
    ["GET", "stats", () => json(state.stats())],
    [
      "POST",
      "latency",
      ({ url }) => {
        const ms = Number(url.searchParams.get("ms"));
        if (!Number.isFinite(ms) || ms < 0) return json({ error: "ms must be a number of milliseconds" }, 400);
        state.latencyMs = ms;
        return json({ latencyMs: state.latencyMs });
      },
    ],
    [
      // {"frames": ["not json", ...]}: a misbehaving hub's frames, verbatim.
      "POST",
      "eventsocket/frames",
      async ({ req }) => {
        const body = (await readJsonBody(req)) as { frames?: unknown };
        if (!Array.isArray(body.frames) || !body.frames.every((f) => typeof f === "string")) {
          return json({ error: 'body must be {"frames": [string, ...]}' }, 400);
        }
        const clients = eventSocket.sendRaw(body.frames);
        return json({ clients, frames: body.frames.length });
      },
    ],
    [
      // {"name": "contact", "value": "open"}: a physical change.
      "POST",
      "devices/:id/events",
      async ({ req, params }) => {
        const body = (await readJsonBody(req)) as { name?: unknown; value?: unknown };
        if (typeof body.name !== "string" || (typeof body.value !== "string" && typeof body.value !== "number")) {
          return json({ error: 'body must be {"name": attribute, "value": string or number}' }, 400);
        }
        physicalChange(hub, decodeURIComponent(params.id), body.name, body.value);
        return json({ accepted: true }, 202);
      },
    ],
  ];
}
