import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { createApp } from "./app";
import { configFromEnv } from "./config";

let home: SubgraphUnderTest;
beforeAll(async () => {
  home = await startSubgraphForTest(createApp, configFromEnv);
  await home.sql(
    `insert into home.devices (hub_device_id, label, room, last_changed_by_id, last_changed_at)
     values ('1', 'Porch light', 'Outside', 5, now()), ('2', 'Desk lamp', 'Office', 5, now() - interval '1 hour'), ('3', 'Hall motion', 'Hall', null, null)`,
  );
});
afterAll(() => home?.stop());

describe("home subgraph", () => {
  it("lists the stored devices by room", async () => {
    const { body } = await home.query(`{ devices { hubDeviceId label room lastChangedBy { id } } }`);
    expect(body.data!.devices).toEqual([
      { hubDeviceId: "3", label: "Hall motion", room: "Hall", lastChangedBy: null },
      { hubDeviceId: "2", label: "Desk lamp", room: "Office", lastChangedBy: { id: "5" } },
      { hubDeviceId: "1", label: "Porch light", room: "Outside", lastChangedBy: { id: "5" } },
    ]);
  });

  it("finds one device by id, and answers null for one that does not exist", async () => {
    const [lamp] = await home.sql(`select id from home.devices where hub_device_id = '2'`);
    const found = await home.query(`query ($id: ID!) { device(id: $id) { label } }`, { id: String(lamp!.id) });
    expect(found.body.data).toEqual({ device: { label: "Desk lamp" } });
    const missing = await home.query(`{ device(id: "424242") { label } }`);
    expect(missing.body.data).toEqual({ device: null });
    const nonsense = await home.query(`{ device(id: "abc") { label } }`);
    expect(nonsense.body.data).toEqual({ device: null });
  });

  it("adds devicesChanged to the auth service's User, newest first", async () => {
    const { body } = await home.query(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { devicesChanged { label } } } }`,
      {
        r: [
          { __typename: "User", id: "5" },
          { __typename: "User", id: "6" },
        ],
      },
    );
    expect(body.data!._entities).toEqual([
      { devicesChanged: [{ label: "Porch light" }, { label: "Desk lamp" }] },
      { devicesChanged: [] },
    ]);
  });
});
