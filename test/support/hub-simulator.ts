import { existsSync, readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createSimulator, type RunningSimulator } from "../../hub-simulator/src/app";
import type { SimulatorConfig } from "../../hub-simulator/src/config";

export const REPO_ROOT = path.resolve(__dirname, "../..");

/** The payloads captured from real hubs, kept beside the home service's code that reads them. */
export function hubitatFixturesDir(): string {
  const dir = path.resolve(REPO_ROOT, "subgraphs/home/test/fixtures/hubitat");
  if (!existsSync(dir) || !readdirSync(dir).length) {
    throw new Error(`The Hubitat fixtures are missing: expected them in ${dir}.`);
  }
  return dir;
}

/** Every fixture file, relative to the fixtures folder, README excluded. */
export function hubitatFixtureFiles(): string[] {
  const dir = hubitatFixturesDir();
  const walk = (rel: string): string[] =>
    readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((entry) => {
      const child = path.posix.join(rel, entry.name);
      return entry.isDirectory() ? walk(child) : [child];
    });
  return walk("")
    .filter((f) => !/readme\.md$/i.test(f))
    .sort();
}

/** The hub simulator on an ephemeral port, quiet, without background activity unless asked. */
export function startHubSimulator(overrides: Partial<SimulatorConfig> = {}): Promise<RunningSimulator> {
  return createSimulator({
    host: "127.0.0.1",
    port: 0,
    logLevel: process.env.TEST_LOG_LEVEL ?? "silent",
    appId: "7",
    accessToken: "test-token-0123456789",
    activity: false,
    activityIntervalMs: 1000,
    seed: 1,
    shadeTravelMs: 0,
    ...overrides,
  });
}

export interface EventReceiver {
  url: string;
  /** Parsed bodies in arrival order, with the path each came to. */
  received: { path: string; body: any; contentType: string | undefined }[];
  close: () => Promise<void>;
}

/** A tiny HTTP server standing in for the home service's event URL. */
export async function startEventReceiver(): Promise<EventReceiver> {
  const received: EventReceiver["received"] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({
        path: req.url ?? "",
        body: body ? JSON.parse(body) : null,
        contentType: req.headers["content-type"],
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
