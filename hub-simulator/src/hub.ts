import type { DataType } from "./capabilities.js";
import { runCommand } from "./devices/drivers.js";
import { updateThermostat } from "./devices/thermostat.driver.js";
import { VirtualDevice } from "./devices/virtual-device.js";
import { Hsm } from "./hsm.js";
import { CommandError, type HubEvent } from "./hub-event.js";
import { HUB_VARIABLES, MODES, type DeviceDefinition } from "./household.js";

export { CommandError, VirtualDevice };
export type { DataType, HubEvent };

export interface HubOptions {
  shadeTravelMs?: number;
  /** HSM's exit delay; 0 or unset arms at once. */
  hsmExitDelayMs?: number;
}

/**
 * The hub's state: devices, mode, HSM and hub variables, and the rules by which commands change
 * them. Every change becomes an event handed to `onEvent` (which posts it and puts it on the
 * eventsocket); a value that does not change makes no event, as on a real hub, except button
 * presses, which are events every time.
 */
export class Hub {
  readonly devices = new Map<string, VirtualDevice>();
  mode: string;
  readonly modes = MODES.map((name, i) => ({ id: i + 1, name }));
  readonly hsm: Hsm;
  readonly variables = HUB_VARIABLES.map((v) => ({ ...v }));
  readonly locationName = "Home";
  /** Devices taken off the hub, kept with their state so that adding one back restores it. */
  readonly removed = new Map<string, VirtualDevice>();
  private listeners: ((event: HubEvent) => void)[] = [];

  constructor(
    definitions: DeviceDefinition[],
    private readonly options: HubOptions = {},
  ) {
    for (const def of definitions) this.devices.set(def.id, new VirtualDevice(def));
    this.mode = MODES[0]!;
    this.hsm = new Hsm((name, value, text) => this.emitLocation(name, value, text), options.hsmExitDelayMs ?? 0);
  }

  /** How long a shade takes to get where it was sent; 0 or less arrives at once. */
  get shadeTravelMs(): number {
    return this.options.shadeTravelMs ?? 3000;
  }

  onEvent(listener: (event: HubEvent) => void): void {
    this.listeners.push(listener);
  }

  stop(): void {
    this.hsm.stop();
    for (const device of this.devices.values()) if (device.travel) clearTimeout(device.travel.timer);
  }

  /** Sets an attribute and emits its event when the value changed (or `force`). */
  set(
    device: VirtualDevice,
    name: string,
    value: unknown,
    type: "digital" | "physical" | null,
    options: { force?: boolean; description?: string; data?: string } = {},
  ): void {
    const spec = device.attribute(name);
    if (!spec) return;
    const normalized =
      value === null || value === undefined ? null : spec.dataType === "NUMBER" ? Number(value) : value;
    const changed = device.state.get(name) !== normalized;
    device.state.set(name, normalized);
    if (!changed && !options.force) return;
    const text = normalized === null ? null : typeof normalized === "string" ? normalized : String(normalized);
    const unit = spec.unit ?? null;
    const event: HubEvent = {
      source: "DEVICE",
      deviceId: device.id,
      name,
      value: text,
      displayName: device.label,
      descriptionText:
        options.description ??
        `${device.label} ${name} is ${text ?? "null"}${unit ? unit : ""}${type ? ` [${type}]` : ""}`,
      unit,
      type,
      date: new Date(),
      isStateChange: true,
      ...(options.data !== undefined ? { data: options.data } : {}),
    };
    device.lastActivity = event.date;
    device.history.unshift(event);
    if (device.history.length > 100) device.history.length = 100;
    this.emit(event);
  }

  emitLocation(name: string, value: string, descriptionText: string | null, type: string | null = null): void {
    this.emit({
      source: "LOCATION",
      deviceId: null,
      name,
      value,
      displayName: this.locationName,
      descriptionText,
      unit: null,
      type,
      date: new Date(),
      isStateChange: true,
    });
  }

  private emit(event: HubEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  setMode(id: number): void {
    const mode = this.modes.find((m) => m.id === id);
    if (!mode) throw new CommandError(404, `No mode with id ${id}`);
    if (mode.name === this.mode) return;
    this.mode = mode.name;
    this.emitLocation("mode", mode.name, `${this.locationName} is now in ${mode.name} mode`, "LOCATION_MODE_CHANGE");
  }

  /** `/hsm/{value}` takes the arming commands of HSM; arming waits out the exit delay. */
  setHsm(command: string): void {
    this.hsm.command(command);
  }

  setVariable(name: string, value: string) {
    const variable = this.variables.find((v) => v.name === name);
    if (!variable) throw new CommandError(404, `No hub variable named ${name}`);
    if (variable.type === "integer" && !/^-?\d+$/.test(value)) {
      throw new CommandError(400, `${name} is an integer variable`);
    }
    if (variable.type === "boolean" && value !== "true" && value !== "false") {
      throw new CommandError(400, `${name} is a boolean variable: true or false`);
    }
    variable.value = value;
    return variable;
  }

  /** Takes a device off the hub, as excluding it on the hub's Devices page: the Maker API stops listing it. */
  removeDevice(id: string): VirtualDevice {
    const device = this.devices.get(id);
    if (!device) throw new CommandError(404, `No device with id ${id}`);
    this.devices.delete(id);
    this.removed.set(id, device);
    if (device.travel) clearTimeout(device.travel.timer);
    return device;
  }

  /** Lists a removed device again, with the id and state it had. */
  restoreDevice(id: string): VirtualDevice {
    const device = this.removed.get(id);
    if (!device) throw new CommandError(404, `No removed device with id ${id}`);
    this.removed.delete(id);
    this.devices.set(id, device);
    return device;
  }

  /** Renames or moves a device, as on the hub's device page; a real hub sends no event for either. */
  editDevice(id: string, changes: { label?: string; room?: string | null }): VirtualDevice {
    const device = this.devices.get(id);
    if (!device) throw new CommandError(404, `No device with id ${id}`);
    if (changes.label !== undefined) device.label = changes.label;
    if (changes.room !== undefined) device.room = changes.room;
    return device;
  }

  /** Runs a Maker API command with its (already URL-decoded) arguments. */
  runCommand(device: VirtualDevice, name: string, args: string[]): void {
    runCommand(this, device, name, args);
  }

  /** The setpoint in force and what the thermostat is doing about the room's temperature. */
  updateThermostat(device: VirtualDevice): void {
    updateThermostat(this, device);
  }
}
