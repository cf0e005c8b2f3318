import http from "node:http";
import type { AddressInfo } from "node:net";
import { buildSchema } from "graphql";
import WebSocket, { WebSocketServer } from "ws";
import { createLogger } from "../logging/logger";
import { serveGraphQLOverWebSocket, type SocketOperation } from "./websocket";

// Results a fan-out hands a socket in one turn of the event loop leave in one write, in the order
// they were sent, ahead of anything graphql-ws sends after them (here: `complete`).

const schema = buildSchema(`type Query { ok: Boolean } type Subscription { ticks: Int }`);

let server: http.Server;
/** Writes the server's side of the connection made (each a system call), and how many before the subscription. */
let writes = 0;
let writesBeforeResults = 0;
let endpoint: ReturnType<typeof serveGraphQLOverWebSocket>;
let url: string;

beforeAll(async () => {
  server = http.createServer();
  const wss = new WebSocketServer({ server, path: "/graphql" });
  wss.on("connection", (_ws, request) => {
    const socket = request.socket as unknown as Record<"_write" | "_writev", (...args: unknown[]) => void>;
    for (const method of ["_write", "_writev"] as const) {
      const original = socket[method].bind(socket);
      socket[method] = (...args: unknown[]) => {
        writes++;
        original(...args);
      };
    }
  });
  endpoint = serveGraphQLOverWebSocket<{ operation: SocketOperation }>({
    wss,
    verifier: { verify: async () => undefined },
    logger: createLogger("websocket-test", "silent"),
    schema,
    production: true,
    context: (_session, operation) => ({ operation }),
    // Three results straight to the socket in one turn, as a fan-out does when it reads three
    // events at once, then the end of the subscription.
    subscribe: async (args) => {
      const { operation } = args.contextValue as { operation: SocketOperation };
      writesBeforeResults = writes;
      for (const n of [1, 2, 3]) operation.sendResult(JSON.stringify({ data: { ticks: n } }));
      return (async function* () {})();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await endpoint.dispose();
  await new Promise((resolve) => server.close(resolve));
});

test("a turn's results leave in one write, in order, before the subscription's end", async () => {
  const ws = new WebSocket(url, "graphql-transport-ws", { perMessageDeflate: false });
  const messages: { type: string; id?: string; payload?: unknown }[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.on("error", reject);
    ws.on("open", () => ws.send(JSON.stringify({ type: "connection_init" })));
    ws.on("message", (data, isBinary) => {
      // graphql-ws speaks text frames; a browser's client would not read a binary one.
      if (isBinary) reject(new Error("a binary frame"));
      const message = JSON.parse(String(data)) as { type: string };
      messages.push(message);
      if (message.type === "connection_ack") {
        ws.send(JSON.stringify({ id: "s1", type: "subscribe", payload: { query: "subscription { ticks }" } }));
      }
      if (message.type === "complete") resolve();
    });
  });
  ws.close();
  expect(messages.slice(1)).toEqual([
    { id: "s1", type: "next", payload: { data: { ticks: 1 } } },
    { id: "s1", type: "next", payload: { data: { ticks: 2 } } },
    { id: "s1", type: "next", payload: { data: { ticks: 3 } } },
    { id: "s1", type: "complete" },
  ]);
  // The three results and the end left in one write; each would otherwise be a write of its own.
  expect(writes - writesBeforeResults).toBe(1);
});
