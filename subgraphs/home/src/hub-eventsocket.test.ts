import { startHubSimulator } from "../../../test/support/hub-simulator";
import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { within } from "../../../test/support/tokens";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import { createApp } from "./app";
import { configFromEnv } from "./config";

// The other real-time path: the hub's eventsocket instead of posts, and the resync after silence.

let sim: RunningSimulator;
let home: SubgraphUnderTest;
const lastSyncAt = async () =>
  ((await home.sql(`select last_sync_at from home.hub_state`))[0]!.last_sync_at as Date)?.getTime() ?? 0;

beforeAll(async () => {
  sim = await startHubSimulator();
  home = await startSubgraphForTest(createApp, configFromEnv, {
    HUBITAT_HUB_IP: `127.0.0.1:${sim.port}`,
    HUBITAT_APP_ID: sim.appId,
    HUBITAT_ACCESS_TOKEN: sim.accessToken,
    HUBITAT_EVENT_TRANSPORT: "eventsocket",
    HUB_RESYNC_SILENCE_SECONDS: "1",
    HUB_PROBE_INTERVAL_MS: "200",
  });
  await within(10_000, async () => (await home.sql(`select connected from home.hub_state`))[0]?.connected === true);
});
afterAll(async () => {
  await home?.stop();
  await sim?.close();
});

it("takes events from the eventsocket, registers no event URL, and resyncs after a silence", async () => {
  expect(sim.postUrl()).toBeNull();
  await within(3000, () => sim.stats().socketClients === 1);
  const [{ id }] = (await home.sql(`select id from home.devices where hub_device_id = '12'`)) as [{ id: number }];
  const { body } = await home.query(
    `mutation ($id: ID!) { setLevel(deviceId: $id, level: 70) { id } }`,
    { id: String(id) },
    { authorization: home.tokens.bearer({ sub: 3 }) },
  );
  expect(body.errors).toBeUndefined();
  await within(3000, async () => {
    const rows = await home.sql(
      `select value, source, changed_by_user_id from home.device_events where hub_device_id = '12' and name = 'level'`,
    );
    return rows.some((r) => r.value === "70" && r.source === "SOCKET" && r.changed_by_user_id === 3);
  });
  const [device] = await home.sql(`select attributes from home.devices where id = $1`, [id]);
  expect(device!.attributes).toContainEqual(expect.objectContaining({ name: "level", value: 70, dataType: "NUMBER" }));

  const before = await lastSyncAt();
  await within(4000, async () => (await lastSyncAt()) > before);
});

it("reconnects after a reboot and resyncs", async () => {
  const before = await lastSyncAt();
  const rebooted = sim.reboot(200);
  await new Promise((r) => setTimeout(r, 50));
  sim.hub.set(sim.hub.devices.get("11")!, "switch", "on", "physical");
  await rebooted;
  await within(5000, async () => {
    const [row] = await home.sql(`select attributes from home.devices where hub_device_id = '11'`);
    return (row!.attributes as { name: string; value: unknown }[]).some((a) => a.name === "switch" && a.value === "on");
  });
  await within(2000, async () => (await lastSyncAt()) > before);
  await within(3000, () => sim.stats().socketClients === 1);
});
