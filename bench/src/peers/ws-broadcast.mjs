#!/usr/bin/env node
// The subscriptions floor: a bare `ws` server in a process of its own, as the gateway is. Each
// POST /broadcast (body: one message as JSON, sent as the hub's POST reaches home) is sent to every
// connected client in graphql-ws's `next` shape: the payload serialised once, framed with each
// client's own operation id (as the gateway does, and as it must: graphql-ws clients pick their
// ids); the POST is answered once every send is queued.
//   PORT=… node bench/src/peers/ws-broadcast.mjs
import { randomUUID } from "node:crypto";
import http from "node:http";
import { WebSocketServer } from "ws";

const server = http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/broadcast") return res.writeHead(404).end();
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", () => {
    const message = JSON.parse(body);
    const rest = `,"type":"next","payload":${JSON.stringify(message.payload)},"seq":${Number(message.seq)}}`;
    for (const client of wss.clients) client.send(`{"id":"${client.operationId}"${rest}`);
    res.writeHead(204).end();
  });
});
const wss = new WebSocketServer({ server });
wss.on("connection", (ws) => (ws.operationId = randomUUID()));
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`ws broadcast ready on ${process.env.PORT}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
