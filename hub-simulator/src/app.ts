import type { AddressInfo } from "node:net";
import { createLogger, type Logger } from "@homegraph/common";
import { startActivity } from "./activity.js";
import type { SimulatorConfig } from "./config.js";
import { keypadEntry, lockCodesView, setCodeEncryption, type LockCode } from "./devices/lock-codes.driver.js";
import { physicalChange } from "./devices/physical.js";
import { EventPoster } from "./events/event-poster.js";
import { EventSocketServer } from "./events/eventsocket.js";
import { socketFrame } from "./format.js";
import { HOUSEHOLD, withExtraSwitches, type DeviceDefinition } from "./household.js";
import { controlRoutes } from "./http/control.routes.js";
import { makerApiRoutes } from "./http/maker-api.routes.js";
import { Router } from "./http/router.js";
import { createHttpServer } from "./http/server.js";
import { Hub } from "./hub.js";
import { seededRandom } from "./random.js";
import { SimulatorState, type RecordedRequest, type SimulatorStats } from "./simulator-state.js";

export { INVALID_TOKEN_BODY } from "./http/respond.js";
export type { RecordedRequest, SimulatorStats };

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
  /** An HSM alert (intrusion, smoke, water...), as HSM raises it when a sensor it watches trips. */
  hsmAlert(kind: string, text?: string): void;
  /** A code typed at a lock's keypad: unlocks, naming the code, when it is one of the lock's. */
  keypad(deviceId: string, code: string): { unlocked: boolean; position?: number; name?: string };
  /** A lock's codes in clear (whatever its `lockCodes` attribute shows), and whether the driver encrypts them. */
  lockCodes(deviceId: string): { encrypted: boolean; codes: Record<string, LockCode> };
  /** The lock driver's "Enable lockCode encryption". */
  setLockCodeEncryption(deviceId: string, encrypted: boolean): void;
  /** Leaves out `percent` % of the event posts for `forMs`, evenly spread. */
  dropPosts(percent: number, forMs: number): void;
  logger: Logger;
  close(): Promise<void>;
}

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
    hsmExitDelayMs: config.hsmExitDelayMs,
  });
  const eventSocket = new EventSocketServer();
  const state = new SimulatorState(config.latencyMs ?? 0, hub, eventSocket, logger);
  const poster = new EventPoster(state.counts, logger);

  hub.onEvent((event) => {
    logger.debug({ deviceId: event.deviceId, name: event.name, value: event.value }, "event");
    if (state.offline) return;
    poster.post(event);
    eventSocket.broadcast(socketFrame(event));
  });

  const server = createHttpServer({
    config,
    state,
    eventSocket,
    makerApi: new Router(makerApiRoutes(hub, poster, logger)),
    control: new Router(controlRoutes({ appId: config.appId, hub, state, eventSocket, poster })),
    logger,
  });

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
    requests: state.requests,
    postUrl: () => poster.url,
    flushed: () => poster.flushed(),
    stats: () => state.stats(),
    resetStats: () => state.resetStats(),
    setLatency: (ms) => {
      state.latencyMs = ms;
    },
    setOffline: (offline) => state.setOffline(offline),
    reboot: (downMs) => state.reboot(downMs),
    physical: (deviceId, attribute, value) => physicalChange(hub, deviceId, attribute, value),
    hsmAlert: (kind, text) => hub.hsm.raise(kind, text),
    keypad: (deviceId, code) => keypadEntry(hub, lockOf(hub, deviceId), code),
    lockCodes: (deviceId) => lockCodesView(lockOf(hub, deviceId)),
    setLockCodeEncryption: (deviceId, encrypted) => setCodeEncryption(hub, lockOf(hub, deviceId), encrypted),
    dropPosts: (percent, forMs) => poster.dropFor(percent, forMs),
    logger,
    close: async () => {
      stopActivity();
      poster.stop();
      hub.stop();
      eventSocket.dropAll();
      await eventSocket.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await poster.settled();
    },
  };
}

function lockOf(hub: Hub, deviceId: string) {
  const device = hub.devices.get(deviceId);
  if (!device?.has("LockCodes")) throw new Error(`No lock ${deviceId} on the simulator`);
  return device;
}
