// How the hub's events reach this service: posted to an event URL the hub is told about, or read
// from the hub's eventsocket. The connection opens one of them when it starts and closes it when
// it stops; everything else about the hub is the same either way.
import type { Logger } from "@homegraph/common";
import { HubEventSocket } from "../hubitat/event-socket.js";
import { EVENT_ROUTE_PREFIX, registerEventUrlAt } from "../hubitat/events.js";
import type { HubitatConfig } from "../hubitat/config.js";
import type { MakerApiClient } from "../hubitat/maker-api.client.js";
import type { HubEvent } from "../hubitat/types.js";

export interface EventTransport {
  /** Runs before every resync, so that a hub which lost the event URL (a silence) is told again. */
  beforeSync(): Promise<void>;
  stop(): Promise<void>;
}

export interface TransportOptions {
  hub: HubitatConfig;
  client: MakerApiClient;
  /** Where this service listens; the event URL is `{it}/hubitat/events` unless HUBITAT_EVENT_URL says otherwise. */
  serviceUrl: string;
  secret: string;
  logger: Logger;
  /** An eventsocket frame. */
  onEvent: (event: HubEvent) => void;
  /** The eventsocket came back after a drop: events were missed while it was down. */
  onReconnect: () => void;
}

const LOOPBACK = /\/\/(127\.|localhost|\[::1\])/;

export function openTransport(options: TransportOptions): EventTransport {
  const { hub, logger } = options;
  if (hub.transport === "post") {
    const eventUrl = hub.eventUrl ?? `${options.serviceUrl.replace(/\/$/, "")}${EVENT_ROUTE_PREFIX}`;
    if (
      !hub.eventUrl &&
      LOOPBACK.test(options.serviceUrl) &&
      !/^https?:\/\/(127\.|localhost|\[::1\])/.test(hub.baseUrl)
    ) {
      logger.warn(
        { eventUrl, hub: hub.name },
        "the hub is elsewhere but this service listens on loopback: set HUBITAT_EVENT_URL (or HOST) so its events can reach it",
      );
    }
    return {
      beforeSync: async () => {
        await registerEventUrlAt(options.client, eventUrl, options.secret);
      },
      stop: async () => undefined,
    };
  }
  if (!hub.eventSocketUrl) return { beforeSync: async () => undefined, stop: async () => undefined };
  const socket = new HubEventSocket({
    url: hub.eventSocketUrl,
    logger,
    onEvent: options.onEvent,
    onOpen: ({ reconnect }) => {
      if (reconnect) options.onReconnect();
    },
  });
  socket.start();
  return { beforeSync: async () => undefined, stop: () => socket.stop() };
}
