import { createClient } from "graphql-ws";
import WebSocket from "ws";
import type { SubgraphUnderTest } from "../../../test/support/subgraph";
import { within } from "../../../test/support/tokens";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import type { RunningHome } from "./app";
import { ADMIN, MEMBER, useHomeOnSimulator } from "./__tests__/home-on-simulator";

// The alarm (HSM) and the hub's mode as per-person secure capabilities (docs/access.md): a member
// needs a CONTROL grant of their own to arm, disarm or change the mode; without VIEW the state is
// hidden and the live streams stay silent; an automation sets the mode only with its owner's grant.

let sim: RunningSimulator;
let home: SubgraphUnderTest;
const { asMember, asAdmin } = useHomeOnSimulator((running) => ({ sim, home } = running));

const GRANT = `mutation ($u: ID!, $c: SecureCapability!, $l: AccessLevel) { setCapabilityAccess(userId: $u, capability: $c, level: $l) { id } }`;
const DEFAULTS = `mutation ($s: AccessLevel!) { setRoleAccessDefaults(role: MEMBER, ordinary: CONTROL, secure: $s) { role } }`;
const HUB = `{ hub { mode modes { name } hsmStatus hsmAlert { kind } hsmArmingSince myAccess { hsm mode } } }`;
const ARM = `mutation { setHsm(value: armHome) { hsmStatus } }`;
const DISARM = `mutation { setHsm(value: disarm) { hsmStatus } }`;
const MODE = `mutation ($m: String!) { setHubMode(mode: $m) { mode } }`;
const STALE_AUTH = { auth_time: Math.floor(Date.now() / 1000) - 3600 };

async function grant(capability: "HSM" | "MODE", level: string | null, userId = MEMBER) {
  const { body } = await asAdmin(GRANT, { u: String(userId), c: capability, l: level });
  if (body.errors) throw new Error(`setCapabilityAccess failed: ${JSON.stringify(body.errors)}`);
}

/** The Maker API calls that arm, disarm or change the mode (not the periodic reads of `/modes` and `/hsm`). */
const alarmAndModeCalls = () => sim.requests.map((r) => r.url).filter((u) => /\/(hsm\/[a-zA-Z]+|modes\/\d+)/.test(u));

const hubAs = async (ask: typeof asMember) => {
  const { body } = await ask(HUB);
  expect(body.errors).toBeUndefined();
  return body.data!.hub;
};

/** A mode other than the one the hub is in now. */
const anotherMode = async () => {
  const hub = await hubAs(asAdmin);
  return (hub.modes as { name: string }[]).map((m) => m.name).find((m) => m !== hub.mode)!;
};

afterEach(async () => {
  await home.sql(`delete from home.access_grants; delete from home.access_role_defaults; delete from home.automations`);
  (home.service as RunningHome).services.accessControl.changed(null);
  const { body } = await asAdmin(DISARM);
  expect(body.errors).toBeUndefined();
});

describe("arming, disarming and the mode need CONTROL", () => {
  it("a member without a grant is FORBIDDEN naming the capability, and nothing reaches the hub", async () => {
    const before = alarmAndModeCalls().length;
    const arm = await asMember(ARM);
    expect(arm.body.errors?.[0]?.extensions).toEqual({
      code: "FORBIDDEN",
      requiredAccess: "CONTROL",
      capability: "HSM",
    });
    expect(arm.body.errors![0]!.message).toMatch(/alarm .*CONTROL grant/);
    const mode = await asMember(MODE, { m: await anotherMode() });
    expect(mode.body.errors?.[0]?.extensions).toEqual({
      code: "FORBIDDEN",
      requiredAccess: "CONTROL",
      capability: "MODE",
    });
    // A disarm without a recent factor is asked for one first, as an unlock is.
    const disarm = await home.query(DISARM, undefined, {
      authorization: home.tokens.bearer({ sub: MEMBER, claims: STALE_AUTH }),
    });
    expect(disarm.body.errors?.[0]?.extensions?.code).toBe("STEP_UP_REQUIRED");
    expect(alarmAndModeCalls().length).toBe(before);
    // Seeing is the member's default (the role's secure default: VIEW).
    expect((await hubAs(asMember)).myAccess).toEqual({ hsm: "VIEW", mode: "VIEW" });
    expect((await hubAs(asMember)).hsmStatus).toBe("disarmed");
  });

  it("with CONTROL of HSM she arms, and disarming still asks for a step-up", async () => {
    await grant("HSM", "CONTROL");
    expect((await hubAs(asMember)).myAccess).toEqual({ hsm: "CONTROL", mode: "VIEW" });
    const armed = await asMember(ARM);
    expect(armed.body.errors).toBeUndefined();
    expect(armed.body.data!.setHsm.hsmStatus).toMatch(/^(armingHome|armedHome)$/);
    expect(alarmAndModeCalls().some((u) => u.includes("/hsm/armHome"))).toBe(true);

    const stale = await home.query(DISARM, undefined, {
      authorization: home.tokens.bearer({ sub: MEMBER, claims: STALE_AUTH }),
    });
    expect(stale.body.errors?.[0]?.extensions?.code).toBe("STEP_UP_REQUIRED");
    const disarmed = await asMember(DISARM);
    expect(disarmed.body.errors).toBeUndefined();
    await within(5000, async () => (await hubAs(asMember)).hsmStatus === "disarmed");

    // The mode is a grant of its own.
    const mode = await asMember(MODE, { m: await anotherMode() });
    expect(mode.body.errors?.[0]?.extensions?.capability).toBe("MODE");
    await grant("MODE", "CONTROL");
    const target = await anotherMode();
    const changed = await asMember(MODE, { m: target });
    expect(changed.body.errors).toBeUndefined();
    expect(changed.body.data!.setHubMode.mode).toBe(target);
  });

  it("granting CONTROL needs the admin's step-up; only admins grant; a role's default stops at VIEW", async () => {
    const stale = await home.query(
      GRANT,
      { u: String(MEMBER), c: "HSM", l: "CONTROL" },
      { authorization: home.tokens.bearer({ sub: ADMIN, role: "ADMIN", claims: STALE_AUTH }) },
    );
    expect(stale.body.errors?.[0]?.extensions?.code).toBe("STEP_UP_REQUIRED");
    const byMember = await asMember(GRANT, { u: String(MEMBER), c: "HSM", l: "VIEW" });
    expect(byMember.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const tooMuch = await asAdmin(DEFAULTS, { s: "CONTROL" });
    expect(tooMuch.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "secure" });
    expect(await home.sql(`select * from home.access_grants`)).toEqual([]);

    await grant("MODE", "CONTROL");
    const { body } = await asMember(
      `{ me: _entities(representations: [{ __typename: "User", id: "${MEMBER}", role: MEMBER }]) { ... on User { homeAccess { capabilities { capability level source granted } } } } }`,
    );
    expect(body.data!.me[0].homeAccess.capabilities).toEqual([
      { capability: "HSM", level: "VIEW", source: "ROLE_DEFAULT", granted: null },
      { capability: "MODE", level: "CONTROL", source: "CAPABILITY_GRANT", granted: "CONTROL" },
    ]);
    await grant("MODE", null);
    expect((await hubAs(asMember)).myAccess.mode).toBe("VIEW");
  });
});

describe("NONE hides the alarm and the mode", () => {
  it("hub fields are null, hsmHistory is FORBIDDEN, and live streams carry nothing while the admin's do", async () => {
    await grant("HSM", "NONE");
    const hub = await hubAs(asMember);
    expect(hub).toMatchObject({ hsmStatus: null, hsmAlert: null, hsmArmingSince: null, myAccess: { hsm: "NONE" } });
    expect(hub.mode).not.toBeNull();
    const history = await asMember(`{ hsmHistory { kind } }`);
    expect(history.body.errors?.[0]?.extensions).toEqual({
      code: "FORBIDDEN",
      requiredAccess: "VIEW",
      capability: "HSM",
    });

    await asAdmin(DEFAULTS, { s: "NONE" });
    (home.service as RunningHome).services.accessControl.changed(null);
    const hidden = await hubAs(asMember);
    expect(hidden).toMatchObject({ mode: null, modes: [], myAccess: { hsm: "NONE", mode: "NONE" } });
    // An explicit grant wins over the role's default.
    await grant("HSM", "VIEW");
    expect((await hubAs(asMember)).hsmStatus).toBe("disarmed");
    await grant("HSM", "NONE");

    const member = live(MEMBER, "MEMBER");
    const admin = live(ADMIN, "ADMIN");
    try {
      // Until the admin's stream hears the change, the subscriptions may not be open yet: change again.
      await within(15_000, async () => {
        const { body } = await asAdmin(MODE, { m: await anotherMode() });
        expect(body.errors).toBeUndefined();
        await new Promise((r) => setTimeout(r, 200));
        return admin.events.some((e) => e.hubModeChanged);
      });
      await asAdmin(ARM);
      await within(
        10_000,
        () => admin.events.some((e) => e.hsmStatusChanged) && admin.events.some((e) => e.hsmChanged),
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(member.events).toEqual([]);
    } finally {
      await Promise.all([member.dispose(), admin.dispose()]);
    }
  });
});

describe("automations act with their owner's grant of the mode", () => {
  it("a member's rule setting the mode does not run without MODE CONTROL, and runs with it", async () => {
    // Auth's directory, as the automation engine asks it: who is a member, who an admin.
    const people = (home.service as RunningHome).services.people!;
    people.roles = async () =>
      new Map([
        [ADMIN, "ADMIN"],
        [MEMBER, "MEMBER"],
      ]);
    const [kitchen] = await home.sql(`select id from home.devices where hub_device_id = '15' and hub = 'main'`);
    const start = (await hubAs(asAdmin)).mode as string;
    const target = await anotherMode();
    const [rule] = await home.sql(
      `insert into home.automations (name, enabled, trigger, conditions, actions, created_by_user_id)
       values ('Evening lights set the mode', true, $1, '[]', $2, $3) returning id`,
      [
        JSON.stringify({ type: "attribute", deviceId: kitchen!.id, attribute: "switch", becomes: "on" }),
        JSON.stringify([{ type: "setMode", mode: target }]),
        MEMBER,
      ],
    );
    const modeCalls = alarmAndModeCalls().length;
    const fired = async () =>
      (await home.sql(`select last_fired_at from home.automations where id = $1`, [rule!.id]))[0]!.last_fired_at;

    sim.physical("15", "switch", "off");
    await sim.flushed();
    sim.physical("15", "switch", "on");
    await within(10_000, async () => !!(await fired()));
    await new Promise((r) => setTimeout(r, 300));
    expect((await hubAs(asAdmin)).mode).toBe(start);
    expect(alarmAndModeCalls().length).toBe(modeCalls);

    await grant("MODE", "CONTROL");
    sim.physical("15", "switch", "off");
    await sim.flushed();
    sim.physical("15", "switch", "on");
    await within(10_000, async () => (await hubAs(asAdmin)).mode === target);
  });
});

/** A subscriber of the mode and the alarm on the home service's own graphql-ws endpoint. */
function live(userId: number, role: "ADMIN" | "MEMBER") {
  const client = createClient({
    url: `${home.service.url.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: home.tokens.bearer({ sub: userId, role }) },
    retryAttempts: 0,
  });
  const events: Record<string, any>[] = [];
  const sink = {
    next: (v: { data?: unknown }) => void events.push(v.data as never),
    error: () => {},
    complete: () => {},
  };
  const stops = [
    client.subscribe({ query: `subscription { hubModeChanged }` }, sink),
    client.subscribe({ query: `subscription { hsmStatusChanged }` }, sink),
    client.subscribe({ query: `subscription { hsmChanged { status } }` }, sink),
  ];
  return {
    events,
    dispose: async () => {
      for (const stop of stops) stop();
      await client.dispose();
    },
  };
}
