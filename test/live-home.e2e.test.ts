/**
 * The live home end to end: the real stack (auth, email, home, gateway) with home talking to the
 * hub simulator over HTTP, a graphql-ws client on the gateway, tokens from the real auth service.
 * What the hub posts, what a member commands and what happens when the hub goes away, as a client
 * of the gateway sees it.
 */
import { createClient, type Client, type ExecutionResult } from "graphql-ws";
import WebSocket from "ws";
import { deviceIdOf, physicalChange } from "./support/home";
import { startStack, type Stack } from "./support/stack";
import { within } from "./support/tokens";

let stack: Stack;
let member: string;
let admin: string;

const hub = () => stack.hub!;
const idOf = (hubId: string) => deviceIdOf(stack, hubId);
const physical = (hubId: string, name: string, value: string | number) => physicalChange(stack, hubId, name, value);
const asMember = (query: string, variables?: Record<string, unknown>) =>
  stack.query(query, variables, { authorization: member });

/** Maker API device requests the hub has received (its periodic `/modes` probe left out). */
const deviceRequests = () =>
  hub()
    .requests.map((r) => r.url)
    .filter((u) => u.includes("/devices/"));

interface Live {
  client: Client;
  events: ExecutionResult<Record<string, any>>[];
  receivedAt: number[];
  errors: unknown[];
  dispose: () => Promise<void>;
}

function live(authorization: string, query: string, variables: Record<string, unknown> = {}): Live {
  const client = createClient({
    url: `${stack.gateway.url.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization },
    retryAttempts: 0,
  });
  const sub: Live = { client, events: [], receivedAt: [], errors: [], dispose: async () => undefined };
  const unsubscribe = client.subscribe(
    { query, variables },
    {
      next: (value) => {
        sub.events.push(value as ExecutionResult<Record<string, any>>);
        sub.receivedAt.push(performance.now());
      },
      error: (err) => sub.errors.push(err),
      complete: () => undefined,
    },
  );
  sub.dispose = async () => {
    unsubscribe();
    await client.dispose();
  };
  return sub;
}

const attr = (event: ExecutionResult<Record<string, any>> | undefined, name: string): unknown =>
  (event?.data?.deviceUpdated?.attributes as { name: string; value: unknown }[] | undefined)?.find(
    (a) => a.name === name,
  )?.value;

/** Index of the first event from `from` on that satisfies `match`, or -1. */
const findFrom = (sub: Live, from: number, match: (e: ExecutionResult<Record<string, any>>) => boolean) =>
  sub.events.findIndex((e, i) => i >= from && match(e));

/**
 * Toggles a contact sensor until the subscription hears of it: a subscription is live only once
 * the gateway's upstream subscription has reached home, and the client is not told when.
 */
async function warmUp(sub: Live, hubId: string): Promise<void> {
  let open = false;
  await within(10_000, async () => {
    if (sub.events.length > 0) return true;
    open = !open;
    await physical(hubId, "contact", open ? "open" : "closed");
    await new Promise((r) => setTimeout(r, 100));
    return sub.events.length > 0;
  });
}

const DEVICE_UPDATED = `subscription ($ids: [ID!]) {
  deviceUpdated(deviceIds: $ids) { id stale attributes { name value } lastChangedBy { displayName } }
}`;

beforeAll(async () => {
  stack = await startStack({ hub: true });
  await within(15_000, async () => (await stack.sql(`select connected from home.hub_state`))[0]?.connected === true);
  await stack.addUser({ email: "ada@example.com", password: "password", displayName: "Ada Lovelace" });
  await stack.addUser({ email: "grace@example.com", password: "password", displayName: "Grace", role: "ADMIN" });
  member = (await stack.signIn("ada@example.com", "password")).authorization;
  admin = (await stack.signIn("grace@example.com", "password")).authorization;
});
afterAll(() => stack?.stop());
beforeEach(async () => {
  await hub().flushed();
});

describe("hub events reach a subscriber through the gateway", () => {
  it("delivers a physical change posted by the hub, and a member's command with lastChangedBy.displayName", async () => {
    const frontDoor = await idOf("31");
    const dimmer = await idOf("12");
    const sub = live(member, DEVICE_UPDATED, { ids: [frontDoor, dimmer] });
    try {
      await warmUp(sub, "31");
      // A physical change: the simulator posts it to home's registered URL at once.
      const current = attr(sub.events.at(-1), "contact");
      const next = current === "open" ? "closed" : "open";
      let from = sub.events.length;
      let at = performance.now();
      await physical("31", "contact", next);
      await within(5000, () => findFrom(sub, from, (e) => attr(e, "contact") === next) >= 0);
      let index = findFrom(sub, from, (e) => attr(e, "contact") === next);
      const physicalMs = sub.receivedAt[index]! - at;
      console.log(`hub POST of a physical change to the client through the gateway: ${physicalMs.toFixed(1)} ms`);
      expect(sub.events[index]!.data!.deviceUpdated.id).toBe(frontDoor);
      expect(physicalMs).toBeLessThan(1000);

      // A member's command: the hub's own events then arrive carrying who made the change.
      await asMember(`mutation ($id: ID!) { setLevel(deviceId: $id, level: 10) { id } }`, { id: dimmer });
      await within(5000, () => findFrom(sub, from, (e) => attr(e, "level") === 10) >= 0);
      from = sub.events.length;
      at = performance.now();
      const { body } = await asMember(
        `mutation ($id: ID!) { sendDeviceCommand(deviceId: $id, command: "setLevel", args: [35]) { id } }`,
        { id: dimmer },
      );
      expect(body.errors).toBeUndefined();
      await within(5000, () => findFrom(sub, from, (e) => attr(e, "level") === 35) >= 0);
      index = findFrom(sub, from, (e) => attr(e, "level") === 35);
      const commandMs = sub.receivedAt[index]! - at;
      console.log(
        `member's command to the client hearing the hub's event through the gateway: ${commandMs.toFixed(1)} ms`,
      );
      expect(sub.events[index]!.data!.deviceUpdated).toMatchObject({
        id: dimmer,
        lastChangedBy: { displayName: "Ada Lovelace" },
      });
      expect(commandMs).toBeLessThan(1000);
      expect(sub.errors).toEqual([]);
    } finally {
      await sub.dispose();
    }
  });

  it("delivers each stored event to deviceEvent, and mode and HSM changes", async () => {
    const frontDoor = await idOf("31");
    const events = live(member, `subscription ($id: ID!) { deviceEvent(deviceId: $id) { name value source } }`, {
      id: frontDoor,
    });
    const modes = live(member, `subscription { hubModeChanged }`);
    const hsm = live(member, `subscription { hsmStatusChanged }`);
    try {
      let open = false;
      await within(10_000, async () => {
        open = !open;
        await physical("31", "contact", open ? "open" : "closed");
        await new Promise((r) => setTimeout(r, 100));
        return events.events.length > 0;
      });
      expect(events.events[0]!.data!.deviceEvent).toMatchObject({ name: "contact", source: "POST" });
      expect(["open", "closed"]).toContain(events.events[0]!.data!.deviceEvent.value);

      // The mode set through Homegraph is heard once, though the hub reports it back as well.
      const setMode = (name: string) =>
        stack.query(
          `mutation ($name: String!) { setHubMode(mode: $name) { mode } }`,
          { name },
          { authorization: admin },
        );
      let mode = "Evening";
      await within(10_000, async () => {
        mode = mode === "Evening" ? "Night" : "Evening";
        expect((await setMode(mode)).body.errors).toBeUndefined();
        await new Promise((r) => setTimeout(r, 100));
        return modes.events.length > 0;
      });
      const before = modes.events.length;
      const target = mode === "Evening" ? "Away" : "Evening";
      await setMode(target);
      await within(5000, () => modes.events.length > before);
      await hub().flushed();
      await new Promise((r) => setTimeout(r, 300));
      expect(modes.events.slice(before)).toEqual([{ data: { hubModeChanged: target } }]);

      await within(10_000, async () => {
        const res = await stack.query(
          `mutation { setHsm(value: armAway) { hsmStatus } }`,
          {},
          { authorization: admin },
        );
        expect(res.body.errors).toBeUndefined();
        await new Promise((r) => setTimeout(r, 100));
        if (hsm.events.length > 0) return true;
        await stack.query(`mutation { setHsm(value: disarm) { hsmStatus } }`, {}, { authorization: admin });
        return hsm.events.length > 0;
      });
      expect(["armedAway", "disarmed"]).toContain(hsm.events[0]!.data!.hsmStatusChanged);
    } finally {
      await Promise.all([events.dispose(), modes.dispose(), hsm.dispose()]);
    }
  });
});

describe("the alarm through the gateway", () => {
  it("delivers an HSM alert raised on the hub to hsmChanged, and its end", async () => {
    const sub = live(member, `subscription { hsmChanged { status alert { kind text } } }`);
    try {
      // The subscription is live once the gateway's upstream one reaches home: raise until heard.
      await within(10_000, async () => {
        if (sub.events.length > 0) return true;
        hub().hsmAlert("smoke", "Kitchen smoke detector");
        await new Promise((r) => setTimeout(r, 200));
        return sub.events.length > 0;
      });
      expect(sub.events[0]!.data!.hsmChanged.alert).toEqual({ kind: "smoke", text: "Kitchen smoke detector" });
      const read = await asMember(`{ hub { hsmAlert { kind text } } }`);
      expect(read.body.data!.hub.hsmAlert).toEqual({ kind: "smoke", text: "Kitchen smoke detector" });

      const heard = sub.events.length;
      const cancel = await stack.query(
        `mutation { setHsm(value: cancelAlerts) { hsmStatus } }`,
        {},
        { authorization: admin },
      );
      expect(cancel.body.errors).toBeUndefined();
      await within(5000, () => findFrom(sub, heard, (e) => e.data!.hsmChanged.alert === null) >= 0);
      expect(sub.errors).toEqual([]);
    } finally {
      await sub.dispose();
    }
  });
});

describe("commands through the gateway", () => {
  it("sends setLevel 50 to the hub as /setLevel/50, and the subscription then shows level 50", async () => {
    const dimmer = await idOf("12");
    const sub = live(member, DEVICE_UPDATED, { ids: [dimmer, await idOf("31")] });
    try {
      await warmUp(sub, "31");
      const before = deviceRequests().length;
      const from = sub.events.length;
      const { body } = await asMember(
        `mutation ($id: ID!) { sendDeviceCommand(deviceId: $id, command: "setLevel", args: [50]) { id } }`,
        { id: dimmer },
      );
      expect(body.errors).toBeUndefined();
      expect(deviceRequests().slice(before)).toEqual([
        `/apps/api/${hub().appId}/devices/12/setLevel/50?access_token=${hub().accessToken}`,
      ]);
      await within(5000, () => findFrom(sub, from, (e) => attr(e, "level") === 50) >= 0);
      const shown = sub.events[findFrom(sub, from, (e) => attr(e, "level") === 50)]!;
      expect(shown.data!.deviceUpdated.id).toBe(dimmer);
    } finally {
      await sub.dispose();
    }
  });

  it("refuses an unknown command with BAD_USER_INPUT and sends nothing to the hub", async () => {
    const dimmer = await idOf("12");
    const before = deviceRequests().length;
    const { body } = await asMember(
      `mutation ($id: ID!) { sendDeviceCommand(deviceId: $id, command: "selfDestruct", args: []) { id } }`,
      { id: dimmer },
    );
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    await hub().flushed();
    expect(deviceRequests().slice(before)).toEqual([]);
  });
});

describe("the hub goes away and comes back", () => {
  it("serves stale devices, refuses commands with UNAVAILABLE, and the open subscription carries on", async () => {
    const frontDoor = await idOf("31");
    const porch = await idOf("11");
    const sub = live(member, DEVICE_UPDATED, { ids: [frontDoor] });
    const hubState = async () => (await asMember(`{ hub { connected } }`)).body.data?.hub?.connected;
    try {
      await warmUp(sub, "31");
      await fetch(`${hub().url}/_sim/offline`, { method: "POST" });
      await within(10_000, async () => (await hubState()) === false);

      const devices = await asMember(`{ devices { id stale } }`);
      expect(devices.body.errors).toBeUndefined();
      expect(devices.body.data!.devices.length).toBeGreaterThan(10);
      expect(devices.body.data!.devices.every((d: { stale: boolean }) => d.stale)).toBe(true);
      const command = await asMember(`mutation ($id: ID!) { setSwitch(deviceId: $id, on: true) { id } }`, {
        id: porch,
      });
      expect(command.body.errors?.[0]?.extensions?.code).toBe("UNAVAILABLE");

      await fetch(`${hub().url}/_sim/online`, { method: "POST" });
      await within(10_000, async () => (await hubState()) === true);
      const from = sub.events.length;
      const current = attr(sub.events.at(-1), "contact");
      const next = current === "open" ? "closed" : "open";
      await physical("31", "contact", next);
      await within(5000, () => findFrom(sub, from, (e) => attr(e, "contact") === next) >= 0);
      expect(sub.events[findFrom(sub, from, (e) => attr(e, "contact") === next)]!.data!.deviceUpdated).toMatchObject({
        id: frontDoor,
        stale: false,
      });
      expect(sub.errors).toEqual([]);
    } finally {
      await fetch(`${hub().url}/_sim/online`, { method: "POST" });
      await sub.dispose();
    }
  });
});
