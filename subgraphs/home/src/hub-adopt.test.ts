import { startHubSimulator } from "../../../test/support/hub-simulator";
import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { within } from "../../../test/support/tokens";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import { createApp } from "./app";
import { configFromEnv } from "./config";
import { MEMBER } from "./__tests__/home-on-simulator";

// A household that had one hub names its hubs (HUBITAT_HUBS) to add a second: the first named hub
// takes over what the single hub stored, so its devices keep their Homegraph ids and history.

let house: RunningSimulator;
let barn: RunningSimulator;
let home: SubgraphUnderTest;

beforeAll(async () => {
  [house, barn] = await Promise.all([startHubSimulator(), startHubSimulator()]);
  home = await startSubgraphForTest(createApp, configFromEnv, {
    HUBITAT_HUB_IP: `127.0.0.1:${house.port}`,
    HUBITAT_APP_ID: house.appId,
    HUBITAT_ACCESS_TOKEN: house.accessToken,
    HUB_PROBE_INTERVAL_MS: "250",
  });
  await within(10_000, async () => (await home.sql(`select connected from home.hub_state`))[0]?.connected === true);
});
afterAll(async () => {
  await home?.stop();
  await Promise.all([house?.close(), barn?.close()]);
});

it("the first hub of HUBITAT_HUBS keeps the single hub's devices, ids and history", async () => {
  const before = await home.sql(`select id, hub_device_id from home.devices where hub = 'main' order by id`);
  expect(before.length).toBe(house.hub.devices.size);
  const [{ count: events }] = await home.sql(`select count(*)::int as count from home.device_events`);

  await home.service.close();
  home.service = await createApp(
    configFromEnv({
      NODE_ENV: "test",
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
      PORT: "0",
      DATABASE_URL: home.databaseUrl,
      AUTH_URL: home.tokens.url,
      HUB_PROBE_INTERVAL_MS: "250",
      HUBITAT_HUBS: "house,barn",
      ...Object.fromEntries(
        (
          [
            ["HOUSE", house],
            ["BARN", barn],
          ] as const
        ).flatMap(([name, sim]) => [
          [`HUBITAT_${name}_HUB_IP`, `127.0.0.1:${sim.port}`],
          [`HUBITAT_${name}_APP_ID`, sim.appId],
          [`HUBITAT_${name}_ACCESS_TOKEN`, sim.accessToken],
        ]),
      ),
    }),
  );
  await within(10_000, async () => (await home.sql(`select hub from home.hub_state where connected`)).length === 2);

  const houseDevices = await home.sql(`select id, hub_device_id from home.devices where hub = 'house' order by id`);
  expect(houseDevices).toEqual(before);
  expect(await home.sql(`select id from home.devices where hub = 'main'`)).toEqual([]);
  expect(await home.sql(`select hub from home.hub_state order by hub`)).toEqual([{ hub: "barn" }, { hub: "house" }]);
  const [{ count: after }] = await home.sql(
    `select count(*)::int as count from home.device_events e join home.devices d on d.id = e.device_id where d.hub = 'house'`,
  );
  expect(after).toBeGreaterThanOrEqual(events);
  const { body } = await home.query(`{ hub { name connected drift { removed added } } }`, undefined, {
    authorization: home.tokens.bearer({ sub: MEMBER }),
  });
  // Nothing was counted as removed from one hub and added to another.
  expect(body.data!.hub).toEqual({ name: "house", connected: true, drift: { removed: 0, added: 0 } });
});
