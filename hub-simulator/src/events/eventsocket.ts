import type http from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";

/** `ws://…/eventsocket`: every event as a frame to every connected client. */
export class EventSocketServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<WebSocket>();

  get size(): number {
    return this.clients.size;
  }

  accept(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.clients.add(ws);
      ws.on("close", () => this.clients.delete(ws));
      ws.on("error", () => this.clients.delete(ws));
    });
  }

  broadcast(frame: string): void {
    for (const client of this.clients) if (client.readyState === client.OPEN) client.send(frame);
  }

  /** Sends each frame verbatim to every open client; answers how many clients there were. */
  sendRaw(frames: string[]): number {
    const open = [...this.clients].filter((c) => c.readyState === c.OPEN);
    for (const client of open) for (const frame of frames) client.send(frame);
    return open.length;
  }

  /** Cuts every client off, as a hub going away does. */
  dropAll(): void {
    for (const client of this.clients) client.terminate();
    this.clients.clear();
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
