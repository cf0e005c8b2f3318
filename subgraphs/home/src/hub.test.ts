import { healthOf, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { within } from "../../../test/support/tokens";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import { differencesFromHub, DEVICES_AS_STORED } from "./__tests__/hub-comparison";
import { HUB, useHomeOnSimulator } from "./__tests__/home-on-simulator";
import type { EntityManager } from "@mikro-orm/postgresql";
import { HubError } from "./hubitat/errors";
import { MakerApiClient } from "./hubitat/maker-api.client";
import { syncHub } from "./services/hub-sync";

// The home service against the hub simulator: the first sync, the hub's configuration by admins,
// outages and reboots (the history's retention is in history.test.ts). Commands are in hub-commands.test.ts,
// the hub's posted events in hub-events.test.ts.

let sim: RunningSimulator;
let home: SubgraphUnderTest;
const { asMember, asAdmin, link, idOf, attribute } = useHomeOnSimulator((running) => ({ sim, home } = running));

describe("sync on start", () => {
  it("stores the simulator's household: devices with capabilities, typed attributes and commands", async () => {
    const { body } = await asMember(
      `{ devices { hubDeviceId label name type room capabilities stale online
                   attributes { name value dataType } commands { name argTypes } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.devices).toHaveLength(sim.hub.devices.size);
    const dimmer = body.data!.devices.find((d: { hubDeviceId: string }) => d.hubDeviceId === "12");
    expect(dimmer).toMatchObject({
      label: "Hall Dimmer",
      name: "Generic Z-Wave Dimmer",
      type: "Generic Z-Wave Dimmer",
      room: "Hall",
      stale: false,
      online: true,
    });
    expect(dimmer.capabilities).toEqual(expect.arrayContaining(["Switch", "SwitchLevel", "Light"]));
    // Each attribute and command once, though the hub lists switch and on/off twice (Switch + Light).
    expect(dimmer.attributes.filter((a: { name: string }) => a.name === "switch")).toHaveLength(1);
    expect(dimmer.attributes).toEqual(
      expect.arrayContaining([
        { name: "level", value: 30, dataType: "NUMBER" },
        { name: "switch", value: "off", dataType: "ENUM" },
      ]),
    );
    expect(dimmer.commands).toEqual(
      expect.arrayContaining([
        { name: "setLevel", argTypes: ["NUMBER", "NUMBER"] },
        { name: "on", argTypes: [] },
      ]),
    );
    expect(dimmer.commands.filter((c: { name: string }) => c.name === "on")).toHaveLength(1);
  });

  it("filters by room and capability, and lists rooms with their devices", async () => {
    const hall = await asMember(`{ devices(room: "Hall") { label } }`);
    expect(hall.body.data!.devices.map((d: { label: string }) => d.label)).toEqual([
      "Hall Dimmer",
      "Hallway Motion",
      "Thermostat",
    ]);
    const locks = await asMember(`{ devices(capability: "Lock") { label } }`);
    expect(locks.body.data!.devices).toEqual([{ label: "Front Door Lock" }]);
    const rooms = await asMember(`{ rooms { name deviceCount devices { label } } }`);
    expect(rooms.body.data!.rooms).toContainEqual({
      name: "Entrance",
      deviceCount: 2,
      devices: [{ label: "Front Door" }, { label: "Front Door Lock" }],
    });
  });

  it("stores the hub's mode, modes, HSM status and variables, and registers its event URL with a secret", async () => {
    const { body } = await asMember(HUB);
    expect(body.data!.hub).toMatchObject({
      configured: true,
      connected: true,
      problem: null,
      mode: "Day",
      hsmStatus: "disarmed",
    });
    expect(body.data!.hub.modes.map((m: { name: string }) => m.name)).toEqual([
      "Day",
      "Evening",
      "Night",
      "Away",
      "Morning",
    ]);
    expect(body.data!.hub.variables).toContainEqual({ name: "vacationMode", value: "false", type: "boolean" });
    expect(sim.postUrl()).toBe(`${home.service.url}/hubitat/events/${link().secret}`);
    expect(link().secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});

describe("hub configuration (admins)", () => {
  it("members are FORBIDDEN; an admin sets the mode, HSM and a variable on the hub", async () => {
    const ops = [
      `mutation { setHubMode(mode: "Evening") { mode } }`,
      `mutation { setHsm(value: armAway) { hsmStatus } }`,
      `mutation { setHubVariable(name: "guestName", value: "Sam") { mode } }`,
      `mutation { resyncHub { connected } }`,
    ];
    for (const op of ops) {
      const { body } = await asMember(op);
      expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    expect(sim.hub.mode).toBe("Day");

    const mode = await asAdmin(`mutation { setHubMode(mode: "evening") { mode modes { name active } } }`);
    expect(mode.body.data!.setHubMode.mode).toBe("Evening");
    expect(sim.hub.mode).toBe("Evening");
    const hsm = await asAdmin(`mutation { setHsm(value: armAway) { hsmStatus } }`);
    expect(hsm.body.data!.setHsm.hsmStatus).toBe("armedAway");
    const variable = await asAdmin(
      `mutation { setHubVariable(name: "guestName", value: "Sam") { variables { name value } } }`,
    );
    expect(variable.body.data!.setHubVariable.variables).toContainEqual({ name: "guestName", value: "Sam" });
    const badInt = await asAdmin(`mutation { setHubVariable(name: "targetTemperature", value: "warm") { mode } }`);
    expect(badInt.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "value" });
    const badMode = await asAdmin(`mutation { setHubMode(mode: "Party") { mode } }`);
    expect(badMode.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "mode" });

    await asAdmin(`mutation { setHubMode(mode: "Day") { mode } }`);
    await asAdmin(`mutation { setHsm(value: disarm) { hsmStatus } }`);
    await sim.flushed();
    await link().ingestor.drain();
    const { body } = await asMember(HUB);
    expect(body.data!.hub).toMatchObject({ mode: "Day", hsmStatus: "disarmed" });
  });
});

describe("the hub going away and coming back", () => {
  it("offline: hub.connected false, devices answer from stored state marked stale, commands UNAVAILABLE; online: resync", async () => {
    const fan = await idOf("22");
    await asMember(`mutation ($id: ID!) { setSwitch(deviceId: $id, on: false) { id } }`, { id: fan });
    await within(3000, async () => (await attribute("22", "switch")) === "off");

    sim.setOffline(true);
    await within(5000, async () => (await asMember(HUB)).body.data!.hub.connected === false);
    const { body } = await asMember(HUB);
    expect(body.data!.hub.problem).toBe("The hub cannot be reached right now.");
    const devices = await asMember(`{ devices { label stale } }`);
    expect(devices.body.data!.devices).toHaveLength(sim.hub.devices.size);
    expect(devices.body.data!.devices.every((d: { stale: boolean }) => d.stale)).toBe(true);
    const command = await asMember(`mutation ($id: ID!) { setSwitch(deviceId: $id, on: true) { id } }`, { id: fan });
    expect(command.body.errors?.[0]).toMatchObject({
      message: "The hub cannot be reached right now.",
      extensions: { code: "UNAVAILABLE" },
    });

    // Changed on the hub while Homegraph could not hear it: only a resync can find it.
    sim.hub.set(sim.hub.devices.get("22")!, "switch", "on", "physical");
    sim.setOffline(false);
    await within(5000, async () => (await asMember(HUB)).body.data!.hub.connected === true);
    expect(await attribute("22", "switch")).toBe("on");
    const back = await asMember(`{ devices { stale } }`);
    expect(back.body.data!.devices.every((d: { stale: boolean }) => !d.stale)).toBe(true);
    const rows = await home.sql(
      `select source from home.device_events where hub_device_id = '22' and name = 'switch' order by id desc limit 1`,
    );
    expect(rows[0]).toEqual({ source: "SYNC" });
    await asMember(`mutation ($id: ID!) { setSwitch(deviceId: $id, on: false) { id } }`, { id: fan });
  });

  it("a reboot's systemStart makes the service resync", async () => {
    const [{ last_sync_at: before }] = (await home.sql(`select last_sync_at from home.hub_state`)) as [
      { last_sync_at: Date },
    ];
    const rebooted = sim.reboot(300);
    await new Promise((r) => setTimeout(r, 50));
    // Not heard: the simulator posts nothing while it is down.
    sim.hub.set(sim.hub.devices.get("15")!, "level", 55, "physical");
    await rebooted;
    await within(5000, async () => (await attribute("15", "level")) === 55);
    await within(2000, async () => {
      const [{ last_sync_at: after }] = await home.sql(`select last_sync_at from home.hub_state`);
      return (after as Date).getTime() > before.getTime();
    });
    const rows = await home.sql(
      `select source from home.device_events where hub_device_id = '15' and name = 'level' order by id desc limit 1`,
    );
    expect(rows[0]).toEqual({ source: "SYNC" });
  });
});
describe("our own restart", () => {
  const DRIFT = `{ hub { drift { attributeValue label room removed returned added } } }`;

  it("compares with the hub on start: what changed while Homegraph was down is corrected and counted", async () => {
    const { body: before } = await asMember(DRIFT);
    await home.restart(async () => {
      // Posted to a service that is not there: lost, as during a deploy.
      sim.physical("12", "level", 77);
      await sim.flushed();
      sim.hub.editDevice("15", { label: "Kitchen Ceiling" });
      sim.hub.removeDevice("42");
    });
    // The reconcile interval here is the default 15 minutes: only the start's own resync corrects.
    let differences: string[] = [];
    await within(20_000, async () => {
      differences = await differencesFromHub(sim, (await asAdmin(DEVICES_AS_STORED)).body.data!.devices);
      return differences.length === 0;
    }).catch(() => {
      throw new Error(`Homegraph still differs from the hub: ${differences.join("; ")}`);
    });
    const was = before.data!.hub.drift;
    await within(5000, async () => (await asMember(DRIFT)).body.data!.hub.drift.removed === was.removed + 1);
    const { body: after } = await asMember(DRIFT);
    expect(after.data!.hub.drift).toMatchObject({
      label: was.label + 1,
      removed: was.removed + 1,
      room: was.room,
      returned: was.returned,
      added: was.added,
    });
    expect(after.data!.hub.drift.attributeValue).toBeGreaterThanOrEqual(was.attributeValue + 1);
    // Each correction is counted as it is written; the reconcile's report follows when it finishes.
    let health = await healthOf(home.service.url);
    await within(5000, async () => {
      health = await healthOf(home.service.url);
      return health.body.checks.hubReconcile.detail.lastReconcile != null;
    }).catch(() => undefined);
    expect(health.body.checks.hubReconcile.detail.lastReconcile).toMatchObject({
      reason: "start",
      corrections: { label: 1, removed: 1, attributeValue: expect.any(Number) },
    });
  });
});

describe("a reconcile cut short", () => {
  const DRIFT = `{ hub { drift { label corrections } } }`;
  const labelOf = async (hubId: string) =>
    (
      await asMember(`query ($id: ID!) { device(id: $id) { label } }`, {
        id: await idOf(hubId),
      })
    ).body.data!.device.label;

  it("still counts what it corrected before the hub went away, and nothing twice", async () => {
    const before = (await asMember(DRIFT)).body.data!.hub.drift;
    sim.hub.editDevice("14", { label: "Sofa Lamp" });
    // The hub answers the device list, then is gone before the last of the sync's calls (a reboot mid-way).
    const client = new MakerApiClient({ baseUrl: sim.makerApiUrl, accessToken: sim.accessToken, timeoutMs: 2000 });
    client.getHubVariables = () => Promise.reject(new HubError("HUB_UNREACHABLE", "The hub went away mid-way."));
    await expect(
      syncHub(client, () => home.service.orm.em.fork() as EntityManager, home.service.logger, "main"),
    ).rejects.toThrow(/mid-way/);
    expect(await labelOf("14")).toBe("Sofa Lamp");
    expect((await asMember(DRIFT)).body.data!.hub.drift).toMatchObject({
      label: before.label + 1,
      corrections: before.corrections + 1,
    });

    const report = await link().reconcile("test");
    expect(report.corrections.total).toBe(0);
    expect((await asMember(DRIFT)).body.data!.hub.drift.label).toBe(before.label + 1);
  });
});

describe("step-up for what opens the house", () => {
  const STALE = Math.floor(Date.now() / 1000) - 301;
  const as = (query: string, variables: Record<string, unknown>, claims: Record<string, unknown>, role = "ADMIN") =>
    home.query(query, variables, {
      authorization: home.tokens.bearer({ sub: 1, role: role as "ADMIN", claims }),
    });

  it("unlock (typed or by name) and disarming refuse a token whose factor is older than 5 minutes", async () => {
    const lock = await idOf("71");
    const opening = () => sim.requests.filter((r) => /\/unlock|\/hsm\/disarm/i.test(r.url)).length;
    const before = opening();
    const ops: [string, Record<string, unknown>][] = [
      [`mutation ($id: ID!) { unlock(deviceId: $id) { id } }`, { id: lock }],
      [`mutation ($id: ID!) { sendDeviceCommand(deviceId: $id, command: "unlock") { id } }`, { id: lock }],
      [`mutation { setHsm(value: disarm) { hsmStatus } }`, {}],
      [`mutation { setHsm(value: disarmAll) { hsmStatus } }`, {}],
    ];
    for (const [query, variables] of ops) {
      for (const claims of [{ auth_time: STALE }, { auth_time: undefined }]) {
        const { body } = await as(query, variables, claims);
        expect({ query, errors: body.errors?.[0]?.extensions }).toEqual({
          query,
          errors: { code: "STEP_UP_REQUIRED", maxAgeSeconds: 300 },
        });
      }
    }
    expect(opening()).toBe(before);

    // Locking and arming stay one tap; a fresh factor unlocks.
    const fresh = { auth_time: Math.floor(Date.now() / 1000) - 10 };
    expect(
      (await as(`mutation { setHsm(value: armAway) { hsmStatus } }`, {}, { auth_time: STALE })).body.errors,
    ).toBeUndefined();
    expect(
      (await as(`mutation ($id: ID!) { lock(deviceId: $id) { id } }`, { id: lock }, { auth_time: STALE })).body.errors,
    ).toBeUndefined();
    expect(
      (await as(`mutation ($id: ID!) { unlock(deviceId: $id) { id } }`, { id: lock }, fresh)).body.errors,
    ).toBeUndefined();
    expect((await as(`mutation { setHsm(value: disarm) { hsmStatus } }`, {}, fresh)).body.errors).toBeUndefined();
  });
});
