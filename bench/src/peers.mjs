// The peers Homegraph's gateway is measured against, each its own process serving the same
// supergraph against the same subgraphs: Hive Gateway and stock @apollo/gateway.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startChild, stopChild } from "../../scripts/lib/processes.cjs";
import { freePort, root } from "./stack.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** schema/supergraph.graphql with each subgraph's URL pointed at the benchmark stack's ports. */
export function supergraphFor(stack, dir) {
  const ports = { auth: stack.ports.auth, email: stack.ports.email, home: stack.ports.home };
  const sdl = readFileSync(path.join(root, "schema/supergraph.graphql"), "utf8").replace(
    /@join__graph\(name: "(\w+)", url: "[^"]*"\)/g,
    (whole, name) =>
      ports[name] ? `@join__graph(name: "${name}", url: "http://127.0.0.1:${ports[name]}/graphql")` : whole,
  );
  const file = path.join(dir, "supergraph.graphql");
  writeFileSync(file, sdl);
  return file;
}

/** Starts a peer in a process group of its own and waits until its /graphql answers. */
async function startPeer(name, [script, ...args], { env, port, cwd, nodeOptions }) {
  const handle = startChild({
    name,
    script,
    args,
    nodeArgs: nodeOptions,
    cwd,
    env: { ...process.env, NODE_ENV: "production", APOLLO_TELEMETRY_DISABLED: "1", ...env },
    tailSize: 200,
  });
  const output = () => handle.tail.lines.join("\n");
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (handle.exit) throw new Error(`${name} did not start:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`${name} did not start within 90 s:\n${output()}`);
    const ok = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    name,
    url,
    pid: handle.pid,
    output,
    stop: () => stopChild(handle, { signal: "SIGINT", timeoutMs: 10_000 }),
  };
}

/** `nodeOptions` (such as --cpu-prof) go to each peer's node process. */
export async function startPeers(stack, { dir, nodeOptions = [] }) {
  const supergraph = supergraphFor(stack, dir);
  const [hivePort, apolloPort] = await Promise.all([freePort(), freePort()]);
  const hiveBin = path.join(path.dirname(require.resolve("@graphql-hive/gateway/package.json")), "dist/bin.js");
  const started = await Promise.allSettled([
    startPeer(
      "Hive Gateway",
      [
        hiveBin,
        "supergraph",
        supergraph,
        "--port",
        String(hivePort),
        "--host",
        "127.0.0.1",
        "--config-path",
        path.join(here, "peers/hive.config.mjs"),
      ],
      { port: hivePort, cwd: dir, nodeOptions, env: {} },
    ),
    startPeer("stock @apollo/gateway", [path.join(here, "peers/apollo-gateway.mjs")], {
      port: apolloPort,
      cwd: dir,
      nodeOptions,
      env: { SUPERGRAPH_PATH: supergraph, PORT: String(apolloPort) },
    }),
  ]);
  const running = started.filter((s) => s.status === "fulfilled").map((s) => s.value);
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    await Promise.all(running.map((p) => p.stop()));
    throw failed.reason;
  }
  const [hive, apollo] = running;
  return { hive, apollo, stop: () => Promise.all([hive.stop(), apollo.stop()]) };
}
