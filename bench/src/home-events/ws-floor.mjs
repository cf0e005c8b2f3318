// The floor beside the gateways: a bare `ws` broadcast of the same messages.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../stack.mjs";
import { postEvent } from "./events.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The floor: a bare `ws` server in a process of its own (peers/ws-broadcast.mjs) that sends each
 * POSTed message to every client; no GraphQL, no database. `message` is a gateway's `deviceUpdated`
 * payload, so that the floor's messages are as long as theirs. A fan-out ramp subject.
 */
export async function startFloor({ message, nodeOptions }) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeOptions, path.join(here, "../peers/ws-broadcast.mjs")], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve, reject) => {
    child.stdout.once("data", resolve);
    child.once("exit", (code) => reject(new Error(`the ws broadcast server exited (${code})`)));
  });
  const payload = message ?? { data: { deviceUpdated: { id: "0", attributes: [] } } };
  const broadcastUrl = `http://127.0.0.1:${port}/broadcast`;
  return {
    label: "bare `ws` floor",
    url: `ws://127.0.0.1:${port}`,
    graphql: null,
    pid: child.pid,
    cpuPids: { "ws server": child.pid },
    post: (seq) => postEvent(broadcastUrl, JSON.stringify({ seq, payload })),
    seqOf: (_client, message) => (Number.isInteger(message?.seq) ? message.seq : null),
    stop: () => child.kill("SIGTERM"),
  };
}
