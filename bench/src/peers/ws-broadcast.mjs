#!/usr/bin/env node
// The subscriptions floor: a bare `ws` server in a process of its own, as the gateway is. Each
// POST /broadcast (body: one message as JSON, sent as the hub's POST reaches home) is sent to every
// connected client in graphql-ws's `next` shape, serialised once per client as graphql-ws does;
// the POST is answered once every send is queued.
//   PORT=… node bench/src/peers/ws-broadcast.mjs
import http from "node:http";
import { WebSocketServer } from "ws";

const server = http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/broadcast") return res.writeHead(404).end();
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", () => {
    const message = JSON.parse(body);
    for (const client of wss.clients) {
      client.send(JSON.stringify({ id: "1", type: "next", payload: message.payload, seq: message.seq }));
    }
    res.writeHead(204).end();
  });
});
const wss = new WebSocketServer({ server });
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`ws broadcast ready on ${process.env.PORT}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
