// The hub's eventsocket (`ws://HUB/eventsocket`): every event of the hub as a JSON frame, no token
// (the hub serves it on the LAN only). Reconnects with growing pauses after any drop, including
// the hub rebooting; the caller resyncs on `onOpen` after a drop, since events were missed.
import type { Logger } from "@homegraph/common";
import WebSocket from "ws";
import type { DataTypeLookup } from "./normalize.js";
import { normalizeEvent } from "./normalize-events.js";
import type { HubEvent } from "./types.js";

export interface EventSocketOptions {
  url: string;
  onEvent: (event: HubEvent) => void;
  /** Called on every (re)connection: `reconnect` is true after a drop, when events may have been missed. */
  onOpen?: (info: { reconnect: boolean }) => void;
  onClose?: (info: { code: number; willRetryInMs: number }) => void;
  dataTypeOf?: DataTypeLookup;
  logger?: Logger;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A connection that stays open this long resets the backoff. */
  stableAfterMs?: number;
  /** Pings at this interval; a connection that misses a pong is treated as dead. */
  pingIntervalMs?: number;
}

export class HubEventSocket {
  private socket?: WebSocket;
  private attempt = 0;
  private stopped = true;
  private everOpened = false;
  private retryTimer?: NodeJS.Timeout;
  private pingTimer?: NodeJS.Timeout;
  private openedAt = 0;
  private _connected = false;

  constructor(private readonly options: EventSocketOptions) {}

  get connected(): boolean {
    return this._connected;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    const socket = this.socket;
    this.socket = undefined;
    this._connected = false;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once("close", () => resolve());
      socket.terminate();
    });
  }

  /** The pause before attempt `n` (1-based): doubling from min to max, with jitter so replicas spread out. */
  backoffMs(n: number): number {
    const min = this.options.minBackoffMs ?? 500;
    const max = this.options.maxBackoffMs ?? 30_000;
    const base = Math.min(max, min * 2 ** Math.max(0, n - 1));
    return Math.round(base / 2 + (Math.random() * base) / 2);
  }

  private connect(): void {
    if (this.stopped) return;
    const socket = new WebSocket(this.options.url, { handshakeTimeout: 10_000 });
    this.socket = socket;
    let alive = true;

    socket.on("open", () => {
      this.openedAt = Date.now();
      this._connected = true;
      const reconnect = this.everOpened;
      this.everOpened = true;
      this.options.logger?.info({ reconnect }, "hub eventsocket connected");
      const pingEvery = this.options.pingIntervalMs ?? 30_000;
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => {
        if (!alive) return socket.terminate();
        alive = false;
        socket.ping();
      }, pingEvery);
      this.pingTimer.unref();
      this.options.onOpen?.({ reconnect });
    });
    socket.on("pong", () => {
      alive = true;
    });
    socket.on("message", (data) => {
      alive = true;
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        this.options.logger?.warn("hub eventsocket sent a frame that is not JSON");
        return;
      }
      const event = normalizeEvent(parsed, { dataTypeOf: this.options.dataTypeOf });
      if (event) this.options.onEvent(event);
    });
    // Errors always end in "close", where the reconnect happens.
    socket.on("error", (err) => this.options.logger?.debug({ err: err.message }, "hub eventsocket error"));
    socket.on("close", (code) => {
      clearInterval(this.pingTimer);
      const wasOpen = this._connected;
      this._connected = false;
      if (this.socket !== socket || this.stopped) return;
      const stable = wasOpen && Date.now() - this.openedAt >= (this.options.stableAfterMs ?? 5_000);
      this.attempt = stable ? 1 : this.attempt + 1;
      const wait = this.backoffMs(this.attempt);
      if (wasOpen) this.options.logger?.warn({ code, retryInMs: wait }, "hub eventsocket closed");
      this.options.onClose?.({ code, willRetryInMs: wait });
      this.retryTimer = setTimeout(() => this.connect(), wait);
      this.retryTimer.unref();
    });
  }
}
