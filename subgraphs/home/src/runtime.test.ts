import type { EntityManager } from "@mikro-orm/postgresql";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import { scratchDatabase } from "../../../test/support/database";
import { startHubSimulator } from "../../../test/support/hub-simulator";
import { within } from "../../../test/support/tokens";
import { configFromEnv } from "./config";
import { Device } from "./entities/device.entity";
import { createHomeRuntime, type HomeRuntime } from "./runtime";

// The home service's runtime on its own: built, synced from the hub and closed without any HTTP server.

let db: Awaited<ReturnType<typeof scratchDatabase>>;
let sim: RunningSimulator;
let runtime: HomeRuntime;

beforeAll(async () => {
  db = await scratchDatabase();
  sim = await startHubSimulator();
  runtime = await createHomeRuntime(
    configFromEnv({
      NODE_ENV: "test",
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
      DATABASE_URL: db.url,
      HUBITAT_HUB_IP: `127.0.0.1:${sim.port}`,
      HUBITAT_APP_ID: sim.appId,
      HUBITAT_ACCESS_TOKEN: sim.accessToken,
      HUBITAT_TIMEOUT_MS: "2000",
    }),
  );
});
afterAll(async () => {
  await runtime?.close();
  await sim?.close();
  await db?.drop();
});

test("the hub link syncs every device of the hub into the database", async () => {
  // Nothing listens there: the sync reads from the hub, it does not wait for the hub's events.
  await runtime.services.link.start("http://127.0.0.1:1");
  const em = () => runtime.orm.em.fork() as EntityManager;
  await within(10_000, () => runtime.services.link.connected);
  const synced = await em().find(Device, {}, { fields: ["hubDeviceId"] });
  expect(synced.map((d) => d.hubDeviceId).sort()).toEqual([...sim.hub.devices.keys()].map(String).sort());
});
