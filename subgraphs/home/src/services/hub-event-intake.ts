// Where the hub's events come in, by post or by eventsocket frame, on their way to the ingestor
// (which stores and publishes them). An event also tells the connection that the hub is there.
import type { EntityManager } from "@mikro-orm/postgresql";
import { DeviceEventSource } from "../entities/device-event.entity.js";
import { parsePostedEvent, secretMatches } from "../hubitat/events.js";
import type { HubEvent } from "../hubitat/types.js";
import type { ChangeSink } from "./device-changes.js";
import type { HubConnection } from "./hub-connection.js";
import { EventIngestor } from "./ingest.js";

export interface HubEventIntakeOptions {
  /** The hub's name: its events touch only its devices and its state. */
  hub: string;
  /** Null when no hub is configured: events are still stored, nothing is resynced. */
  connection: HubConnection | null;
  /** The secret of the event URL; the hub cannot send headers, so the URL is the credential. */
  secret: string;
  newEm: () => EntityManager;
  sink: ChangeSink;
  /** The user whose command through Homegraph this event of a device most likely answers. */
  attributeTo: (hubDeviceId: string) => number | null;
}

export class HubEventIntake {
  readonly ingestor: EventIngestor;
  readonly secret: string;
  private readonly connection: HubConnection | null;

  constructor(options: HubEventIntakeOptions) {
    const { connection, sink } = options;
    const logger = sink.logger;
    this.connection = connection;
    this.secret = options.secret;
    this.ingestor = new EventIngestor({
      hub: options.hub,
      newEm: options.newEm,
      sink,
      onSystemStart: () => void connection?.resync("systemStart"),
      onUnknownDevice: (id) => {
        // During the first sync every device is still unknown: that is no news.
        logger[connection?.syncing ? "debug" : "info"](
          { hubDeviceId: id },
          "an event of a device Homegraph does not know: resyncing",
        );
        void connection?.resync("new device");
      },
      attributeTo: options.attributeTo,
    });
  }

  /** Whether a posted secret is this hub's (compared in constant time). */
  owns(secret: string | undefined): boolean {
    return secretMatches(secret, this.secret);
  }

  /** A POST to the event URL: 204 when taken, 403 when the secret is wrong (and nothing is stored). */
  async acceptPost(secret: string | undefined, body: unknown): Promise<204 | 400 | 403> {
    if (!secretMatches(secret, this.secret)) return 403;
    const event = parsePostedEvent(body);
    if (!event) return 400;
    const connection = this.connection;
    if (connection) {
      connection.heard(event.deviceId);
      if (!connection.connected) void connection.resync("event received", { again: false });
    }
    await this.ingestor.ingest(event, DeviceEventSource.POST);
    return 204;
  }

  /** A frame of the eventsocket. */
  acceptFrame(event: HubEvent): void {
    this.connection?.heard(event.deviceId);
    void this.ingestor.ingest(event, DeviceEventSource.SOCKET);
  }

  stop(): void {
    this.ingestor.stop();
  }

  /** Waits for every event accepted so far (tests, shutdown). */
  drain(): Promise<void> {
    return this.ingestor.drain();
  }
}
