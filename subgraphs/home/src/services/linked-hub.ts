// One hub as Homegraph talks to it: its Maker API client, its connection (sync, checks,
// reconcile), its event intake (its own secret, its own devices) and its command queue. The link
// holds one per configured hub, so nothing of one hub's state leaks into another's.
import type { Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { HomeConfig } from "../config.js";
import type { HubitatConfig } from "../hubitat/config.js";
import { generateEventSecret } from "../hubitat/events.js";
import { MakerApiClient } from "../hubitat/maker-api.client.js";
import type { ChangeSink } from "./device-changes.js";
import { HubCommands } from "./hub-commands.js";
import { HubConnection } from "./hub-connection.js";
import { HubEventIntake } from "./hub-event-intake.js";

export class LinkedHub {
  /** Null when no hub is configured: the service runs on its stored state. */
  readonly connection: HubConnection | null;
  readonly intake: HubEventIntake;
  readonly commands: HubCommands;
  readonly sink: ChangeSink;

  constructor(
    /** `main` for a single hub (and when none is configured), else a name of HUBITAT_HUBS. */
    readonly name: string,
    hub: HubitatConfig | null,
    config: HomeConfig,
    newEm: () => EntityManager,
    parent: ChangeSink,
  ) {
    // Each hub's lines say which hub they are about; the automations are attached to all later.
    const logger: Logger = config.hubs.length > 1 ? parent.logger.child({ hub: name }) : parent.logger;
    const sink: ChangeSink = { logger, pubSub: parent.pubSub };
    this.sink = sink;
    const secret = hub?.eventSecret ?? generateEventSecret();
    this.connection = hub
      ? new HubConnection({
          hub,
          client: MakerApiClient.fromConfig(hub, logger),
          timing: config.hub,
          secret,
          newEm,
          sink,
        })
      : null;
    const commands = new HubCommands(name, this.connection, sink, config.commandQueue);
    this.commands = commands;
    this.intake = new HubEventIntake({
      hub: name,
      connection: this.connection,
      secret,
      newEm,
      sink,
      attributeTo: (hubDeviceId) => commands.senderOf(hubDeviceId),
    });
  }

  async stop(): Promise<void> {
    await this.commands.stop();
    this.intake.stop();
    await this.connection?.stop();
    await this.intake.drain();
  }
}
