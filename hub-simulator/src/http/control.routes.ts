import type http from "node:http";
import type { EventPoster } from "../events/event-poster.js";
import type { EventSocketServer } from "../events/eventsocket.js";
import { physicalChange } from "../devices/physical.js";
import type { Hub } from "../hub.js";
import type { SimulatorState } from "../simulator-state.js";
import { lockCodeRoutes } from "./lock-codes.routes.js";
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
  poster: EventPoster;
}

/** `/_sim/...`: the simulator's own controls, outside the Maker API's paths, without a token. */
export function controlRoutes({ appId, hub, state, eventSocket, poster }: ControlDeps): RouteTable<ControlHandler> {
  const setOffline = (offline: boolean) => () => {
    state.setOffline(offline);
    return json({ offline: state.offline });
  };

  return [
    ...lockCodeRoutes(hub),
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
      // ?percent=10&forMs=60000: a lossy network between the hub and the event URL.
      "POST",
      "posts/drop",
      ({ url }) => {
        const percent = Number(url.searchParams.get("percent"));
        const forMs = Number(url.searchParams.get("forMs") ?? 60_000);
        if (!Number.isFinite(percent) || percent < 0 || percent > 100 || !Number.isFinite(forMs) || forMs < 0) {
          return json({ error: "percent must be 0 to 100 and forMs a number of milliseconds" }, 400);
        }
        poster.dropFor(percent, forMs);
        return json({ percent, forMs });
      },
    ],
    [
      // {"kind": "intrusion", "text": "Front Door opened"}: HSM raises an alert (an intrusion only while armed that way).
      "POST",
      "hsm/alert",
      async ({ req }) => {
        const body = (await readJsonBody(req)) as { kind?: unknown; text?: unknown };
        if (typeof body.kind !== "string" || (body.text !== undefined && typeof body.text !== "string")) {
          return json({ error: 'body must be {"kind": "intrusion" | "smoke" | "water" | ..., "text"?: string}' }, 400);
        }
        hub.hsm.raise(body.kind, body.text as string | undefined);
        return json({ hsm: hub.hsm.status, alert: hub.hsm.alert }, 202);
      },
    ],
    ["DELETE", "devices/:id", ({ params }) => json({ removed: hub.removeDevice(decodeURIComponent(params.id)).id })],
    [
      "POST",
      "devices/:id/restore",
      ({ params }) => json({ restored: hub.restoreDevice(decodeURIComponent(params.id)).id }),
    ],
    [
      // {"label": "Hall Lamp", "room": "Study"}: renamed or moved on the hub; room null unassigns it.
      "PATCH",
      "devices/:id",
      async ({ req, params }) => {
        const body = (await readJsonBody(req)) as { label?: unknown; room?: unknown };
        const labelOk = body.label === undefined || (typeof body.label === "string" && body.label.trim() !== "");
        const roomOk = body.room === undefined || body.room === null || typeof body.room === "string";
        if (!labelOk || !roomOk)
          return json({ error: 'body must be {"label"?: string, "room"?: string or null}' }, 400);
        const device = hub.editDevice(decodeURIComponent(params.id), {
          label: body.label as string | undefined,
          room: body.room as string | null | undefined,
        });
        return json({ id: device.id, label: device.label, room: device.room });
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
