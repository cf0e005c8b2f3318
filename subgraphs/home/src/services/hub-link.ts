// Homegraph's link to the household's hubs, one per home service process: for each configured hub
// (one, or those of HUBITAT_HUBS) a LinkedHub with its own connection, event intake and command
// queue (linked-hub.ts), offered to the service's resolvers, routes and automation engine as one.
// The first hub is the primary one: `hub` in GraphQL, and what a call names no hub for.
import {
  BadUserInputError,
  NotFoundError,
  UnavailableError,
  type Logger,
  type Orm,
  type ServicePubSub,
} from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { HomeConfig } from "../config.js";
import { Device } from "../entities/device.entity.js";
import type { HubState } from "../entities/hub-state.entity.js";
import { SINGLE_HUB } from "../hubitat/config.js";
import type { PendingCommand, QueueStats } from "./command-queue.js";
import type { CommandArg, LockState } from "../hubitat/maker-api.client.js";
import type { ChangeListener, ChangeSink, HubEventObserver, LockCodeObserver } from "./device-changes.js";
import { NOT_CONFIGURED, saveConnectionState } from "./hub-connection.js";
import { prepareHubRows } from "./hub-rows.js";
import type { EventIngestor } from "./ingest.js";
import { LinkedHub } from "./linked-hub.js";
import type { ReconcileReport, Reconciliation } from "./reconcile.service.js";

export class HubLink {
  /** The primary hub first; one unconfigured `main` when no hub is configured. */
  private readonly hubs: LinkedHub[];
  private readonly sink: ChangeSink;
  private readonly newEm: () => EntityManager;

  constructor(config: HomeConfig, orm: Orm, logger: Logger, pubSub?: ServicePubSub) {
    this.sink = { logger: logger.child({ component: "hub" }), pubSub, hsmExitDelayMs: config.hsm.exitDelayMs };
    this.newEm = () => orm.em.fork() as EntityManager;
    this.hubs = config.hubs.length
      ? config.hubs.map((hub) => new LinkedHub(hub.name, hub, config, this.newEm, this.sink))
      : [new LinkedHub(SINGLE_HUB, null, config, this.newEm, this.sink)];
  }

  private get primary(): LinkedHub {
    return this.hubs[0]!;
  }

  /** The hubs' names, the primary one first. */
  get names(): string[] {
    return this.hubs.map((h) => h.name);
  }

  /** The primary hub's name. */
  get primaryName(): string {
    return this.primary.name;
  }

  /** A hub by name (the primary one when none is given); BAD_USER_INPUT naming the hubs when there is no such hub. */
  hub(name?: string | null): LinkedHub {
    if (name === undefined || name === null) return this.primary;
    const hub = this.hubs.find((h) => h.name === name);
    if (!hub)
      throw new BadUserInputError(`There is no hub named "${name}": the hubs are ${this.names.join(", ")}.`, "hub");
    return hub;
  }

  /** Whether the primary hub (or the one named) is configured. */
  isConfigured(name?: string): boolean {
    return this.hubs.find((h) => h.name === (name ?? this.primary.name))?.connection != null;
  }

  /** HSM's exit delay as the household set it on the hub; undefined or 0: unknown. */
  get hsmExitDelayMs(): number | undefined {
    return this.sink.hsmExitDelayMs;
  }

  get configured(): boolean {
    return this.isConfigured();
  }

  /** Whether the primary hub answered the last time Homegraph asked. */
  get connected(): boolean {
    return this.primary.connection?.connected ?? false;
  }

  /** The secret of the primary hub's event URL. */
  get secret(): string {
    return this.primary.intake.secret;
  }

  get ingestor(): EventIngestor {
    return this.primary.intake.ingestor;
  }

  /** Tells `observer` of every hub's events as they come in and once they are stored (metrics). */
  observeEvents(observer: HubEventObserver): void {
    this.sink.events = observer;
    for (const hub of this.hubs) hub.sink.events = observer;
  }

  /** Lets the automation engine hear every stored change, as subscribers do. */
  attachAutomations(listener: ChangeListener): void {
    this.sink.automations = listener;
    for (const hub of this.hubs) hub.sink.automations = listener;
  }

  /** Lets the built-in alerts hear every stored change. */
  attachAlerts(listener: ChangeListener): void {
    this.sink.alerts = listener;
    for (const hub of this.hubs) hub.sink.alerts = listener;
  }

  /**
   * Starts talking to the hubs once the service listens (a hub posts to the service's URL, or to
   * HUBITAT_EVENT_URL in front of it, so it cannot be registered before). Never waits for a hub.
   */
  async start(serviceUrl: string): Promise<void> {
    await prepareHubRows(this.newEm(), this.names, this.sink.logger);
    for (const hub of this.hubs) {
      if (!hub.connection) {
        await saveConnectionState(
          this.newEm(),
          hub.name,
          { connected: false, lastError: NOT_CONFIGURED },
          hub.sink.logger,
        );
        continue;
      }
      await hub.connection.start(serviceUrl, (event) => hub.intake.acceptFrame(event));
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.hubs.map((hub) => hub.stop()));
  }

  /** Waits for every event accepted so far, of every hub (tests, shutdown). */
  async drain(): Promise<void> {
    await Promise.all(this.hubs.map((hub) => hub.intake.drain()));
  }

  /** Reads every device and the state of the hub (the primary one unless named) again; nothing to do without one. */
  resync(reason: string, name?: string | null): Promise<void> {
    return this.hub(name).connection?.resync(reason) ?? Promise.resolve();
  }

  /** A full comparison with the hub now; UNAVAILABLE when it is not configured or could not be read. */
  async reconcile(reason: string, name?: string | null): Promise<ReconcileReport> {
    const connection = this.hub(name).connection;
    if (!connection) throw new UnavailableError(NOT_CONFIGURED);
    const report = await connection.reconcile(reason);
    if (!report) throw new UnavailableError("The hub could not be read: nothing was reconciled.");
    return report;
  }

  /** When the primary hub is compared with, and which devices fell silent; null without a hub. */
  get reconciliation(): Reconciliation | null {
    return this.primary.connection?.reconciliation ?? null;
  }

  /** The drift totals and last reconcile this process knows of, for /health; by hub when there are several. */
  reconcileDetail(): Record<string, unknown> {
    const of = (hub: LinkedHub) => hub.connection?.reconciliation.healthDetail() ?? { configured: false };
    if (this.hubs.length === 1) return of(this.primary);
    return { hubs: Object.fromEntries(this.hubs.map((hub) => [hub.name, of(hub)])) };
  }

  /** A forgotten device is no longer watched for silence. */
  forgotten(device: Pick<Device, "hub" | "hubDeviceId">): void {
    this.hubs.find((h) => h.name === device.hub)?.connection?.reconciliation.gaps.forget(device.hubDeviceId);
  }

  /** A POST to an event URL: the hub whose secret it carries takes it; 403 when it is no hub's. */
  acceptPost(secret: string | undefined, body: unknown): Promise<204 | 400 | 403> {
    const hub = this.hubs.find((h) => h.intake.owns(secret));
    return hub ? hub.intake.acceptPost(secret, body) : Promise.resolve(403);
  }

  /** Told of each device command a person sent, once the hub took it (the household's activity). */
  private commandSent?: (device: Device, command: string, userId: number) => void;

  attachActivity(listener: (device: Device, command: string, userId: number) => void): void {
    this.commandSent = listener;
  }

  /** Sends a command to the device's own hub; `person` false: an automation's, not told as a person's. */
  async sendCommand(
    em: EntityManager,
    deviceId: number,
    command: string,
    args: readonly unknown[],
    userId: number | null,
    person = true,
  ) {
    const device = Number.isSafeInteger(deviceId) && deviceId > 0 ? await em.findOne(Device, { id: deviceId }) : null;
    if (!device) throw new NotFoundError(`There is no device ${deviceId}.`);
    const hub = this.hubs.find((h) => h.name === device.hub);
    if (!hub) {
      throw new UnavailableError(`${device.label} is on the hub "${device.hub}", which is no longer configured.`);
    }
    const sent = await hub.commands.sendCommand(em, device, command, args, userId);
    if (person && userId !== null) this.commandSent?.(device, command, userId);
    return sent;
  }

  /** setCode or deleteCode for the lock code worker, in the lock's turn in its hub's queue; stored nowhere. */
  lockCodeCommand(
    device: Pick<Device, "hub" | "hubDeviceId" | "label">,
    command: "setCode" | "deleteCode",
    args: CommandArg[],
  ): Promise<void> {
    return this.hubOf(device).commands.lockCodeCommand(device.hubDeviceId, command, args);
  }

  /** The lock's codes as its hub reports them now, codes included (for the lock code worker only). */
  readLockCodes(device: Pick<Device, "hub" | "hubDeviceId" | "label">): Promise<LockState> {
    const connection = this.hubOf(device).connection;
    if (!connection) throw new UnavailableError(NOT_CONFIGURED);
    return connection.call((c) => c.getLockCodes(device.hubDeviceId));
  }

  private hubOf(device: Pick<Device, "hub" | "label">): LinkedHub {
    const hub = this.hubs.find((h) => h.name === device.hub);
    if (!hub)
      throw new UnavailableError(`${device.label} is on the hub "${device.hub}", which is no longer configured.`);
    return hub;
  }

  /** Lets the lock code worker hear of codes changed at a lock and of the hub coming back. */
  attachLockCodes(observer: LockCodeObserver): void {
    this.sink.lockCodes = observer;
    for (const hub of this.hubs) hub.sink.lockCodes = observer;
  }

  /** What the device has waiting for its hub or being sent, in order. */
  pendingCommands(device: Pick<Device, "hub" | "hubDeviceId">): PendingCommand[] {
    return this.hubs.find((h) => h.name === device.hub)?.commands.pendingCommands(device.hubDeviceId) ?? [];
  }

  /** The command queues' depth and counts, for /health: the sums, and each hub's when there are several. */
  commandQueueStats(): QueueStats & { hubs?: Record<string, QueueStats> } {
    if (this.hubs.length === 1) return this.primary.commands.queueStats();
    const each = this.hubs.map((hub) => [hub.name, hub.commands.queueStats()] as const);
    const sum = (key: "queued" | "sending" | "sent" | "coalesced" | "refused") =>
      each.reduce((total, [, stats]) => total + stats[key], 0);
    const first = each[0]![1];
    return {
      queued: sum("queued"),
      sending: sum("sending"),
      ratePerSecond: first.ratePerSecond,
      maxQueued: first.maxQueued,
      sent: sum("sent"),
      coalesced: sum("coalesced"),
      refused: sum("refused"),
      hubs: Object.fromEntries(each),
    };
  }

  setMode(em: EntityManager, name: string, hub?: string | null): Promise<HubState> {
    return this.hub(hub).commands.setMode(em, name);
  }

  setHsm(em: EntityManager, command: string, hub?: string | null): Promise<HubState> {
    return this.hub(hub).commands.setHsm(em, command);
  }

  setVariable(em: EntityManager, name: string, value: string, hub?: string | null): Promise<HubState> {
    return this.hub(hub).commands.setVariable(em, name, value);
  }
}
