// The subscribers of the fan-out ramp: many WebSocket clients in the benchmark's process, each
// speaking just enough graphql-transport-ws (init, subscribe, answer pings) to receive `next`
// messages, or nothing at all for the bare `ws` floor. Lighter than graphql-ws's client (one
// JSON.parse a message, no validation), so that the benchmark's own process, which receives every
// delivery of every subject, is no tighter a bound on the figures than it must be.
import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { now, sleep } from "./events.mjs";

/**
 * Opens `count` clients to `url`, in batches of 50 each once the one before has connected or
 * failed (as people's browsers join over a few seconds, and within graphql-ws's 3 s init limit).
 * `graphql` is `{ query, variables, authorization }` for a graphql-ws server, or null for the floor.
 * `onMessage(client, message, at)` gets each `next` payload (the whole message for the floor).
 */
export async function openAudience({ url, count, graphql, onMessage }) {
  const state = { connected: 0, failed: 0, closedDuringRun: 0, errors: 0, firstError: null, live: 0 };
  const clients = [];
  let closing = false;
  const noteError = (what) => {
    state.errors++;
    state.firstError ??= what;
  };
  const openOne = (index) =>
    new Promise((resolve) => {
      const client = { index, ws: null, live: false, lastSeen: new Map() };
      const ws = new WebSocket(url, graphql ? "graphql-transport-ws" : undefined, { perMessageDeflate: false });
      client.ws = ws;
      let settled = false;
      const settle = (ok, why) => {
        if (settled) return;
        settled = true;
        if (ok) state.connected++;
        else {
          state.failed++;
          state.firstError ??= why;
        }
        resolve(client);
      };
      const timer = setTimeout(() => settle(false, "no connection_ack within 10 s"), 10_000);
      ws.on("open", () => {
        if (!graphql) return settle(true);
        ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: graphql.authorization } }));
      });
      ws.on("message", (data) => {
        const at = now();
        let message;
        try {
          message = JSON.parse(data.toString());
        } catch {
          return noteError("a message that is not JSON");
        }
        if (!graphql) {
          client.live = true;
          return onMessage(client, message, at);
        }
        switch (message.type) {
          case "next":
            if (message.payload?.errors) noteError(`errors: ${JSON.stringify(message.payload.errors).slice(0, 200)}`);
            client.live = true;
            return onMessage(client, message.payload, at);
          case "connection_ack":
            clearTimeout(timer);
            // Distinct ids, as graphql-ws's client makes them (a server cannot share one message among clients).
            ws.send(
              JSON.stringify({
                id: randomUUID(),
                type: "subscribe",
                payload: { query: graphql.query, variables: graphql.variables },
              }),
            );
            return settle(true);
          case "ping":
            return ws.send(JSON.stringify({ type: "pong" }));
          case "error":
            return noteError(`error: ${JSON.stringify(message.payload).slice(0, 200)}`);
          case "complete":
            return noteError("the server completed the subscription");
        }
      });
      ws.on("error", (err) => settle(false, err.message));
      ws.on("close", (code, reason) => {
        clearTimeout(timer);
        if (!settled) return settle(false, `closed ${code} ${reason}`);
        if (!closing) {
          state.closedDuringRun++;
          noteError(`socket closed ${code} ${reason}`);
        }
      });
    });
  for (let c = 0; c < count; c += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, count - c) }, (_, i) => openOne(c + i)));
    clients.push(...batch);
  }
  return {
    state,
    clients,
    /** Clients that have received anything yet (a subscription is live once its upstream reached home). */
    get live() {
      return clients.filter((c) => c.live).length;
    },
    async close() {
      closing = true;
      for (const { ws } of clients) ws.terminate();
      await sleep(200);
    },
  };
}
