import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { createLogger, type Logger } from "@homegraph/common";
import { WebSocketServer, type WebSocket } from "ws";
import { startActivity } from "./activity.js";
import type { SimulatorConfig } from "./config.js";
import {
  deviceCapabilities,
  deviceCommands,
  deviceDetails,
  deviceEvents,
  deviceFull,
  deviceSummary,
  modes,
  postBody,
  socketFrame,
} from "./format.js";
import { HOUSEHOLD, withExtraSwitches, type DeviceDefinition } from "./household.js";
import { CommandError, Hub, type HubEvent } from "./hub.js";
import { seededRandom } from "./random.js";

/** The hub's answer to a missing or wrong access token, byte for byte. */
export const INVALID_TOKEN_BODY = "<oauth><error>invalid_token</error></oauth>";

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as received, token included: the simulator is the hub, the token is its own. */
  url: string;
  at: Date;
}

export interface SimulatorStats {
  inFlight: number;
  maxInFlight: number;
  requests: number;
  postsSent: number;
  postsFailed: number;
  socketClients: number;
}

export interface RunningSimulator {
  url: string;
  port: number;
  appId: string;
  accessToken: string;
  /** `http://host:port/apps/api/{appId}`: what HUBITAT_CLOUD_URL would name for a cloud hub. */
  makerApiUrl: string;
  hub: Hub;
  /** Maker API requests in arrival order (the newest 1,000). */
  requests: RecordedRequest[];
  /** The URL events are POSTed to, as registered with `/postURL`. */
  postUrl(): string | null;
  stats(): SimulatorStats;
  resetStats(): void;
  setLatency(ms: number): void;
  /** Offline: Maker API connections are reset and the eventsocket is dropped, as for an unplugged hub. */
  setOffline(offline: boolean): void;
  /** Drops the eventsocket, stays offline for `downMs`, then sends `systemStart`. */
  reboot(downMs?: number): Promise<void>;
  /** Resolves once every event so far has been posted (or failed to be). */
  flushed(): Promise<void>;
  /** A change made in the room rather than through the API: a door opened, a switch flipped by hand. */
  physical(deviceId: string, attribute: string, value: string | number): void;
  logger: Logger;
  close(): Promise<void>;
}

const JSON_TYPE = "application/json;charset=utf-8";
/** Real hubs label some JSON answers text/html; the simulator does so for all but the device lists. */
const HTML_TYPE = "text/html;charset=utf-8";

export interface SimulatorOptions {
  devices?: DeviceDefinition[];
}

export async function createSimulator(
  config: SimulatorConfig,
  options: SimulatorOptions = {},
): Promise<RunningSimulator> {
  const logger = createLogger("hub-sim", config.logLevel);
  const hub = new Hub(options.devices ?? withExtraSwitches(HOUSEHOLD, config.extraSwitches ?? 0), {
    shadeTravelMs: config.shadeTravelMs,
  });
  const requests: RecordedRequest[] = [];
  const stats = { inFlight: 0, maxInFlight: 0, requests: 0, postsSent: 0, postsFailed: 0 };
  let latencyMs = config.latencyMs ?? 0;
  let offline = false;
  let postUrl: string | null = null;
  let postChain: Promise<void> = Promise.resolve();
  let postFailing = false;
  // Closing cuts posts short rather than waiting out a receiver that no longer answers.
  const closing = new AbortController();
  /** Connections with a Maker API call under way: going offline cuts these (idle ones are cut on their next call). */
  const busySockets = new Set<Socket>();

  const wss = new WebSocketServer({ noServer: true });
  const clients = new Set<WebSocket>();

  // Posts go out one at a time, so the receiver sees them in the order the hub made them.
  const post = (event: HubEvent) => {
    const target = postUrl;
    if (!target) return;
    const body = JSON.stringify(postBody(event));
    postChain = postChain.then(async () => {
      try {
        const res = await fetch(target, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
          signal: AbortSignal.any([AbortSignal.timeout(5_000), closing.signal]),
        });
        await res.body?.cancel();
        stats.postsSent++;
        if (postFailing) logger.info("event posts reach the registered URL again");
        postFailing = false;
      } catch (err) {
        stats.postsFailed++;
        // Once per failing streak: an unreachable receiver would otherwise log every event.
        if (!postFailing) logger.warn({ err: (err as Error).message }, "could not post an event to the registered URL");
        postFailing = true;
      }
    });
  };

  hub.onEvent((event) => {
    logger.debug({ deviceId: event.deviceId, name: event.name, value: event.value }, "event");
    if (offline) return;
    post(event);
    const frame = socketFrame(event);
    for (const client of clients) if (client.readyState === client.OPEN) client.send(frame);
  });

  const dropSockets = () => {
    for (const client of clients) client.terminate();
    clients.clear();
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, type = JSON_TYPE) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text) });
    res.end(text);
  };

  const readBody = async (req: http.IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > 64 * 1024) throw new CommandError(413, "body too large");
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString();
    if (!text) return {};
    try {
      return JSON.parse(text);
    } catch {
      throw new CommandError(400, "body must be JSON");
    }
  };

  const reboot = async (downMs = 1_000) => {
    logger.info({ downMs }, "rebooting");
    offline = true;
    dropSockets();
    await sleep(downMs);
    offline = false;
    hub.emitLocation("systemStart", "true", `${hub.locationName} hub started`);
  };

  /** `/_sim/...`: the simulator's own controls, outside the Maker API's paths. */
  const admin = async (req: http.IncomingMessage, res: http.ServerResponse, path: string[], url: URL) => {
    const route = `${req.method} /${path.join("/")}`;
    if (route === "GET /health") {
      return send(res, 200, {
        status: "healthy",
        service: "hub-simulator",
        offline,
        devices: hub.devices.size,
        makerApi: `/apps/api/${config.appId}`,
      });
    }
    if (route === "POST /reboot") {
      const downMs = Number(url.searchParams.get("downMs") ?? 1000);
      void reboot(Number.isFinite(downMs) ? Math.max(0, downMs) : 1000);
      return send(res, 202, { rebooting: true });
    }
    if (route === "POST /offline" || route === "POST /online") {
      setOffline(route === "POST /offline");
      return send(res, 200, { offline });
    }
    if (route === "GET /requests") return send(res, 200, requests);
    if (route === "DELETE /requests") {
      requests.length = 0;
      return send(res, 200, { cleared: true });
    }
    if (route === "GET /stats") return send(res, 200, { ...stats, socketClients: clients.size });
    if (route === "POST /latency") {
      const ms = Number(url.searchParams.get("ms"));
      if (!Number.isFinite(ms) || ms < 0) return send(res, 400, { error: "ms must be a number of milliseconds" });
      latencyMs = ms;
      return send(res, 200, { latencyMs });
    }
    // POST /_sim/eventsocket/frames {"frames": ["not json", ...]}: a misbehaving hub's frames, verbatim.
    if (route === "POST /eventsocket/frames") {
      const body = (await readBody(req)) as { frames?: unknown };
      if (!Array.isArray(body.frames) || !body.frames.every((f) => typeof f === "string")) {
        return send(res, 400, { error: 'body must be {"frames": [string, ...]}' });
      }
      const open = [...clients].filter((c) => c.readyState === c.OPEN);
      for (const client of open) for (const frame of body.frames) client.send(frame);
      return send(res, 200, { clients: open.length, frames: body.frames.length });
    }
    // POST /_sim/devices/{id}/events {"name": "contact", "value": "open"}: a physical change.
    if (req.method === "POST" && path[0] === "devices" && path[2] === "events" && path.length === 3) {
      const body = (await readBody(req)) as { name?: unknown; value?: unknown };
      if (typeof body.name !== "string" || (typeof body.value !== "string" && typeof body.value !== "number")) {
        return send(res, 400, { error: 'body must be {"name": attribute, "value": string or number}' });
      }
      physical(decodeURIComponent(path[1]!), body.name, body.value);
      return send(res, 202, { accepted: true });
    }
    return send(res, 404, { error: `no simulator route ${route}` });
  };

  const physical = (deviceId: string, attribute: string, value: string | number) => {
    const device = hub.devices.get(deviceId);
    if (!device) throw new CommandError(404, `No device ${deviceId}`);
    const spec = device.attribute(attribute);
    if (!spec) throw new CommandError(400, `${device.label} has no attribute ${attribute}`);
    if (spec.dataType === "NUMBER" && !Number.isFinite(Number(value))) {
      throw new CommandError(400, `${attribute} takes a number`);
    }
    if (spec.values && !spec.values.includes(String(value))) {
      throw new CommandError(400, `${attribute} takes one of ${spec.values.join(", ")}`);
    }
    hub.set(device, attribute, value, "physical", { force: attribute === "pushed" || attribute === "held" });
    if (device.has("Thermostat")) hub.updateThermostat(device);
  };

  /** `/apps/api/{appId}/...` after the token check, `path` still URL-encoded. */
  const makerApi = async (res: http.ServerResponse, path: string[]) => {
    const [resource, a, b, c, ...extra] = path;
    const ok = (body: unknown, type = HTML_TYPE) => send(res, 200, body, type);
    const device = () => {
      const found = hub.devices.get(decodeURIComponent(a ?? ""));
      if (!found) throw new CommandError(404, `Device ${a} not found`);
      return found;
    };

    if (resource === "devices") {
      if (a === undefined) return ok([...hub.devices.values()].map(deviceSummary), JSON_TYPE);
      if (a === "all" && b === undefined) return ok([...hub.devices.values()].map(deviceFull), JSON_TYPE);
      const d = device();
      if (b === undefined) return ok(deviceDetails(d), JSON_TYPE);
      if (c === undefined && b === "events") return ok(deviceEvents(d));
      if (c === undefined && b === "commands") return ok(deviceCommands(d));
      if (c === undefined && b === "capabilities") return ok(deviceCapabilities(d));
      if (extra.length) throw new CommandError(404, "Not found");
      const command = decodeURIComponent(b);
      const spec = d.command(command);
      // A single COLOR_MAP argument is the whole secondary value, even when its commas were not encoded.
      const args =
        c === undefined
          ? []
          : spec?.argTypes.length === 1 && spec.argTypes[0] === "COLOR_MAP"
            ? [decodeURIComponent(c)]
            : c.split(",").map((part) => decodeURIComponent(part));
      hub.runCommand(d, command, args);
      return ok(deviceDetails(d));
    }
    if (resource === "modes") {
      if (a === undefined) return ok(modes(hub));
      if (b === undefined) {
        hub.setMode(Number(decodeURIComponent(a)));
        return ok(modes(hub));
      }
    }
    if (resource === "hsm") {
      if (a === undefined) return ok({ hsm: hub.hsm });
      if (b === undefined) {
        hub.setHsm(decodeURIComponent(a));
        return ok({ hsm: hub.hsm });
      }
    }
    if (resource === "hubvariables") {
      if (a === undefined) return ok(hub.variables);
      const name = decodeURIComponent(a);
      if (b === undefined) {
        const variable = hub.variables.find((v) => v.name === name);
        if (!variable) throw new CommandError(404, `No hub variable named ${name}`);
        return ok(variable);
      }
      if (c === undefined) return ok(hub.setVariable(name, decodeURIComponent(b)));
    }
    if (resource === "postURL" && a !== undefined) {
      // An unencoded URL arrives as several segments; an encoded one as one.
      const target = decodeURIComponent(path.slice(1).join("/"));
      let parsed: URL;
      try {
        parsed = new URL(target);
      } catch {
        throw new CommandError(400, "postURL takes a URL-encoded http(s) URL");
      }
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
        throw new CommandError(400, "postURL takes a URL-encoded http(s) URL");
      }
      postUrl = parsed.toString();
      logger.info({ host: parsed.host }, "events will be posted to a new URL");
      return ok({ url: postUrl });
    }
    throw new CommandError(404, "Not found");
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://hub");
    const segments = url.pathname.split("/").slice(1);
    if (segments[0] === "_sim") {
      admin(req, res, segments.slice(1), url).catch((err: unknown) => fail(res, err));
      return;
    }
    if (offline) {
      req.socket.destroy();
      return;
    }
    if (segments[0] !== "apps" || segments[1] !== "api") return send(res, 404, "Not Found", HTML_TYPE);
    // Recorded before the token check: a refused call still reached the hub.
    requests.push({ method: req.method ?? "GET", url: req.url ?? "", at: new Date() });
    if (requests.length > 1000) requests.splice(0, requests.length - 1000);
    if (url.searchParams.get("access_token") !== config.accessToken) {
      return send(res, 401, INVALID_TOKEN_BODY, "application/xml;charset=utf-8");
    }
    if (segments[2] !== config.appId) return send(res, 404, "Not Found", HTML_TYPE);
    if (req.method !== "GET") return send(res, 405, "Method Not Allowed", HTML_TYPE);
    stats.requests++;
    busySockets.add(req.socket);
    res.once("close", () => busySockets.delete(req.socket));
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    (async () => {
      if (latencyMs > 0) await sleep(latencyMs);
      await makerApi(
        res,
        segments.slice(3).filter((s, i, all) => s !== "" || i < all.length - 1),
      );
    })()
      .catch((err: unknown) => fail(res, err))
      .finally(() => stats.inFlight--);
  });

  function fail(res: http.ServerResponse, err: unknown) {
    if (res.headersSent) return void res.end();
    if (err instanceof CommandError) return send(res, err.status, { error: true, message: err.message }, HTML_TYPE);
    logger.error({ err }, "simulator error");
    send(res, 500, { error: true, message: "internal error" }, HTML_TYPE);
  }

  server.on("upgrade", (req, socket, head) => {
    const path = new URL(req.url ?? "/", "http://hub").pathname;
    if (offline || path !== "/eventsocket") {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on("close", () => clients.delete(ws));
      ws.on("error", () => clients.delete(ws));
    });
  });

  function setOffline(value: boolean) {
    if (value === offline) return;
    offline = value;
    logger.info(offline ? "offline: the Maker API and eventsocket are unreachable" : "online again");
    if (offline) {
      dropSockets();
      // Keep-alive connections would otherwise let a client carry on as if nothing happened.
      for (const socket of busySockets) socket.destroy();
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  const stopActivity = config.activity
    ? startActivity(hub, seededRandom(config.seed), config.activityIntervalMs)
    : () => undefined;

  logger.info(
    { url, makerApi: `${url}/apps/api/${config.appId}`, devices: hub.devices.size, activity: config.activity },
    "hub simulator listening",
  );

  return {
    url,
    port,
    appId: config.appId,
    accessToken: config.accessToken,
    makerApiUrl: `${url}/apps/api/${config.appId}`,
    hub,
    requests,
    postUrl: () => postUrl,
    flushed: async () => {
      // Posts queued while waiting join the chain: wait until it stops growing.
      for (let chain = postChain; ; chain = postChain) {
        await chain;
        if (chain === postChain) return;
      }
    },
    stats: () => ({ ...stats, socketClients: clients.size }),
    resetStats: () => {
      Object.assign(stats, { maxInFlight: stats.inFlight, requests: 0, postsSent: 0, postsFailed: 0 });
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setOffline,
    reboot,
    physical,
    logger,
    close: async () => {
      stopActivity();
      postUrl = null;
      closing.abort();
      hub.stop();
      dropSockets();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await postChain;
    },
  };
}
