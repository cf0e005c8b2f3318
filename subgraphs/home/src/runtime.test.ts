import type { EntityManager } from "@mikro-orm/postgresql";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import { startHubSimulator } from "../../../test/support/hub-simulator";
import { startRuntimeForTest, type RuntimeUnderTest } from "../../../test/support/runtime";
import { within } from "../../../test/support/tokens";
import { configFromEnv } from "./config";
import { Device } from "./entities/device.entity";
import { createHomeRuntime, type HomeRuntime } from "./runtime";

// The home service's runtime on its own: built, synced from the hub and closed without any HTTP server.

let sim: RunningSimulator;
let home: RuntimeUnderTest<HomeRuntime>;

beforeAll(async () => {
  sim = await startHubSimulator();
  home = await startRuntimeForTest(createHomeRuntime, configFromEnv, {
    // The simulator's Maker API named by its URL, as a cloud hub's is.
    HUBITAT_CLOUD_URL: sim.makerApiUrl,
    HUBITAT_ACCESS_TOKEN: sim.accessToken,
  });
});
afterAll(async () => {
  await home?.stop();
  await sim?.close();
});

test("the hub link syncs every device of the hub into the database", async () => {
  const { runtime } = home;
  // Nothing listens there: the sync reads from the hub, it does not wait for the hub's events.
  await runtime.services.link.start("http://127.0.0.1:1");
  const em = () => runtime.orm.em.fork() as EntityManager;
  await within(10_000, () => runtime.services.link.connected);
  const synced = await em().find(Device, {}, { fields: ["hubDeviceId"] });
  expect(synced.map((d) => d.hubDeviceId).sort()).toEqual([...sim.hub.devices.keys()].map(String).sort());
});
