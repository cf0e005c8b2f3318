import type { SubgraphUnderTest } from "../../../test/support/subgraph";
import { within } from "../../../test/support/tokens";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import { MEMBER, useHomeOnSimulator } from "./__tests__/home-on-simulator";
import type { DeviceUpdatedPayload } from "./services/device-events.pubsub";

// Device commands through GraphQL against the hub simulator: what reaches the hub, what is stored
// and published, and what is refused before anything is sent.

let sim: RunningSimulator;
let home: SubgraphUnderTest;
const { asMember, idOf, attribute, listenDeviceUpdated, hubRequests, grantDevice } = useHomeOnSimulator(
  (running) => ({ sim, home } = running),
);
// A member controls a lock only with a grant of that lock (docs/access.md).
beforeAll(() => grantDevice(MEMBER, "71", "CONTROL"));

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
