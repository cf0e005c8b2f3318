import { startHubSimulator } from "../../../test/support/hub-simulator";
import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { within } from "../../../test/support/tokens";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import { createApp, type RunningHome } from "./app";
import { configFromEnv } from "./config";
import { DEVICE_UPDATED, type DeviceUpdatedPayload } from "./services/device-events.pubsub";
import { pruneDeviceEvents } from "./services/retention";

// The home service against the hub simulator over HTTP and a real PostgreSQL: sync, commands,
// events through the registered postURL, outages and reboots.

let sim: RunningSimulator;
let home: SubgraphUnderTest;
const MEMBER = 5;
const ADMIN = 1;
const asMember = (query: string, variables?: Record<string, unknown>) =>
  home.query(query, variables, { authorization: home.tokens.bearer({ sub: MEMBER }) });
const asAdmin = (query: string, variables?: Record<string, unknown>) =>
  home.query(query, variables, { authorization: home.tokens.bearer({ sub: ADMIN, role: "ADMIN" }) });
const link = () => (home.service as RunningHome).services.link!;

/** Homegraph's id of the device the hub knows as `hubId`. */
async function idOf(hubId: string): Promise<string> {
  const [row] = await home.sql(`select id from home.devices where hub_device_id = $1`, [hubId]);
  return String(row!.id);
}

async function attribute(hubId: string, name: string): Promise<unknown> {
  const { body } = await asMember(`query ($id: ID!) { device(id: $id) { attributes { name value } } }`, {
    id: await idOf(hubId),
  });
  return body.data!.device.attributes.find((a: { name: string }) => a.name === name)?.value;
}

/** Every deviceUpdated payload the service publishes from now until `stop()`. */
function listenDeviceUpdated(): { received: DeviceUpdatedPayload[]; stop: () => Promise<void> } {
  const received: DeviceUpdatedPayload[] = [];
  const iterator = home.service.pubSub.subscribe(DEVICE_UPDATED)[Symbol.asyncIterator]();
  const reading = (async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      received.push(next.value as DeviceUpdatedPayload);
    }
  })();
  return {
    received,
    stop: async () => {
      await iterator.return?.();
      await reading;
    },
  };
}

/** Device requests only: the periodic reachability check (`/modes`) is not what these tests are about. */
const hubRequests = () => sim.requests.map((r) => r.url).filter((u) => u.includes("/devices/"));

const HUB = `{ hub { configured connected problem lastEventAt lastSyncAt mode modes { name active } hsmStatus variables { name value type } } }`;

beforeAll(async () => {
  sim = await startHubSimulator();
  home = await startSubgraphForTest(createApp, configFromEnv, {
    HUBITAT_HUB_IP: `127.0.0.1:${sim.port}`,
    HUBITAT_APP_ID: sim.appId,
    HUBITAT_ACCESS_TOKEN: sim.accessToken,
    HUBITAT_TIMEOUT_MS: "2000",
    HUB_PROBE_INTERVAL_MS: "250",
  });
  await within(10_000, async () => (await home.sql(`select connected from home.hub_state`))[0]?.connected === true);
});
afterAll(async () => {
  await home?.stop();
  await sim?.close();
});
beforeEach(async () => {
  await sim.flushed();
  await link().ingestor.drain();
});

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

describe("sendDeviceCommand", () => {
  it("setLevel 50 on the dimmer reaches the hub as /setLevel/50, and the hub's posted events store level 50", async () => {
    const dimmer = await idOf("12");
    const before = hubRequests().length;
    const { body } = await asMember(
      `mutation ($id: ID!) { sendDeviceCommand(deviceId: $id, command: "setLevel", args: [50]) { id lastChangedBy { id } } }`,
      { id: dimmer },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.sendDeviceCommand).toEqual({ id: dimmer, lastChangedBy: { id: String(MEMBER) } });
    expect(hubRequests().slice(before)).toEqual([
      `/apps/api/${sim.appId}/devices/12/setLevel/50?access_token=${sim.accessToken}`,
    ]);
    await within(3000, async () => (await attribute("12", "level")) === 50);
    expect(await attribute("12", "switch")).toBe("on");

    const rows = await home.sql(
      `select name, value, value_type, source, changed_by_user_id from home.device_events
        where hub_device_id = '12' order by id`,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { name: "setLevel", value: "[50]", value_type: "COMMAND_ARGS", source: "COMMAND", changed_by_user_id: MEMBER },
        { name: "switch", value: "on", value_type: "ENUM", source: "POST", changed_by_user_id: MEMBER },
        { name: "level", value: "50", value_type: "NUMBER", source: "POST", changed_by_user_id: MEMBER },
      ]),
    );
    const history = await asMember(
      `query ($id: ID!) { deviceEvents(deviceId: $id, limit: 2) { name value source changedBy { id } } }`,
      { id: dimmer },
    );
    expect(history.body.data!.deviceEvents).toEqual([
      { name: "level", value: 50, source: "POST", changedBy: { id: String(MEMBER) } },
      { name: "switch", value: "on", source: "POST", changedBy: { id: String(MEMBER) } },
    ]);
    const last = await asMember(`query ($id: ID!) { device(id: $id) { lastEventAt lastChangedAt } }`, { id: dimmer });
    expect(last.body.data!.device.lastEventAt).not.toBeNull();
  });

  it("publishes each change of a device to deviceUpdated once it is stored", async () => {
    const porch = await idOf("11");
    // Start from "off", stored: an unchanged value makes the hub send no event at all.
    await asMember(`mutation ($id: ID!) { setSwitch(deviceId: $id, on: false) { id } }`, { id: porch });
    const switchOf = async () => {
      const { body } = await asMember(`query ($id: ID!) { device(id: $id) { attributes { name value } } }`, {
        id: porch,
      });
      return (body.data?.device?.attributes as { name: string; value: unknown }[] | undefined)?.find(
        (a) => a.name === "switch",
      )?.value;
    };
    await within(3000, async () => (await switchOf()) === "off");
    const { received, stop } = listenDeviceUpdated();
    await asMember(`mutation ($id: ID!) { setSwitch(deviceId: $id, on: true) { id } }`, { id: porch });
    const switched = (p: DeviceUpdatedPayload) =>
      p.id === porch &&
      (p.device.attributes as { name: string; value: unknown }[]).some((a) => a.name === "switch" && a.value === "on");
    await within(3000, () => received.some(switched));
    // The command (who changed it) is published too, never after the hub's event (what changed):
    // the hub's report may be stored right behind the command and then carries both.
    const byCommand = received.findIndex((p) => p.id === porch && p.device.lastChangedById === MEMBER);
    expect(byCommand).toBeGreaterThanOrEqual(0);
    expect(byCommand).toBeLessThanOrEqual(received.findIndex(switched));
    await stop();
    await asMember(`mutation ($id: ID!) { setSwitch(deviceId: $id, on: false) { id } }`, { id: porch });
  });

  it("refuses an unknown command, a wrong argument count or type, and an unknown device, sending nothing to the hub", async () => {
    const dimmer = await idOf("12");
    const before = hubRequests().length;
    const send = (deviceId: string, command: string, args: unknown[]) =>
      asMember(
        `mutation ($id: ID!, $c: String!, $a: [JSON!]) { sendDeviceCommand(deviceId: $id, command: $c, args: $a) { id } }`,
        { id: deviceId, c: command, a: args },
      );
    const cases: [string, string, unknown[], string, string | undefined][] = [
      [dimmer, "explode", [], "BAD_USER_INPUT", "command"],
      [dimmer, "setLevel", [], "BAD_USER_INPUT", "args"],
      [dimmer, "setLevel", [1, 2, 3], "BAD_USER_INPUT", "args"],
      [dimmer, "on", [1], "BAD_USER_INPUT", "args"],
      [dimmer, "setLevel", ["50"], "BAD_USER_INPUT", "args[0]"],
      [dimmer, "setLevel", [50, "fast"], "BAD_USER_INPUT", "args[1]"],
      [await idOf("61"), "setThermostatMode", ["sauna"], "BAD_USER_INPUT", "args[0]"],
      [await idOf("14"), "setColor", [{ hue: 200 }], "BAD_USER_INPUT", "args[0]"],
      ["424242", "on", [], "NOT_FOUND", undefined],
      ["abc", "on", [], "NOT_FOUND", undefined],
    ];
    for (const [id, command, args, code, field] of cases) {
      const { body } = await send(id, command, args);
      expect({
        command,
        args,
        code: body.errors?.[0]?.extensions?.code,
        field: body.errors?.[0]?.extensions?.field,
      }).toEqual({ command, args, code, field });
      expect(body.errors![0]!.message).not.toMatch(/internal|went wrong/i);
    }
    const unknown = await send(dimmer, "explode", []);
    expect(unknown.body.errors![0]!.message).toMatch(/Hall Dimmer has no command "explode"/);
    const tooMany = await send(dimmer, "setLevel", [1, 2, 3]);
    expect(tooMany.body.errors![0]!.message).toBe("setLevel takes 1 to 2 arguments (NUMBER, NUMBER); got 3.");
    const typed = await asMember(`mutation ($id: ID!) { setLevel(deviceId: $id, level: 140) { id } }`, { id: dimmer });
    expect(typed.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "level" });
    const noLock = await asMember(`mutation ($id: ID!) { lock(deviceId: $id) { id } }`, { id: dimmer });
    expect(noLock.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "command" });
    expect(hubRequests().length).toBe(before);
  });

  it("the typed conveniences send the commands a person expects", async () => {
    const before = hubRequests().length;
    const ids = { bulb: await idOf("14"), lock: await idOf("71"), thermostat: await idOf("61") };
    const ids2 = { shade: await idOf("101"), button: await idOf("91"), fan: await idOf("22") };
    const { body } = await asMember(
      `mutation ($bulb: ID!, $lock: ID!, $t: ID!, $shade: ID!, $button: ID!, $fan: ID!) {
        a: setColor(deviceId: $bulb, hue: 88, saturation: 50, level: 90) { id }
        b: unlock(deviceId: $lock) { id }
        c: setHeatingSetpoint(deviceId: $t, temperature: 20.5) { id }
        d: setThermostatMode(deviceId: $t, mode: "heat") { id }
        e: setShadePosition(deviceId: $shade, position: 40) { id }
        f: pushButton(deviceId: $button, number: 2) { id }
        g: setSwitch(deviceId: $fan, on: true) { id }
        h: lock(deviceId: $lock) { id }
        i: setCoolingSetpoint(deviceId: $t, temperature: 25) { id }
      }`,
      { ...ids, t: ids.thermostat, ...ids2 },
    );
    expect(body.errors).toBeUndefined();
    const sent = hubRequests()
      .slice(before)
      .map((u) => u.replace(`/apps/api/${sim.appId}/devices/`, "").replace(/\?access_token=.*$/, ""));
    expect(sent).toEqual([
      `14/setColor/${encodeURIComponent('{"hue":88,"saturation":50,"level":90}')}`,
      "71/unlock",
      "61/setHeatingSetpoint/20.5",
      "61/setThermostatMode/heat",
      "101/setPosition/40",
      "91/push/2",
      "22/on",
      "71/lock",
      "61/setCoolingSetpoint/25",
    ]);
    await within(3000, async () => (await attribute("91", "pushed")) === 2);
    const tooHigh = await asMember(`mutation ($id: ID!) { pushButton(deviceId: $id, number: 5) { id } }`, {
      id: ids2.button,
    });
    expect(tooHigh.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "number" });
  });
});

describe("events from the hub", () => {
  it("a physical change posted by the hub is stored, cast by its dataType", async () => {
    sim.physical("32", "temperature", "17.5");
    await within(3000, async () => (await attribute("32", "temperature")) === 17.5);
    const rows = await home.sql(
      `select value, value_type, unit, source, changed_by_user_id from home.device_events
        where hub_device_id = '32' and name = 'temperature' order by id desc limit 1`,
    );
    expect(rows[0]).toEqual({
      value: "17.5",
      value_type: "NUMBER",
      unit: "°C",
      source: "POST",
      changed_by_user_id: null,
    });
  });

  it("a burst of posted events is stored before each 204, and each is published with the state it made, in stored order", async () => {
    const devices = ["32", "51"];
    const ids = new Map(await Promise.all(devices.map(async (hubId) => [await idOf(hubId), hubId] as const)));
    const { received, stop } = listenDeviceUpdated();
    const [{ last }] = (await home.sql(`select coalesce(max(id), 0)::bigint as last from home.device_events`)) as [
      { last: string },
    ];
    const values = Array.from({ length: 60 }, (_, i) => 40 + i / 10);
    const statuses = await Promise.all(
      values.map((value, i) =>
        fetch(`${home.service.url}/hubitat/events/${link().secret}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            content: { name: "temperature", value: String(value), deviceId: devices[i % 2], unit: "°C" },
          }),
        }).then((res) => res.status),
      ),
    );
    expect(statuses.every((status) => status === 204)).toBe(true);
    // Every 204 came after its event was stored: all 60 rows are there without waiting.
    const rows = (await home.sql(
      `select hub_device_id, value from home.device_events
        where id > $1 and name = 'temperature' and hub_device_id = any($2) order by id`,
      [last, devices],
    )) as { hub_device_id: string; value: string }[];
    expect(rows.map((r) => Number(r.value)).sort()).toEqual([...values].sort());
    for (const hubId of devices) {
      const stored = rows.filter((r) => r.hub_device_id === hubId).map((r) => Number(r.value));
      await within(3000, () => received.filter((p) => ids.get(p.id) === hubId).length >= stored.length);
      const published = received
        .filter((p) => ids.get(p.id) === hubId)
        .map(
          (p) =>
            (p.device.attributes as { name: string; value: unknown }[]).find((a) => a.name === "temperature")!.value,
        );
      expect(published).toEqual(stored);
      expect(await attribute(hubId, "temperature")).toBe(stored.at(-1));
    }
    await stop();
  });

  it("refuses an event POST without the right secret, and stores nothing", async () => {
    const [{ count: before }] = (await home.sql(`select count(*)::int as count from home.device_events`)) as [
      { count: number },
    ];
    const body = JSON.stringify({ content: { name: "contact", value: "open", deviceId: "31", unit: null } });
    for (const path of ["/hubitat/events/wrong-secret-0123456789", "/hubitat/events/", "/hubitat/events"]) {
      const res = await fetch(`${home.service.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      expect([403, 404]).toContain(res.status);
    }
    await link().ingestor.drain();
    const [{ count: after }] = (await home.sql(`select count(*)::int as count from home.device_events`)) as [
      { count: number },
    ];
    expect(after).toBe(before);
    expect(await attribute("31", "contact")).toBe("closed");

    // The right secret is accepted, even with the text/html label some firmware puts on JSON.
    const ok = await fetch(`${home.service.url}/hubitat/events/${link().secret}`, {
      method: "POST",
      headers: { "content-type": "text/html" },
      body,
    });
    expect(ok.status).toBe(204);
    expect(await attribute("31", "contact")).toBe("open");
    sim.physical("31", "contact", "open");
    sim.physical("31", "contact", "closed");
  });

  it("caps deviceEvents' limit and honours since", async () => {
    const dimmer = await idOf("12");
    const big = await asMember(`query ($id: ID!) { deviceEvents(deviceId: $id, limit: 100000) { id } }`, {
      id: dimmer,
    });
    expect(big.body.errors).toBeUndefined();
    const zero = await asMember(`query ($id: ID!) { deviceEvents(deviceId: $id, limit: 0) { id } }`, { id: dimmer });
    expect(zero.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "limit" });
    const future = await asMember(
      `query ($id: ID!) { deviceEvents(deviceId: $id, since: "2999-01-01T00:00:00Z") { id } }`,
      { id: dimmer },
    );
    expect(future.body.data!.deviceEvents).toEqual([]);
    const missing = await asMember(`{ deviceEvents(deviceId: "424242") { id } }`);
    expect(missing.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
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

describe("event retention", () => {
  it("deletes events older than the retention and keeps the rest", async () => {
    const id = await idOf("11");
    await home.sql(
      `insert into home.device_events (device_id, hub_device_id, name, value, source, created_at)
       values ($1, '11', 'retained', 'old', 'POST', now() - interval '40 days'), ($1, '11', 'retained', 'new', 'POST', now())`,
      [id],
    );
    const deleted = await pruneDeviceEvents(home.service.orm, 30);
    expect(deleted).toBe(1);
    const rows = await home.sql(`select value from home.device_events where name = 'retained'`);
    expect(rows).toEqual([{ value: "new" }]);
  });
});
