import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "@homegraph/common";
import type { SimulatorConfig } from "../config.js";
import type { EventSocketServer } from "../events/eventsocket.js";
import { CommandError } from "../hub-event.js";
import type { SimulatorState } from "../simulator-state.js";
import type { ControlHandler } from "./control.routes.js";
import type { MakerApiHandler } from "./maker-api.routes.js";
import { fail, HTML_TYPE, INVALID_TOKEN_BODY, json, send, XML_TYPE } from "./respond.js";
import type { Router } from "./router.js";

export interface ServerDeps {
  config: Pick<SimulatorConfig, "appId" | "accessToken">;
  state: SimulatorState;
  eventSocket: EventSocketServer;
  makerApi: Router<MakerApiHandler>;
  control: Router<ControlHandler>;
  logger: Logger;
}

const notFound = { status: 404, body: "Not Found", type: HTML_TYPE };

/**
 * `/_sim/...` always answers; everything else is the hub, unreachable while offline. Under
 * `/apps/api` the token comes first: without it, any path gets the hub's XML 401.
 */
export function createHttpServer({ config, state, eventSocket, makerApi, control, logger }: ServerDeps): http.Server {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://hub");
    const segments = url.pathname.split("/").slice(1);
    if (segments[0] === "_sim") {
      const path = segments.slice(1);
      const route = control.find(req.method ?? "", path);
      Promise.resolve()
        .then(() =>
          route
            ? route.handler({ req, url, params: route.params })
            : json({ error: `no simulator route ${req.method} /${path.join("/")}` }, 404),
        )
        .then((reply) => send(res, reply))
        .catch((err: unknown) => fail(res, err, logger));
      return;
    }
    if (state.offline) {
      req.socket.destroy();
      return;
    }
    if (segments[0] !== "apps" || segments[1] !== "api") return send(res, notFound);
    state.record(req);
    if (url.searchParams.get("access_token") !== config.accessToken) {
      return send(res, { status: 401, body: INVALID_TOKEN_BODY, type: XML_TYPE });
    }
    if (segments[2] !== config.appId) return send(res, notFound);
    if (req.method !== "GET") return send(res, { status: 405, body: "Method Not Allowed", type: HTML_TYPE });
    const done = state.begin(req, res);
    (async () => {
      if (state.latencyMs > 0) await sleep(state.latencyMs);
      // A trailing slash names the same resource.
      const path = segments.slice(3).filter((s, i, all) => s !== "" || i < all.length - 1);
      const route = makerApi.find("GET", path);
      if (!route) throw new CommandError(404, "Not found");
      send(res, route.handler(route.params));
    })()
      .catch((err: unknown) => fail(res, err, logger))
      .finally(done);
  });

  server.on("upgrade", (req, socket, head) => {
    const path = new URL(req.url ?? "/", "http://hub").pathname;
    if (state.offline || path !== "/eventsocket") {
      socket.destroy();
      return;
    }
    eventSocket.accept(req, socket, head);
  });

  return server;
}
