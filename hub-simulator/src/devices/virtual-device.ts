import { CAPABILITIES, type AttributeSpec, type CommandSpec } from "../capabilities.js";
import type { HubEvent } from "../hub-event.js";
import type { DeviceDefinition } from "../household.js";
import type { LockCode } from "./lock-codes.driver.js";

export class VirtualDevice {
  readonly attributes: AttributeSpec[];
  readonly commands: CommandSpec[];
  readonly state = new Map<string, unknown>();
  readonly history: HubEvent[] = [];
  lastActivity = new Date();
  /** Renamed or moved on the hub's own pages; starts as the household defines it. */
  label: string;
  room: string | null;
  /** A shade on its way: where it stops, and the timer that gets it there. */
  travel?: { target: number; timer: NodeJS.Timeout };
  /** A lock's codes by position (lock-codes.driver.ts); `lockCodes` shows them, encrypted or not. */
  codes?: Map<string, LockCode>;
  /** The driver's "Enable lockCode encryption". */
  encryptedCodes?: boolean;

  constructor(readonly def: DeviceDefinition) {
    this.attributes = def.capabilities.flatMap((c) => CAPABILITIES[c]?.attributes ?? []);
    this.commands = [...def.capabilities.flatMap((c) => CAPABILITIES[c]?.commands ?? []), ...(def.extraCommands ?? [])];
    for (const attribute of this.attributes) this.state.set(attribute.name, def.initial[attribute.name] ?? null);
    this.label = def.label;
    this.room = def.room;
  }

  get id() {
    return this.def.id;
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
