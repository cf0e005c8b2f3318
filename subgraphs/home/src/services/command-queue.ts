// The commands waiting for one hub. A Hubitat hub answers 500 and drops Z-Wave/Zigbee traffic when
// flooded (a slider dragged across a dimmer sends dozens of setLevel a second), so commands leave
// at a bounded rate, a few at a time, one at a time per device (its commands keep their order),
// and a command whose newest value makes the earlier ones pointless replaces the one still waiting.
import { RateLimitedError, UnavailableError } from "@homegraph/common";

export interface CommandQueueLimits {
  /** At most this many commands reach the hub within any window of WINDOW_MS. */
  ratePerSecond: number;
  /** At most this many commands with the hub at once. */
  concurrency: number;
  /** Waiting commands beyond this are refused (RATE_LIMITED) rather than queued without end. */
  maxQueued: number;
}

/**
 * A command holds its place in the rate from when it starts until a window after the hub answered
 * it: counting from the start alone would let a slow answer and a quick one reach the hub closer
 * together than a window, however the requests travel.
 */
export const WINDOW_MS = 1_000;

/**
 * Commands whose latest value supersedes the earlier ones, by what they set: `on` waiting for the
 * hub is replaced by a newer `off`. Everything else (lock, unlock, push, setCode, deleteCode,
 * the hub's mode, HSM, variables) is sent every time, in order.
 */
const SUPERSEDING: Readonly<Record<string, string>> = {
  on: "switch",
  off: "switch",
  setLevel: "level",
  setColorTemperature: "colorTemperature",
  setColor: "color",
  setHue: "hue",
  setSaturation: "saturation",
  setHeatingSetpoint: "heatingSetpoint",
  setCoolingSetpoint: "coolingSetpoint",
  setThermostatSetpoint: "thermostatSetpoint",
  setThermostatMode: "thermostatMode",
  setThermostatFanMode: "thermostatFanMode",
  setPosition: "position",
  open: "position",
  close: "position",
  setSpeed: "speed",
  setVolume: "volume",
};

/** What a device has waiting for the hub, for people to see (Device.pendingCommands). */
export interface PendingCommand {
  name: string;
  args: readonly unknown[];
  queuedAt: Date;
  /** With the hub now, rather than waiting for its turn. */
  sending: boolean;
}

export interface QueueStats {
  queued: number;
  sending: number;
  ratePerSecond: number;
  maxQueued: number;
  /** Since start: commands sent, replaced by a newer one while waiting, and refused as too many. */
  sent: number;
  coalesced: number;
  refused: number;
}

export interface QueuedCommand<T> {
  /** Commands of one key (a device, or the hub itself) go one at a time, in order. */
  key: string;
  name: string;
  args: readonly unknown[];
  /** Sends the command and stores what it did; a newer command of the same kind replaces it while it waits. */
  run: () => Promise<T>;
}

interface Waiter {
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface Entry {
  key: string;
  name: string;
  args: readonly unknown[];
  supersedes: string | null;
  run: () => Promise<unknown>;
  queuedAt: Date;
  sending: boolean;
  waiters: Waiter[];
}

export class CommandQueue {
  private readonly waiting: Entry[] = [];
  private readonly sending = new Set<Entry>();
  private readonly busyKeys = new Set<string>();
  /** The commands that count against the rate: with the hub (no end yet), or answered within a window. */
  private readonly recent: { endedAt: number | null }[] = [];
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly counts = { sent: 0, coalesced: 0, refused: 0 };

  constructor(private readonly limits: CommandQueueLimits) {}

  /**
   * Resolves with what the command's `run` (or the newer one that replaced it) returned, rejects
   * with its error; RATE_LIMITED at once when too many commands wait already.
   */
  enqueue<T>(command: QueuedCommand<T>): Promise<T> {
    if (this.closed) return Promise.reject(new UnavailableError("The home service is stopping."));
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = { resolve: (value) => resolve(value as T), reject };
      const supersedes = SUPERSEDING[command.name] ?? null;
      const replaced = supersedes === null ? undefined : this.replaceable(command.key, supersedes);
      if (replaced) {
        replaced.name = command.name;
        replaced.args = command.args;
        replaced.run = command.run;
        replaced.waiters.push(waiter);
        this.counts.coalesced++;
        return;
      }
      if (this.waiting.length >= this.limits.maxQueued) {
        this.counts.refused++;
        const seconds = Math.max(1, Math.ceil(this.waiting.length / this.limits.ratePerSecond));
        reject(
          new RateLimitedError(
            `The hub has ${this.waiting.length} commands waiting already; try again in ${seconds} s.`,
            seconds,
          ),
        );
        return;
      }
      this.waiting.push({ ...command, supersedes, queuedAt: new Date(), sending: false, waiters: [waiter] });
      this.pump();
    });
  }

  /** The key's commands with the hub or waiting, in the order they will be sent. */
  pending(key: string): PendingCommand[] {
    return [...this.sending, ...this.waiting]
      .filter((e) => e.key === key)
      .map(({ name, args, queuedAt, sending }) => ({ name, args, queuedAt, sending }));
  }

  stats(): QueueStats {
    return {
      queued: this.waiting.length,
      sending: this.sending.size,
      ratePerSecond: this.limits.ratePerSecond,
      maxQueued: this.limits.maxQueued,
      ...this.counts,
    };
  }

  /** Refuses what still waits (UNAVAILABLE) and lets the commands with the hub finish. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const error = new UnavailableError("The home service is stopping.");
    for (const entry of this.waiting.splice(0)) for (const w of entry.waiters) w.reject(error);
    await Promise.all(this.running);
  }

  /**
   * The key's last waiting command, when it sets the same thing: only the last, since replacing
   * one behind which another command of the device waits would reorder what the person did.
   */
  private replaceable(key: string, supersedes: string): Entry | undefined {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const entry = this.waiting[i];
      if (entry?.key === key) return entry.supersedes === supersedes ? entry : undefined;
    }
    return undefined;
  }

  private pump(): void {
    if (this.timer || this.closed) return;
    while (this.sending.size < this.limits.concurrency) {
      const index = this.waiting.findIndex((e) => !this.busyKeys.has(e.key));
      if (index < 0) return;
      if (!this.hasRoom()) return;
      const [entry] = this.waiting.splice(index, 1);
      if (entry) this.start(entry);
    }
  }

  /** Whether the rate lets one more command go now; if not, pumps again when it will. */
  private hasRoom(): boolean {
    const now = Date.now();
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const ended = this.recent[i]?.endedAt;
      if (ended != null && ended <= now - WINDOW_MS) this.recent.splice(i, 1);
    }
    if (this.recent.length < this.limits.ratePerSecond) return true;
    const ends = this.recent.flatMap((r) => (r.endedAt === null ? [] : [r.endedAt]));
    // With every one still at the hub, the first to finish pumps again.
    if (ends.length) {
      this.timer = setTimeout(
        () => {
          this.timer = undefined;
          this.pump();
        },
        Math.min(...ends) + WINDOW_MS - now,
      );
    }
    return false;
  }

  private start(entry: Entry): void {
    const slot = { endedAt: null as number | null };
    this.recent.push(slot);
    entry.sending = true;
    this.sending.add(entry);
    this.busyKeys.add(entry.key);
    this.counts.sent++;
    const done = entry
      .run()
      .then(
        (value) => entry.waiters.forEach((w) => w.resolve(value)),
        (err: unknown) => entry.waiters.forEach((w) => w.reject(err)),
      )
      .finally(() => {
        slot.endedAt = Date.now();
        this.sending.delete(entry);
        this.busyKeys.delete(entry.key);
        this.running.delete(done);
        this.pump();
      });
    this.running.add(done);
  }
}
