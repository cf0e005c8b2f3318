import type http from "node:http";
import type { Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "@homegraph/common";
import type { EventSocketServer } from "./events/eventsocket.js";
import type { Hub } from "./hub.js";

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as received, token included: the simulator is the hub, the token is its own. */
  url: string;
  at: Date;
}

export interface SimulatorStats {
  inFlight: number;
  maxInFlight: number;
  requests: number;
  postsSent: number;
  postsFailed: number;
  postsDropped: number;
  socketClients: number;
}

/** What tests and demos control from outside the Maker API: reachability, latency, and what was asked. */
export class SimulatorState {
  offline = false;
  /** Maker API requests in arrival order (the newest 1,000). */
  readonly requests: RecordedRequest[] = [];
  readonly counts: Omit<SimulatorStats, "socketClients"> = {
    inFlight: 0,
    maxInFlight: 0,
    requests: 0,
    postsSent: 0,
    postsFailed: 0,
    postsDropped: 0,
  };
  /** Connections with a Maker API call under way: going offline cuts these (idle ones are cut on their next call). */
  private readonly busySockets = new Set<Socket>();

  constructor(
    public latencyMs: number,
    private readonly hub: Hub,
    private readonly eventSocket: EventSocketServer,
    private readonly logger: Logger,
  ) {}

  stats(): SimulatorStats {
    return { ...this.counts, socketClients: this.eventSocket.size };
  }

  resetStats(): void {
    const counts = this.counts;
    Object.assign(counts, { maxInFlight: counts.inFlight, requests: 0, postsSent: 0, postsFailed: 0, postsDropped: 0 });
  }

  /** Recorded before the token check: a refused call still reached the hub. */
  record(req: http.IncomingMessage): void {
    this.requests.push({ method: req.method ?? "GET", url: req.url ?? "", at: new Date() });
    if (this.requests.length > 1000) this.requests.splice(0, this.requests.length - 1000);
  }

  /** Counts a Maker API call in flight until `done` runs. */
  begin(req: http.IncomingMessage, res: http.ServerResponse): () => void {
    const counts = this.counts;
    counts.requests++;
    this.busySockets.add(req.socket);
    res.once("close", () => this.busySockets.delete(req.socket));
    counts.inFlight++;
    counts.maxInFlight = Math.max(counts.maxInFlight, counts.inFlight);
    return () => void counts.inFlight--;
  }

  setOffline(value: boolean): void {
    if (value === this.offline) return;
    this.offline = value;
    this.logger.info(this.offline ? "offline: the Maker API and eventsocket are unreachable" : "online again");
    if (this.offline) {
      this.eventSocket.dropAll();
      // Keep-alive connections would otherwise let a client carry on as if nothing happened.
      for (const socket of this.busySockets) socket.destroy();
    }
  }

  /** Drops the eventsocket, stays offline for `downMs`, then sends `systemStart`. */
  async reboot(downMs = 1_000): Promise<void> {
    this.logger.info({ downMs }, "rebooting");
    this.offline = true;
    this.eventSocket.dropAll();
    await sleep(downMs);
    this.offline = false;
    this.hub.emitLocation("systemStart", "true", `${this.hub.locationName} hub started`);
  }
}
