// What Homegraph asks of the hub: a device's command, the mode, HSM and hub variables. Each is
// checked first (command-validation.ts), sent, stored and published; a device command also
// records who sent it, so that the hub's events answering it are credited to that person. Every
// call to the hub waits its turn in the hub's command queue (command-queue.ts).
import { NotFoundError, UnavailableError } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { DeviceEvent, DeviceEventSource } from "../entities/device-event.entity.js";
import type { Device } from "../entities/device.entity.js";
import { HubState } from "../entities/hub-state.entity.js";
import { HubError } from "../hubitat/errors.js";
import type { CommandArg } from "../hubitat/maker-api.client.js";
import { CommandQueue, type CommandQueueLimits, type PendingCommand, type QueueStats } from "./command-queue.js";
import { checkHsmCommand, checkHubVariable, findMode, validateCommand } from "./command-validation.js";
import { onDeviceChanged, onHubChanged, storeHubValue, type ChangeSink } from "./device-changes.js";
import { storeHsmStatus } from "./hsm.js";
import { NOT_CONFIGURED, type HubConnection } from "./hub-connection.js";

/** Events arriving this long after a command through Homegraph are credited to its sender. */
const ATTRIBUTION_MS = 10_000;

/** A lock code as stored, listed and logged: setCode's second argument never leaves the call to the hub. */
export const HIDDEN_CODE = "****";

/** A command's arguments as Homegraph may store and show them (setCode's code hidden). */
export function shownArgs(command: string, args: readonly CommandArg[]): CommandArg[] {
  return command === "setCode" ? args.map((a, i) => (i === 1 ? HIDDEN_CODE : a)) : [...args];
}

/** The queue's key of the hub's own commands (mode, HSM, variables); a device's is its hub id. */
const HUB_KEY = "hub";

export class HubCommands {
  private readonly commandedBy = new Map<string, { userId: number; until: number }>();
  private readonly queue: CommandQueue;

  constructor(
    /** The hub's name: its state row is the one these commands change. */
    private readonly hubName: string,
    /** Null when no hub is configured: every command is UNAVAILABLE once checked. */
    private readonly connection: HubConnection | null,
    private readonly sink: ChangeSink,
    limits: CommandQueueLimits,
  ) {
    this.queue = new CommandQueue(limits);
  }

  /** What the device (by its hub id) has waiting for the hub or being sent, in order. */
  pendingCommands(hubDeviceId: string): PendingCommand[] {
    return this.queue.pending(hubDeviceId);
  }

  queueStats(): QueueStats {
    return this.queue.stats();
  }

  stop(): Promise<void> {
    return this.queue.close();
  }

  /** Runs `fn` with the hub in its turn among the hub's own commands, which are never coalesced. */
  private hubCommand<T>(name: string, args: readonly unknown[], fn: (hub: HubConnection) => Promise<T>): Promise<T> {
    const hub = this.hub();
    return this.queue.enqueue({ key: HUB_KEY, name, args, run: () => fn(hub) });
  }

  /** The user whose recent command through Homegraph an event of this device most likely answers. */
  senderOf(hubDeviceId: string): number | null {
    const by = this.commandedBy.get(hubDeviceId);
    return by && by.until > Date.now() ? by.userId : null;
  }

  private hub(): HubConnection {
    if (!this.connection) throw new UnavailableError(NOT_CONFIGURED);
    return this.connection;
  }

  /**
   * Validates against the device's own commands, sends, and records who did it. The stored
   * state changes when the hub's events arrive, not here: the hub has accepted the command, the
   * device may not have carried it out yet. A command replaced in the queue by a newer one of the
   * same kind answers what the newer one did.
   */
  async sendCommand(
    em: EntityManager,
    device: Device,
    command: string,
    args: readonly unknown[],
    userId: number | null,
  ) {
    const checked = validateCommand(device, command, args);
    const hub = this.hub();
    return this.queue.enqueue({
      key: device.hubDeviceId,
      name: command,
      args: shownArgs(command, checked),
      run: () => this.deliver(em, hub, device, command, checked, userId),
    });
  }

  /**
   * A lock code command of the lock code service (setCode, deleteCode), in the device's turn in
   * the queue like any command but stored nowhere here: that service keeps its own rows.
   */
  lockCodeCommand(hubDeviceId: string, command: "setCode" | "deleteCode", args: CommandArg[]): Promise<void> {
    const hub = this.hub();
    return this.queue.enqueue({
      key: hubDeviceId,
      name: command,
      args: shownArgs(command, args),
      run: () => hub.call((c) => c.sendCommand(hubDeviceId, command, args)).then(() => undefined),
    });
  }

  private async deliver(
    em: EntityManager,
    hub: HubConnection,
    device: Device,
    command: string,
    checked: CommandArg[],
    userId: number | null,
  ): Promise<Device> {
    try {
      await hub.call((c) => c.sendCommand(device.hubDeviceId, command, checked));
    } catch (err) {
      if (err instanceof HubError && err.failure === "HUB_NOT_FOUND") {
        void hub.resync("device missing on the hub");
        throw new NotFoundError(`The hub no longer has ${device.label}.`);
      }
      throw err;
    }
    const now = new Date();
    if (userId !== null) this.commandedBy.set(device.hubDeviceId, { userId, until: now.getTime() + ATTRIBUTION_MS });
    device.lastChangedById = userId;
    device.lastChangedAt = now;
    const shown = shownArgs(command, checked);
    const row = em.create(DeviceEvent, {
      deviceId: device.id,
      hubDeviceId: device.hubDeviceId,
      name: command,
      value: JSON.stringify(shown),
      valueType: "COMMAND_ARGS",
      description: `${command}(${shown.map((a) => JSON.stringify(a)).join(", ")}) sent to ${device.label}`,
      source: DeviceEventSource.COMMAND,
      changedByUserId: userId,
      createdAt: now,
    });
    await em.flush();
    onDeviceChanged({ device, events: [row], stateChanged: true }, this.sink);
    return device;
  }

  async setMode(em: EntityManager, name: string): Promise<HubState> {
    const state = await em.findOneOrFail(HubState, { hub: this.hubName });
    const mode = findMode(state, name);
    await this.hubCommand("setMode", [mode.name], (hub) => hub.call((c) => c.setMode(mode.id)));
    const modes = state.modes.map((m) => ({ ...m, active: m.id === mode.id }));
    const changed = await storeHubValue(em, this.hubName, "mode", mode.name, { modes });
    state.mode = mode.name;
    state.modes = modes;
    await em.flush();
    if (changed) onHubChanged(state, "mode", this.sink);
    return state;
  }

  async setHsm(em: EntityManager, command: string): Promise<HubState> {
    checkHsmCommand(command);
    const status = await this.hubCommand("setHsm", [command], (hub) => hub.call((c) => c.setHsm(command)));
    const state = await em.findOneOrFail(HubState, { hub: this.hubName });
    const changed = status ? await storeHsmStatus(em, state, status, new Date()) : false;
    await em.flush();
    if (changed) onHubChanged(state, "hsm", this.sink);
    return state;
  }

  async setVariable(em: EntityManager, name: string, value: string): Promise<HubState> {
    const state = await em.findOneOrFail(HubState, { hub: this.hubName });
    checkHubVariable(state, name, value);
    const saved = await this.hubCommand("setHubVariable", [name, value], (hub) =>
      hub.call((c) => c.setHubVariable(name, value)),
    );
    state.variables = state.variables.map((v) => (v.name === name ? { ...v, value: saved?.value ?? value } : v));
    await em.flush();
    onHubChanged(state, "variables", this.sink);
    return state;
  }
}
