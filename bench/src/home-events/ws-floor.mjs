// The floor beside the gateway's subscribers: a bare `ws` broadcast of the same messages.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { freePort } from "../stack.mjs";
import { now, paced, percentile, postEvent, settle } from "./events.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The floor: the same messages, POSTed as the hub posts events, broadcast by a bare `ws` server in
 * a process of its own (peers/ws-broadcast.mjs) to as many clients; no GraphQL, no database.
 */
export async function rawBroadcast({ subscribers, rate, count, durationMs, message, nodeOptions }) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeOptions, path.join(here, "../peers/ws-broadcast.mjs")], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve, reject) => {
    child.stdout.once("data", resolve);
    child.once("exit", (code) => reject(new Error(`the ws broadcast server exited (${code})`)));
  });
  const url = `ws://127.0.0.1:${port}`;
  const received = [];
  const sockets = [];
  // Joined in batches of 50, like the gateway's subscribers.
  for (let c = 0; c < subscribers; c += 50) {
    const batch = await Promise.all(
      Array.from(
        { length: Math.min(50, subscribers - c) },
        () =>
          new Promise((resolve, reject) => {
            const ws = new WebSocket(url);
            ws.on("message", (data) => {
              const at = now();
              const value = JSON.parse(data.toString());
              received.push([value.seq, at]);
            });
            ws.once("open", () => resolve(ws));
            ws.once("error", reject);
          }),
      ),
    );
    sockets.push(...batch);
  }
  const payload = message ?? { data: { deviceUpdated: { id: "0", attributes: [] } } };
  const broadcastUrl = `http://127.0.0.1:${port}/broadcast`;
  const sentAt = await paced(count, rate, durationMs, (i) =>
    postEvent(broadcastUrl, JSON.stringify({ seq: i, payload })).catch(() => 0),
  );
  const sent = sentAt.filter((t) => t !== undefined).length;
  await settle(
    () => received.length,
    () => received.length >= sent * subscribers,
  );
  const latencies = received.filter(([seq]) => sentAt[seq] !== undefined).map(([seq, at]) => at - sentAt[seq]);
  latencies.sort((a, b) => a - b);
  for (const ws of sockets) ws.terminate();
  child.kill("SIGTERM");
  return {
    subscribers,
    sent,
    expected: sent * subscribers,
    received: latencies.length,
    lost: sent * subscribers - latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}
