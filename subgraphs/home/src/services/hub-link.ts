// Homegraph's link to the hub: the first sync, the event URL registration (or the eventsocket),
// knowing whether the hub is there, resyncing when it returns, reboots or falls silent, and
// sending commands. One instance per home service process.
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
import { DeviceEvent, DeviceEventSource } from "../entities/device-event.entity.js";
import { Device } from "../entities/device.entity.js";
import { HubState } from "../entities/hub-state.entity.js";
import { HubError } from "../hubitat/errors.js";
import { HubEventSocket } from "../hubitat/event-socket.js";
import { generateEventSecret, parsePostedEvent, registerEventUrl, secretMatches } from "../hubitat/events.js";
import { MakerApiClient } from "../hubitat/maker-api.client.js";
import { validateCommand } from "./commands.js";
import {
  onDeviceChanged,
  onHubChanged,
  storeHubValue,
  type ChangeListener,
  type ChangeSink,
} from "./device-changes.js";
import { syncHub } from "./hub-sync.js";
import { EventIngestor } from "./ingest.js";

/** Events arriving this long after a command through Homegraph are credited to its sender. */
const ATTRIBUTION_MS = 10_000;

export const NOT_CONFIGURED =
  "No Hubitat hub is configured: set HUBITAT_HUB_IP, HUBITAT_APP_ID and HUBITAT_ACCESS_TOKEN (see .env.example).";

export const HSM_COMMANDS = ["armAway", "armHome", "armNight", "disarm", "disarmAll", "armAll", "cancelAlerts"];

/** Failures that mean the hub is not there, as opposed to the hub refusing one request. */
function hubIsAway(err: unknown): boolean {
  return (
    err instanceof HubError &&
    ["HUB_UNREACHABLE", "HUB_TIMEOUT", "HUB_ERROR", "HUB_UNAUTHORIZED", "HUB_BAD_RESPONSE"].includes(err.failure)
  );
}

export class HubLink {
  readonly client: MakerApiClient | null;
  readonly ingestor: EventIngestor;
  /** The secret of the event URL; the hub cannot send headers, so the URL is the credential. */
  readonly secret: string;
  private connectedNow = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private socket?: HubEventSocket;
  private syncing?: Promise<void>;
  private syncAgain = false;
  private eventBaseUrl?: string;
  private lastHeardAt = Date.now();
  private awayAttempts = 0;
  private readonly commandedBy = new Map<string, { userId: number; until: number }>();
  private readonly logger: Logger;
  private readonly sink: ChangeSink;

  constructor(
    private readonly config: HomeConfig,
    private readonly orm: Orm,
    logger: Logger,
    pubSub?: ServicePubSub,
  ) {
    this.logger = logger.child({ component: "hub" });
    this.sink = { logger: this.logger, pubSub };
    const hub = config.hubitat;
    this.client = hub ? MakerApiClient.fromConfig(hub, this.logger) : null;
    this.secret = hub?.eventSecret ?? generateEventSecret();
    this.ingestor = new EventIngestor({
      newEm: this.newEm,
      sink: this.sink,
      onSystemStart: () => void this.resync("systemStart"),
      onUnknownDevice: (id) => {
        // During the first sync every device is still unknown: that is no news.
        this.logger[this.syncing ? "debug" : "info"](
          { hubDeviceId: id },
          "an event of a device Homegraph does not know: resyncing",
        );
        void this.resync("new device");
      },
      attributeTo: (id) => {
        const by = this.commandedBy.get(id);
        return by && by.until > Date.now() ? by.userId : null;
      },
    });
  }

  private readonly newEm = () => this.orm.em.fork() as EntityManager;

  get configured(): boolean {
    return this.client !== null;
  }

  /** Whether the hub answered the last time Homegraph asked. */
  get connected(): boolean {
    return this.connectedNow;
  }

  /**
   * Starts talking to the hub once the service listens (the hub posts to the service's own URL, so
   * it cannot be registered before). Never waits for the hub: a hub that is away must not keep the
   * service from serving its stored state.
   */
  async start(serviceUrl: string): Promise<void> {
    await this.saveState({ connected: false, lastError: this.configured ? "Connecting to the hub." : NOT_CONFIGURED });
    const hub = this.config.hubitat;
    if (!hub || this.stopped) return;
    this.eventBaseUrl = hub.eventBaseUrl ?? serviceUrl;
    if (hub.transport === "post" && !hub.eventBaseUrl && /\/\/(127\.|localhost|\[::1\])/.test(serviceUrl)) {
      if (!/^https?:\/\/(127\.|localhost|\[::1\])/.test(hub.baseUrl)) {
        this.logger.warn(
          { eventBaseUrl: this.eventBaseUrl },
          "the hub is elsewhere but this service listens on loopback: set HUBITAT_EVENT_BASE_URL (and HOST) so its events can reach it",
        );
      }
    }
    if (hub.transport === "eventsocket" && hub.eventSocketUrl) {
      this.socket = new HubEventSocket({
        url: hub.eventSocketUrl,
        logger: this.logger,
        onEvent: (event) => {
          this.lastHeardAt = Date.now();
          void this.ingestor.ingest(event, DeviceEventSource.SOCKET);
        },
        // Events were missed while the socket was down.
        onOpen: ({ reconnect }) => {
          if (reconnect) void this.resync("eventsocket reconnected");
        },
      });
      this.socket.start();
    }
    void this.resync("start");
    this.schedule(this.config.hub.probeIntervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ingestor.stop();
    await this.socket?.stop();
    await this.syncing?.catch(() => undefined);
    await this.ingestor.drain();
  }

  /** Reads every device and the hub's state again; concurrent calls share one run (plus one more if asked meanwhile). */
  resync(reason: string, options: { again?: boolean } = {}): Promise<void> {
    if (!this.client || this.stopped) return Promise.resolve();
    if (this.syncing) {
      // A reason that arose during the run (a reboot, a new device) needs a run that starts after it.
      if (options.again !== false) this.syncAgain = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      do {
        this.syncAgain = false;
        await this.syncOnce(reason);
      } while (this.syncAgain && !this.stopped);
    })().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async syncOnce(reason: string): Promise<void> {
    const client = this.client!;
    const started = Date.now();
    try {
      if (this.config.hubitat!.transport === "post") await registerEventUrl(client, this.eventBaseUrl!, this.secret);
      const result = await syncHub(client, this.newEm, this.logger);
      this.lastHeardAt = Date.now();
      const wasAway = !this.connectedNow;
      this.connectedNow = true;
      this.awayAttempts = 0;
      this.logger.info(
        {
          reason,
          devices: result.devices,
          detailed: result.detailed,
          changed: result.changes.length,
          ms: Date.now() - started,
        },
        "hub synced",
      );
      for (const change of result.changes) onDeviceChanged(change, this.sink);
      if (wasAway) {
        onHubChanged(result.state, "connection", this.sink);
        await this.publishAll(new Set(result.changes.map((c) => c.device.id)));
      }
    } catch (err) {
      if (!(err instanceof HubError)) {
        this.logger.error({ err, reason }, "hub sync failed");
        return;
      }
      await this.markAway(err);
    }
  }

  private async markAway(err: HubError): Promise<void> {
    const was = this.connectedNow;
    this.connectedNow = false;
    if (was) this.logger.warn({ reason: err.failure }, "the hub is not answering: serving stored state, marked stale");
    const state = await this.saveState({ connected: false, lastError: err.message });
    if (was && state) {
      onHubChanged(state, "connection", this.sink);
      await this.publishAll();
    }
    // Come back to it soon rather than after a whole probe interval.
    this.schedule(0);
  }

  /** Every device's `stale` flips with the hub's connection: subscribers hear it from each device. */
  private async publishAll(except: Set<number> = new Set()): Promise<void> {
    try {
      for (const device of await this.newEm().find(Device, {})) {
        if (!except.has(device.id)) onDeviceChanged({ device, events: [], stateChanged: true }, this.sink);
      }
    } catch (err) {
      this.logger.error({ err }, "could not publish the devices' new staleness");
    }
  }

  private async saveState(patch: Partial<Pick<HubState, "connected" | "lastError">>): Promise<HubState | null> {
    try {
      const em = this.newEm();
      await em.nativeUpdate(HubState, { id: 1 }, patch);
      return await em.findOne(HubState, { id: 1 });
    } catch (err) {
      this.logger.error({ err }, "could not store the hub's state");
      return null;
    }
  }

  /** Next check: the probe interval while the hub answers; growing pauses (0.5 s up to the interval) while it does not. */
  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.stopped || !this.client) return;
    const interval = this.config.hub.probeIntervalMs;
    const wait = this.connectedNow
      ? delayMs || interval
      : Math.min(interval, 500 * 2 ** Math.min(this.awayAttempts++, 10));
    this.timer = setTimeout(() => void this.check(), wait);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    try {
      if (!this.connectedNow) {
        await this.resync("hub back?", { again: false });
      } else if (Date.now() - this.lastHeardAt > this.config.hub.resyncSilenceMs) {
        this.logger.info({ silentMs: Date.now() - this.lastHeardAt }, "no event from the hub for a while: resyncing");
        await this.resync("silence");
      } else {
        await this.client!.getModes();
      }
    } catch (err) {
      if (err instanceof HubError) await this.markAway(err);
      else this.logger.error({ err }, "hub check failed");
    } finally {
      if (!this.stopped) this.schedule(this.connectedNow ? this.config.hub.probeIntervalMs : 0);
    }
  }

  // ---- events posted by the hub ----------------------------------------------------------------

  /** A POST to the event URL: 204 when taken, 403 when the secret is wrong (and nothing is stored). */
  async acceptPost(secret: string | undefined, body: unknown): Promise<204 | 400 | 403> {
    if (!secretMatches(secret, this.secret)) return 403;
    const event = parsePostedEvent(body);
    if (!event) return 400;
    this.lastHeardAt = Date.now();
    if (!this.connectedNow && this.client) void this.resync("event received", { again: false });
    await this.ingestor.ingest(event, DeviceEventSource.POST);
    return 204;
  }

  // ---- commands --------------------------------------------------------------------------------

  private requireClient(): MakerApiClient {
    if (!this.client) throw new UnavailableError(NOT_CONFIGURED);
    return this.client;
  }

  /** Calls the hub; a failure that means the hub is away marks it so (and its message is the client's). */
  private async call<T>(fn: (client: MakerApiClient) => Promise<T>): Promise<T> {
    const client = this.requireClient();
    try {
      const result = await fn(client);
      if (!this.connectedNow) void this.resync("hub answered", { again: false });
      return result;
    } catch (err) {
      if (hubIsAway(err)) await this.markAway(err as HubError);
      throw err;
    }
  }

  /**
   * Validates against the device's own commands, sends, and records who did it. The stored
   * state changes when the hub's events arrive, not here: the hub has accepted the command, the
   * device may not have carried it out yet.
   */
  async sendCommand(
    em: EntityManager,
    deviceId: number,
    command: string,
    args: readonly unknown[],
    userId: number | null,
  ) {
    const device = Number.isSafeInteger(deviceId) && deviceId > 0 ? await em.findOne(Device, { id: deviceId }) : null;
    if (!device) throw new NotFoundError(`There is no device ${deviceId}.`);
    const checked = validateCommand(device, command, args);
    this.requireClient();
    try {
      await this.call((c) => c.sendCommand(device.hubDeviceId, command, checked));
    } catch (err) {
      if (err instanceof HubError && err.failure === "HUB_NOT_FOUND") {
        void this.resync("device missing on the hub");
        throw new NotFoundError(`The hub no longer has ${device.label}.`);
      }
      throw err;
    }
    const now = new Date();
    if (userId !== null) this.commandedBy.set(device.hubDeviceId, { userId, until: now.getTime() + ATTRIBUTION_MS });
    device.lastChangedById = userId;
    device.lastChangedAt = now;
    const row = em.create(DeviceEvent, {
      deviceId: device.id,
      hubDeviceId: device.hubDeviceId,
      name: command,
      value: JSON.stringify(checked),
      valueType: "COMMAND_ARGS",
      description: `${command}(${checked.map((a) => JSON.stringify(a)).join(", ")}) sent to ${device.label}`,
      source: DeviceEventSource.COMMAND,
      changedByUserId: userId,
      createdAt: now,
    });
    await em.flush();
    onDeviceChanged({ device, events: [row], stateChanged: true }, this.sink);
    return device;
  }

  /** Lets the automation engine hear every stored change, as subscribers do. */
  attachAutomations(listener: ChangeListener): void {
    this.sink.automations = listener;
  }

  async setMode(em: EntityManager, name: string): Promise<HubState> {
    const state = await em.findOneOrFail(HubState, { id: 1 });
    const mode = state.modes.find((m) => m.name.toLowerCase() === name.trim().toLowerCase());
    if (!mode) {
      const known = state.modes.map((m) => m.name).join(", ");
      throw new BadUserInputError(
        known ? `There is no mode "${name}": use one of ${known}.` : `The hub's modes are not known yet.`,
        "mode",
      );
    }
    await this.call((c) => c.setMode(mode.id));
    const modes = state.modes.map((m) => ({ ...m, active: m.id === mode.id }));
    const changed = await storeHubValue(em, "mode", mode.name, { modes });
    state.mode = mode.name;
    state.modes = modes;
    await em.flush();
    if (changed) onHubChanged(state, "mode", this.sink);
    return state;
  }

  async setHsm(em: EntityManager, command: string): Promise<HubState> {
    if (!HSM_COMMANDS.includes(command)) {
      throw new BadUserInputError(`HSM takes ${HSM_COMMANDS.join(", ")}; got "${command}".`, "value");
    }
    const status = await this.call((c) => c.setHsm(command));
    const state = await em.findOneOrFail(HubState, { id: 1 });
    const changed = status ? await storeHubValue(em, "hsmStatus", status) : false;
    if (status) state.hsmStatus = status;
    await em.flush();
    if (changed) onHubChanged(state, "hsm", this.sink);
    return state;
  }

  async setVariable(em: EntityManager, name: string, value: string): Promise<HubState> {
    const state = await em.findOneOrFail(HubState, { id: 1 });
    const variable = state.variables.find((v) => v.name === name);
    if (!variable) {
      throw new BadUserInputError(`The hub has no variable "${name}".`, "name");
    }
    const type = variable.type?.toLowerCase();
    const wrong =
      (type === "integer" && !/^-?\d{1,18}$/.test(value)) ||
      (type === "boolean" && value !== "true" && value !== "false") ||
      ((type === "bigdecimal" || type === "decimal") && !/^-?\d+(\.\d+)?$/.test(value)) ||
      value.length > 1024;
    if (wrong) {
      throw new BadUserInputError(
        value.length > 1024 ? "value must be at most 1024 characters." : `${name} holds a ${type}; got "${value}".`,
        "value",
      );
    }
    const saved = await this.call((c) => c.setHubVariable(name, value));
    state.variables = state.variables.map((v) => (v.name === name ? { ...v, value: saved?.value ?? value } : v));
    await em.flush();
    onHubChanged(state, "variables", this.sink);
    return state;
  }
}
