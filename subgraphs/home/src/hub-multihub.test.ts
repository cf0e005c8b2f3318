import { startHubSimulator } from "../../../test/support/hub-simulator";
import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { within } from "../../../test/support/tokens";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import { createApp, type RunningHome } from "./app";
import { configFromEnv } from "./config";
import { ADMIN, MEMBER } from "./__tests__/home-on-simulator";

// Two hubs at once (HUBITAT_HUBS=house,barn, a Hub Mesh household): two hub simulators over HTTP
// with the same device ids, one home service. Each hub's devices stay its own: listed apart,
// commanded on their own hub, changed only by their own hub's events, removed only by their own
// hub's reconcile.

let house: RunningSimulator;
let barn: RunningSimulator;
let home: SubgraphUnderTest;

const asMember = (query: string, variables?: Record<string, unknown>) =>
  home.query(query, variables, { authorization: home.tokens.bearer({ sub: MEMBER }) });
const asAdmin = (query: string, variables?: Record<string, unknown>) =>
  home.query(query, variables, { authorization: home.tokens.bearer({ sub: ADMIN, role: "ADMIN" }) });
const link = () => (home.service as RunningHome).services.link;

const hubVariables = (name: string, sim: RunningSimulator, secret: string) => ({
  [`HUBITAT_${name}_HUB_IP`]: `127.0.0.1:${sim.port}`,
  [`HUBITAT_${name}_APP_ID`]: sim.appId,
  [`HUBITAT_${name}_ACCESS_TOKEN`]: sim.accessToken,
  [`HUBITAT_${name}_EVENT_SECRET`]: secret,
});

interface Listed {
  id: string;
  hub: string;
  hubDeviceId: string;
  label: string;
  removed: boolean;
  attributes: { name: string; value: unknown }[];
}

async function listed(): Promise<Listed[]> {
  const { body } = await asMember(`{ devices { id hub hubDeviceId label removed attributes { name value } } }`);
  expect(body.errors).toBeUndefined();
  return body.data!.devices;
}

async function deviceOf(hub: string, hubDeviceId: string): Promise<Listed> {
  const device = (await listed()).find((d) => d.hub === hub && d.hubDeviceId === hubDeviceId);
  if (!device) throw new Error(`no device ${hubDeviceId} of ${hub}`);
  return device;
}

const valueOf = (device: Listed, name: string) => device.attributes.find((a) => a.name === name)?.value;

beforeAll(async () => {
  [house, barn] = await Promise.all([startHubSimulator(), startHubSimulator({ appId: "9" })]);
  // The same household on both hubs, ids and all; the barn's dimmer has a name of its own.
  barn.hub.editDevice("12", { label: "Barn Dimmer", room: "Barn" });
  home = await startSubgraphForTest(createApp, configFromEnv, {
    HUBITAT_HUBS: "house,barn",
    ...hubVariables("HOUSE", house, "house-secret-0123456789"),
    ...hubVariables("BARN", barn, "barn-secret-0123456789"),
    HUBITAT_TIMEOUT_MS: "2000",
    HUB_PROBE_INTERVAL_MS: "250",
  });
  await within(15_000, async () => {
    const rows = await home.sql(`select hub, connected from home.hub_state where connected`);
    return rows.length === 2;
  });
});
afterAll(async () => {
  await home?.stop();
  await Promise.all([house?.close(), barn?.close()]);
});
beforeEach(async () => {
  await Promise.all([house.flushed(), barn.flushed()]);
  await link().drain();
});

describe("two hubs at once (HUBITAT_HUBS)", () => {
  it("lists both hubs' devices apart, the same hub ids being different devices", async () => {
    const devices = await listed();
    expect(devices.filter((d) => d.hub === "house")).toHaveLength(house.hub.devices.size);
    expect(devices.filter((d) => d.hub === "barn")).toHaveLength(barn.hub.devices.size);
    const dimmers = devices.filter((d) => d.hubDeviceId === "12");
    expect(dimmers.map((d) => [d.hub, d.label]).sort()).toEqual([
      ["barn", "Barn Dimmer"],
      ["house", "Hall Dimmer"],
    ]);
    expect(dimmers[0]!.id).not.toBe(dimmers[1]!.id);
    const { body } = await asMember(`{ devices(hub: "barn") { hub } }`);
    expect(new Set(body.data!.devices.map((d: { hub: string }) => d.hub))).toEqual(new Set(["barn"]));
    expect(body.data!.devices).toHaveLength(barn.hub.devices.size);
  });

  it("shows each hub's state, the first of HUBITAT_HUBS answering `hub`", async () => {
    const { body } = await asMember(
      `{ hubs { name primary configured connected } hub { name } barn: hub(name: "barn") { name connected } }`,
    );
    expect(body.data).toEqual({
      hubs: [
        { name: "house", primary: true, configured: true, connected: true },
        { name: "barn", primary: false, configured: true, connected: true },
      ],
      hub: { name: "house" },
      barn: { name: "barn", connected: true },
    });
    const unknown = await asMember(`{ hub(name: "attic") { name } }`);
    expect(unknown.body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "hub" });
  });

  it("sends a command on the barn's device to the barn's simulator only", async () => {
    const dimmer = await deviceOf("barn", "12");
    const houseBefore = house.requests.length;
    const barnBefore = barn.requests.length;
    const { body } = await asMember(`mutation ($id: ID!) { setLevel(deviceId: $id, level: 70) { id hub } }`, {
      id: dimmer.id,
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.setLevel).toEqual({ id: dimmer.id, hub: "barn" });
    const commands = (sim: RunningSimulator, from: number) =>
      sim.requests.slice(from).filter((r) => r.url.includes("/devices/12/"));
    expect(commands(barn, barnBefore).map((r) => r.url)).toEqual([expect.stringContaining("/devices/12/setLevel/70")]);
    expect(commands(house, houseBefore)).toEqual([]);
    // The barn's events answer it, on the barn's dimmer alone.
    await within(5000, async () => valueOf(await deviceOf("barn", "12"), "level") === 70);
    expect(valueOf(await deviceOf("house", "12"), "level")).toBe(30);
  });

  it("an event from the barn changes only the barn's device", async () => {
    const houseBefore = valueOf(await deviceOf("house", "32"), "temperature");
    barn.physical("32", "temperature", "4.5");
    await within(5000, async () => valueOf(await deviceOf("barn", "32"), "temperature") === 4.5);
    await house.flushed();
    await link().drain();
    expect(valueOf(await deviceOf("house", "32"), "temperature")).toBe(houseBefore);
  });

  it("a device removed from the house is marked removed by the house's reconcile, the barn's twin untouched", async () => {
    house.hub.removeDevice("22");
    const report = await asAdmin(`mutation { reconcileHub(hub: "house") { byKind { removed } } }`);
    expect(report.body.data!.reconcileHub.byKind.removed).toBe(1);
    expect((await deviceOf("house", "22")).removed).toBe(true);
    expect((await deviceOf("barn", "22")).removed).toBe(false);
    // The barn's own reconcile finds its fan still there, and nothing removed.
    const barnReport = await asAdmin(`mutation { reconcileHub(hub: "barn") { byKind { removed } } }`);
    expect(barnReport.body.data!.reconcileHub.byKind.removed).toBe(0);
    expect((await deviceOf("barn", "22")).removed).toBe(false);
    const [state] = await home.sql(`select drift from home.hub_state where hub = 'barn'`);
    expect(state!.drift.removed ?? 0).toBe(0);
  });
});

describe("one hub away", () => {
  it("makes only its own devices stale", async () => {
    barn.setOffline(true);
    try {
      await within(10_000, async () => {
        const { body } = await asMember(`{ hub(name: "barn") { connected } }`);
        return body.data?.hub.connected === false;
      });
      const { body } = await asMember(`{ devices { hub stale online } hubs { name connected } }`);
      const staleBy = (hub: string) =>
        body
          .data!.devices.filter((d: { hub: string; stale: boolean; online: boolean }) => d.hub === hub && d.online)
          .map((d: { stale: boolean }) => d.stale);
      expect(new Set(staleBy("barn"))).toEqual(new Set([true]));
      expect(new Set(staleBy("house"))).toEqual(new Set([false]));
      expect(body.data!.hubs).toEqual([
        { name: "house", connected: true },
        { name: "barn", connected: false },
      ]);
    } finally {
      barn.setOffline(false);
    }
    await within(10_000, async () => (await asMember(`{ hub(name: "barn") { connected } }`)).body.data?.hub.connected);
  });
});
