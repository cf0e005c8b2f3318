// Homegraph's link to the hub, one per home service process: the connection (sync, knowing
// whether the hub is there, resyncing; hub-connection.ts), the events coming in
// (hub-event-intake.ts) and the commands going out (hub-commands.ts), built together and offered
// to the service's resolvers, routes and automation engine as one.
import { UnavailableError, type Logger, type Orm, type ServicePubSub } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { HomeConfig } from "../config.js";
import type { HubState } from "../entities/hub-state.entity.js";
import { generateEventSecret } from "../hubitat/events.js";
import { MakerApiClient } from "../hubitat/maker-api.client.js";
import type { PendingCommand, QueueStats } from "./command-queue.js";
import type { ChangeListener, ChangeSink } from "./device-changes.js";
import { HubCommands } from "./hub-commands.js";
import { HubConnection, NOT_CONFIGURED, saveConnectionState } from "./hub-connection.js";
import { HubEventIntake } from "./hub-event-intake.js";
import type { EventIngestor } from "./ingest.js";
import type { ReconcileReport, Reconciliation } from "./reconcile.service.js";

export class HubLink {
  /** Null when no hub is configured: the service runs on its stored state. */
  private readonly connection: HubConnection | null;
  private readonly intake: HubEventIntake;
  private readonly commands: HubCommands;
  private readonly sink: ChangeSink;
  private readonly newEm: () => EntityManager;

  constructor(config: HomeConfig, orm: Orm, logger: Logger, pubSub?: ServicePubSub) {
    this.sink = { logger: logger.child({ component: "hub" }), pubSub, hsmExitDelayMs: config.hsm.exitDelayMs };
    this.newEm = () => orm.em.fork() as EntityManager;
    const hub = config.hubitat;
    const secret = hub?.eventSecret ?? generateEventSecret();
    this.connection = hub
      ? new HubConnection({
          hub,
          client: MakerApiClient.fromConfig(hub, this.sink.logger),
          timing: config.hub,
          secret,
          newEm: this.newEm,
          sink: this.sink,
        })
      : null;
    const commands = new HubCommands(this.connection, this.sink, config.commandQueue);
    this.commands = commands;
    this.intake = new HubEventIntake({
      connection: this.connection,
      secret,
      newEm: this.newEm,
      sink: this.sink,
      attributeTo: (hubDeviceId) => commands.senderOf(hubDeviceId),
    });
  }

  /** HSM's exit delay as the household set it on the hub; undefined or 0: unknown. */
  get hsmExitDelayMs(): number | undefined {
    return this.sink.hsmExitDelayMs;
  }

  get configured(): boolean {
    return this.connection !== null;
  }

  /** Whether the hub answered the last time Homegraph asked. */
  get connected(): boolean {
    return this.connection?.connected ?? false;
  }

  /** The secret of the event URL. */
  get secret(): string {
    return this.intake.secret;
  }

  get ingestor(): EventIngestor {
    return this.intake.ingestor;
  }

  /** Lets the automation engine hear every stored change, as subscribers do. */
  attachAutomations(listener: ChangeListener): void {
    this.sink.automations = listener;
  }

  /**
   * Starts talking to the hub once the service listens (the hub posts to the service's own URL, so
   * it cannot be registered before). Never waits for the hub.
   */
  async start(serviceUrl: string): Promise<void> {
    if (!this.connection) {
      await saveConnectionState(this.newEm(), { connected: false, lastError: NOT_CONFIGURED }, this.sink.logger);
      return;
    }
    await this.connection.start(serviceUrl, (event) => this.intake.acceptFrame(event));
  }

  async stop(): Promise<void> {
    await this.commands.stop();
    this.intake.stop();
    await this.connection?.stop();
    await this.intake.drain();
  }

  /** Reads every device and the hub's state again; nothing to do without a hub. */
  resync(reason: string): Promise<void> {
    return this.connection?.resync(reason) ?? Promise.resolve();
  }

  /** A full comparison with the hub now; UNAVAILABLE when there is no hub or it could not be read. */
  async reconcile(reason: string): Promise<ReconcileReport> {
    if (!this.connection) throw new UnavailableError(NOT_CONFIGURED);
    const report = await this.connection.reconcile(reason);
    if (!report) throw new UnavailableError("The hub could not be read: nothing was reconciled.");
    return report;
  }

  /** When the hub is compared with, and which devices fell silent; null without a hub. */
  get reconciliation(): Reconciliation | null {
    return this.connection?.reconciliation ?? null;
  }

  /** The drift totals and last reconcile this process knows of, for /health. */
  reconcileDetail(): Record<string, unknown> {
    return this.connection?.reconciliation.healthDetail() ?? { configured: false };
  }

  /** A forgotten device is no longer watched for silence. */
  forgotten(hubDeviceId: string): void {
    this.connection?.reconciliation.gaps.forget(hubDeviceId);
  }

  acceptPost(secret: string | undefined, body: unknown): Promise<204 | 400 | 403> {
    return this.intake.acceptPost(secret, body);
  }

  sendCommand(em: EntityManager, deviceId: number, command: string, args: readonly unknown[], userId: number | null) {
    return this.commands.sendCommand(em, deviceId, command, args, userId);
  }

  /** What the device (by its hub id) has waiting for the hub or being sent, in order. */
  pendingCommands(hubDeviceId: string): PendingCommand[] {
    return this.commands.pendingCommands(hubDeviceId);
  }

  /** The command queue's depth and counts, for /health. */
  commandQueueStats(): QueueStats {
    return this.commands.queueStats();
  }

  setMode(em: EntityManager, name: string): Promise<HubState> {
    return this.commands.setMode(em, name);
  }

  setHsm(em: EntityManager, command: string): Promise<HubState> {
    return this.commands.setHsm(em, command);
  }

  setVariable(em: EntityManager, name: string, value: string): Promise<HubState> {
    return this.commands.setVariable(em, name, value);
  }
}
