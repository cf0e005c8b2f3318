import { randomUUID } from "node:crypto";
import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { scrapeMetrics } from "../../../test/support/metrics";
import { within } from "../../../test/support/tokens";
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

/** Queries as a signed-in member, the way the gateway forwards a caller's token. */
const asMember = (query: string, variables?: Record<string, unknown>) =>
  home.query(query, variables, { authorization: home.tokens.bearer({ sub: 5 }) });

describe("home subgraph", () => {
  it("lists the stored devices by room", async () => {
    const { body } = await asMember(`{ devices { hubDeviceId label room lastChangedBy { id } } }`);
    expect(body.data!.devices).toEqual([
      { hubDeviceId: "3", label: "Hall motion", room: "Hall", lastChangedBy: null },
      { hubDeviceId: "2", label: "Desk lamp", room: "Office", lastChangedBy: { id: "5" } },
      { hubDeviceId: "1", label: "Porch light", room: "Outside", lastChangedBy: { id: "5" } },
    ]);
  });

  it("tells every cache not to keep an answer: each is the caller's own", async () => {
    const res = await fetch(`${home.service.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: home.tokens.bearer({ sub: 5 }) },
      body: JSON.stringify({ query: "{ rooms { name devices { label } } }" }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("finds one device by id, and answers null for one that does not exist", async () => {
    const [lamp] = await home.sql(`select id from home.devices where hub_device_id = '2'`);
    const found = await asMember(`query ($id: ID!) { device(id: $id) { label } }`, { id: String(lamp!.id) });
    expect(found.body.data).toEqual({ device: { label: "Desk lamp" } });
    const missing = await asMember(`{ device(id: "424242") { label } }`);
    expect(missing.body.data).toEqual({ device: null });
    const nonsense = await asMember(`{ device(id: "abc") { label } }`);
    expect(nonsense.body.data).toEqual({ device: null });
  });

  it("adds devicesChanged to the auth service's User, newest first", async () => {
    const { body } = await asMember(
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

describe("without a hub configured", () => {
  it("runs, says the hub is not configured, marks devices stale and refuses commands as UNAVAILABLE", async () => {
    const { body } = await asMember(`{ hub { configured connected problem } devices { stale } }`);
    expect(body.data!.hub).toEqual({
      configured: false,
      connected: false,
      problem: expect.stringMatching(/No Hubitat hub is configured: set HUBITAT_HUB_IP/),
    });
    expect(body.data!.devices.every((d: { stale: boolean }) => d.stale)).toBe(true);
    await home.sql(`update home.devices set commands = '[{"name": "on", "argTypes": []}]' where hub_device_id = '1'`);
    const [porch] = await home.sql(`select id from home.devices where hub_device_id = '1'`);
    const command = await asMember(`mutation ($id: ID!) { setSwitch(deviceId: $id, on: true) { id } }`, {
      id: String(porch!.id),
    });
    expect(command.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/No Hubitat hub is configured/),
      extensions: { code: "UNAVAILABLE" },
    });
  });
});

describe("home subgraph, reached directly, checks the caller itself", () => {
  const DEVICES = `{ devices { label } }`;
  const CHANGED = `{ _entities(representations: [{ __typename: "User", id: "5" }]) { ... on User { devicesChanged { label } } } }`;

  it("asks a caller without a token to sign in, on every protected field", async () => {
    for (const q of [DEVICES, `{ device(id: "1") { label } }`, CHANGED]) {
      const { status, body } = await home.query(q);
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(body.errors?.[0]?.message).toBe("Sign in to see this.");
    }
  });

  it("never trusts a plain identity header", async () => {
    const { body } = await home.query(DEVICES, undefined, { "x-user-id": "5", "x-user-role": "ADMIN" });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("answers a bad token with HTTP 401 before running anything", async () => {
    for (const authorization of [
      home.tokens.bearer({ expiresIn: -60 }),
      home.tokens.bearer({ aud: "elsewhere" }),
      "Bearer not.a.token",
    ]) {
      const { status, body } = await home.query(DEVICES, undefined, { authorization });
      expect(status).toBe(401);
      expect(body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: "UNAUTHENTICATED" } }] });
    }
  });

  it("refuses a token within 1 s of its session being revoked by the auth service", async () => {
    const sid = randomUUID();
    const authorization = home.tokens.bearer({ sid });
    expect((await home.query(DEVICES, undefined, { authorization })).status).toBe(200);
    home.tokens.revoke(sid);
    const took = await within(
      1000,
      async () => (await home.query(DEVICES, undefined, { authorization })).status === 401,
    );
    expect(took).toBeLessThan(1000);
    const { body } = await home.query(DEVICES, undefined, { authorization });
    expect(body.errors?.[0]?.message).toBe("This session has ended. Sign in again.");
  });
});

describe("GET /metrics", () => {
  it("answers Prometheus text: the process's metrics and the hub's, which without a hub reads as not connected", async () => {
    const exposition = await scrapeMetrics(home.service.url);
    expect(exposition.value("nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    expect(exposition.types).toMatchObject({
      homegraph_hub_drift_corrections_total: "counter",
      homegraph_hub_connected: "gauge",
      homegraph_hub_commands_pending: "gauge",
      homegraph_hub_last_reconcile_timestamp_seconds: "gauge",
    });
    for (const kind of ["attributeValue", "label", "room", "removed", "returned", "added"]) {
      expect(exposition.value("homegraph_hub_drift_corrections_total", { kind })).toBe(0);
    }
    expect(exposition.value("homegraph_hub_connected")).toBe(0);
    expect(exposition.value("homegraph_hub_commands_pending")).toBe(0);
    expect(exposition.value("homegraph_hub_last_reconcile_timestamp_seconds")).toBe(0);
    expect(exposition.value("homegraph_hub_events_total", { hub: "main" })).toBe(0);
    expect(exposition.value("homegraph_subscriptions_open", { service: "home" })).toBe(0);
    expect(exposition.value("homegraph_db_pool_max_connections", { service: "home" })).toBeGreaterThan(0);
  });
});
