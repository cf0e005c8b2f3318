import { CAPABILITIES, type AttributeSpec, type CommandSpec, type DataType } from "./capabilities.js";
import { HUB_VARIABLES, MODES, type DeviceDefinition } from "./household.js";

/** One event as the hub records it; `value` is always a string (or null), as on a real hub. */
export interface HubEvent {
  source: "DEVICE" | "LOCATION";
  deviceId: string | null;
  name: string;
  value: string | null;
  displayName: string | null;
  descriptionText: string | null;
  unit: string | null;
  /** "physical", "digital", LOCATION_MODE_CHANGE or null. */
  type: string | null;
  date: Date;
  isStateChange: boolean;
}

/** A command the hub refuses (unknown, or arguments its driver cannot use): the HTTP status and why. */
export class CommandError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class VirtualDevice {
  readonly attributes: AttributeSpec[];
  readonly commands: CommandSpec[];
  readonly state = new Map<string, unknown>();
  readonly history: HubEvent[] = [];
  lastActivity = new Date();
  /** A shade on its way: where it stops, and the timer that gets it there. */
  travel?: { target: number; timer: NodeJS.Timeout };

  constructor(readonly def: DeviceDefinition) {
    this.attributes = def.capabilities.flatMap((c) => CAPABILITIES[c]?.attributes ?? []);
    this.commands = [...def.capabilities.flatMap((c) => CAPABILITIES[c]?.commands ?? []), ...(def.extraCommands ?? [])];
    for (const attribute of this.attributes) this.state.set(attribute.name, def.initial[attribute.name] ?? null);
  }

  get id() {
    return this.def.id;
  }
  get label() {
    return this.def.label;
  }
  has(capability: string) {
    return this.def.capabilities.includes(capability);
  }
  attribute(name: string): AttributeSpec | undefined {
    return this.attributes.find((a) => a.name === name);
  }
  command(name: string): CommandSpec | undefined {
    return this.commands.find((c) => c.name === name);
  }
  get(name: string): unknown {
    return this.state.get(name);
  }
  number(name: string): number {
    return Number(this.state.get(name) ?? 0);
  }
}

/** Keeps the arguments a driver would accept: the first is required, the rest optional (setLevel's duration). */
function checkArgs(device: VirtualDevice, spec: CommandSpec, args: string[]): void {
  const required = spec.name === "setCode" ? 2 : Math.min(1, spec.argTypes.length);
  if (args.length < required || args.length > spec.argTypes.length) {
    const expected =
      spec.argTypes.length === 0
        ? "no arguments"
        : `${required === spec.argTypes.length ? required : `${required} to ${spec.argTypes.length}`} argument(s) (${spec.argTypes.join(", ")})`;
    throw new CommandError(400, `${spec.name} takes ${expected}; got ${args.length}`);
  }
  args.forEach((arg, i) => {
    const type = spec.argTypes[i];
    if (type === "NUMBER" && (arg.trim() === "" || !Number.isFinite(Number(arg)))) {
      throw new CommandError(400, `${spec.name}: argument ${i + 1} must be a number, got ${JSON.stringify(arg)}`);
    }
    if (type === "COLOR_MAP") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(arg);
      } catch {
        parsed = undefined;
      }
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new CommandError(
          400,
          `${spec.name}: argument ${i + 1} must be a JSON map like {"hue":88,"saturation":50}`,
        );
      }
    }
  });
  void device;
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
const round1 = (n: number) => Math.round(n * 10) / 10;

function hueName(hue: number): string {
  const names: [number, string][] = [
    [4, "Red"],
    [8, "Orange"],
    [14, "Yellow"],
    [36, "Green"],
    [52, "Cyan"],
    [72, "Blue"],
    [78, "Violet"],
    [93, "Pink"],
    [100, "Red"],
  ];
  return names.find(([limit]) => hue <= limit)?.[1] ?? "Red";
}

/** Hubitat hue and saturation are percentages. */
function hsvHex(hue: number, saturation: number, level: number): string {
  const h = (hue / 100) * 6;
  const s = saturation / 100;
  const v = level / 100;
  const i = Math.floor(h) % 6;
  const f = h - Math.floor(h);
  const p = v * (1 - s);
  const q = v * (1 - f * s);
  const t = v * (1 - (1 - f) * s);
  const [r, g, b] = [
    [v, t, p],
    [q, v, p],
    [p, v, t],
    [p, q, v],
    [t, p, v],
    [v, p, q],
  ][i]!;
  return (
    "#" +
    [r, g, b]
      .map((c) =>
        Math.round(c * 255)
          .toString(16)
          .padStart(2, "0"),
      )
      .join("")
      .toUpperCase()
  );
}

export interface HubOptions {
  shadeTravelMs?: number;
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
  hsm = "disarmed";
  readonly variables = HUB_VARIABLES.map((v) => ({ ...v }));
  readonly locationName = "Home";
  private listeners: ((event: HubEvent) => void)[] = [];

  constructor(
    definitions: DeviceDefinition[],
    private readonly options: HubOptions = {},
  ) {
    for (const def of definitions) this.devices.set(def.id, new VirtualDevice(def));
    this.mode = MODES[0]!;
  }

  onEvent(listener: (event: HubEvent) => void): void {
    this.listeners.push(listener);
  }

  stop(): void {
    for (const device of this.devices.values()) if (device.travel) clearTimeout(device.travel.timer);
  }

  /** Sets an attribute and emits its event when the value changed (or `force`). */
  set(
    device: VirtualDevice,
    name: string,
    value: unknown,
    type: "digital" | "physical" | null,
    options: { force?: boolean; description?: string } = {},
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

  /** `/hsm/{value}` takes the arming commands of HSM and reports the resulting status. */
  setHsm(command: string): void {
    const status: Record<string, string> = {
      armAway: "armedAway",
      armHome: "armedHome",
      armNight: "armedNight",
      disarm: "disarmed",
      disarmAll: "allDisarmed",
      armAll: "armedAway",
    };
    if (command === "cancelAlerts") return;
    const next = status[command];
    if (!next) {
      throw new CommandError(
        400,
        `Unknown HSM command ${command}: use ${[...Object.keys(status), "cancelAlerts"].join(", ")}`,
      );
    }
    if (next === this.hsm) return;
    this.hsm = next;
    this.emitLocation("hsmStatus", next, "hsmEvent");
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

  /** Runs a Maker API command with its (already URL-decoded) arguments. */
  runCommand(device: VirtualDevice, name: string, args: string[]): void {
    const spec = device.command(name);
    if (!spec) throw new CommandError(404, `${device.label} has no command ${name}`);
    checkArgs(device, spec, args);
    const num = (i: number) => Number(args[i]);
    const d = "digital" as const;

    if (device.has("Thermostat") && this.thermostatCommand(device, name, args)) return;

    switch (name) {
      case "on":
        this.set(device, "switch", "on", d);
        if (device.has("PowerMeter")) this.set(device, "power", 850, "physical");
        return;
      case "off":
        this.set(device, "switch", "off", d);
        if (device.has("PowerMeter")) this.set(device, "power", 0, "physical");
        return;
      case "setLevel": {
        const level = Math.round(clamp(num(0), 0, 100));
        // A dimmer set to a level is on (and set to 0 is off), so both attributes change.
        if (level === 0) return this.set(device, "switch", "off", d);
        this.set(device, "switch", "on", d);
        this.set(device, "level", level, d);
        return;
      }
      case "setColor": {
        const map = JSON.parse(args[0]!) as Record<string, unknown>;
        const hue = map.hue === undefined ? device.number("hue") : clamp(Number(map.hue), 0, 100);
        const sat = map.saturation === undefined ? device.number("saturation") : clamp(Number(map.saturation), 0, 100);
        const level = map.level === undefined ? device.number("level") : clamp(Number(map.level), 0, 100);
        if (![hue, sat, level].every(Number.isFinite))
          throw new CommandError(400, "setColor: hue, saturation and level must be numbers");
        this.set(device, "hue", Math.round(hue), d);
        this.set(device, "saturation", Math.round(sat), d);
        this.set(device, "level", Math.round(level), d);
        this.set(device, "colorName", hueName(hue), d);
        this.set(device, "RGB", hsvHex(hue, sat, 100), d);
        this.set(device, "color", hsvHex(hue, sat, 100), d);
        this.set(device, "switch", "on", d);
        return;
      }
      case "setHue":
      case "setSaturation": {
        const attr = name === "setHue" ? "hue" : "saturation";
        this.set(device, attr, Math.round(clamp(num(0), 0, 100)), d);
        const hex = hsvHex(device.number("hue"), device.number("saturation"), 100);
        this.set(device, "colorName", hueName(device.number("hue")), d);
        this.set(device, "RGB", hex, d);
        this.set(device, "color", hex, d);
        return;
      }
      case "setColorTemperature": {
        const kelvin = Math.round(clamp(num(0), 2000, 6500));
        this.set(device, "colorTemperature", kelvin, d);
        this.set(device, "colorName", kelvin < 3000 ? "Warm White" : kelvin < 4500 ? "Neutral White" : "Daylight", d);
        if (args.length > 1) this.set(device, "level", Math.round(clamp(num(1), 0, 100)), d);
        this.set(device, "switch", "on", d);
        return;
      }
      case "lock":
      case "unlock":
        this.set(device, "lock", name === "lock" ? "locked" : "unlocked", d, {
          description: `${device.label} was ${name}ed [digital]`,
        });
        return;
      case "setCode": {
        const codes = JSON.parse(String(device.get("lockCodes") ?? "{}")) as Record<string, unknown>;
        const position = Math.round(num(0));
        if (position < 1 || position > device.number("maxCodes")) {
          throw new CommandError(400, `setCode: position must be 1 to ${device.number("maxCodes")}`);
        }
        const existed = String(position) in codes;
        codes[String(position)] = { name: args[2] ?? `code #${position}`, code: args[1] };
        this.set(device, "lockCodes", JSON.stringify(codes), d);
        this.set(device, "codeChanged", existed ? "changed" : "added", d, { force: true });
        return;
      }
      case "deleteCode": {
        const codes = JSON.parse(String(device.get("lockCodes") ?? "{}")) as Record<string, unknown>;
        delete codes[String(Math.round(num(0)))];
        this.set(device, "lockCodes", JSON.stringify(codes), d);
        this.set(device, "codeChanged", "deleted", d, { force: true });
        return;
      }
      case "arrived":
      case "departed":
        this.set(device, "presence", name === "arrived" ? "present" : "not present", d);
        return;
      case "push":
      case "hold": {
        const button = Math.round(num(0));
        if (button < 1 || button > device.number("numberOfButtons")) {
          throw new CommandError(400, `${name}: button must be 1 to ${device.number("numberOfButtons")}`);
        }
        this.set(device, name === "push" ? "pushed" : "held", button, d, {
          force: true,
          description: `${device.label} button ${button} was ${name === "push" ? "pushed" : "held"} [digital]`,
        });
        return;
      }
      case "open":
      case "close":
        return this.moveShade(device, name === "open" ? 100 : 0);
      case "setPosition":
        return this.moveShade(device, Math.round(clamp(num(0), 0, 100)));
      case "startPositionChange":
        if (args[0] !== "open" && args[0] !== "close")
          throw new CommandError(400, "startPositionChange: open or close");
        return this.moveShade(device, args[0] === "open" ? 100 : 0);
      case "stopPositionChange":
        if (device.travel) {
          clearTimeout(device.travel.timer);
          const halfway = Math.round((device.number("position") + device.travel.target) / 2);
          device.travel = undefined;
          this.settleShade(device, halfway);
        }
        return;
      default:
        // configure, refresh: nothing a person would see changes.
        return;
    }
  }

  private moveShade(device: VirtualDevice, target: number): void {
    if (device.travel) clearTimeout(device.travel.timer);
    device.travel = undefined;
    const from = device.number("position");
    if (target === from) return this.settleShade(device, target);
    this.set(device, "windowShade", target > from ? "opening" : "closing", "digital");
    const travelMs = this.options.shadeTravelMs ?? 3000;
    if (travelMs <= 0) return this.settleShade(device, target);
    const timer = setTimeout(() => {
      device.travel = undefined;
      this.settleShade(device, target);
    }, travelMs);
    timer.unref();
    device.travel = { target, timer };
  }

  private settleShade(device: VirtualDevice, position: number): void {
    this.set(device, "position", position, "digital");
    this.set(device, "windowShade", position >= 100 ? "open" : position <= 0 ? "closed" : "partially open", "digital");
  }

  private thermostatCommand(device: VirtualDevice, name: string, args: string[]): boolean {
    const d = "digital" as const;
    const modeCommands: Record<string, string> = {
      auto: "auto",
      cool: "cool",
      heat: "heat",
      off: "off",
      emergencyHeat: "emergency heat",
    };
    const fanCommands: Record<string, string> = { fanAuto: "auto", fanOn: "on", fanCirculate: "circulate" };
    const allowed = (attr: string, value: string) => {
      const values = device.attribute(attr)?.values ?? [];
      if (!values.includes(value)) throw new CommandError(400, `${name}: ${value} is not one of ${values.join(", ")}`);
      return value;
    };
    if (name in modeCommands) this.set(device, "thermostatMode", modeCommands[name], d);
    else if (name === "setThermostatMode") this.set(device, "thermostatMode", allowed("thermostatMode", args[0]!), d);
    else if (name in fanCommands) this.set(device, "thermostatFanMode", fanCommands[name], d);
    else if (name === "setThermostatFanMode")
      this.set(device, "thermostatFanMode", allowed("thermostatFanMode", args[0]!), d);
    else if (name === "setHeatingSetpoint")
      this.set(device, "heatingSetpoint", round1(clamp(Number(args[0]), 5, 35)), d);
    else if (name === "setCoolingSetpoint")
      this.set(device, "coolingSetpoint", round1(clamp(Number(args[0]), 10, 35)), d);
    else return false;
    this.updateThermostat(device);
    return true;
  }

  /** The setpoint in force and what the thermostat is doing about the room's temperature. */
  updateThermostat(device: VirtualDevice): void {
    const mode = String(device.get("thermostatMode"));
    const temperature = device.number("temperature");
    const heat = device.number("heatingSetpoint");
    const cool = device.number("coolingSetpoint");
    if (mode === "heat" || mode === "emergency heat") this.set(device, "thermostatSetpoint", heat, "digital");
    else if (mode === "cool") this.set(device, "thermostatSetpoint", cool, "digital");
    let state = "idle";
    if ((mode === "heat" || mode === "emergency heat" || mode === "auto") && temperature < heat - 0.2)
      state = "heating";
    if ((mode === "cool" || mode === "auto") && temperature > cool + 0.2) state = "cooling";
    this.set(device, "thermostatOperatingState", state, "digital");
  }
}

export type { DataType };
