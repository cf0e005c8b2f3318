import type { SubgraphUnderTest } from "../../../test/support/subgraph";
import { within } from "../../../test/support/tokens";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import type { RunningHome } from "./app";
import { MEMBER, useHomeOnSimulator } from "./__tests__/home-on-simulator";

// What people beside the admins may not learn through the home service, even of devices they may
// see or control: a lock's codes and their holders' names, automations that name hidden devices,
// and how a guest confirms it's them. The member's or guest's token straight at the home
// subgraph, the hub simulator behind it over HTTP.

let home: SubgraphUnderTest;
let sim: RunningSimulator;
const { asMember, asAdmin, idOf, hubRequests, grantDevice } = useHomeOnSimulator(
  (running) => ({ home, sim } = running),
);

const LOCK = "71";
const GUEST = 9;
const asGuest = (authTimeSecondsAgo: number) => (query: string, variables?: Record<string, unknown>) =>
  home.query(query, variables, {
    authorization: home.tokens.bearer({
      sub: GUEST,
      role: "GUEST",
      claims: { auth_time: Math.floor(Date.now() / 1000) - authTimeSecondsAgo },
    }),
  });
const ROOM = `mutation ($u: ID!, $r: String!, $l: AccessLevel) { setRoomAccess(userId: $u, room: $r, level: $l) { id } }`;
const SEND = `mutation ($id: ID!, $c: String!, $a: [JSON!]) { sendDeviceCommand(deviceId: $id, command: $c, args: $a) { id } }`;

afterEach(async () => {
  await home.sql(
    `delete from home.access_grants; delete from home.guest_pass_access; delete from home.automations where name like 'privacy:%'`,
  );
  (home.service as RunningHome).services.accessControl.changed(null);
});

describe("lock codes are the admins'", () => {
  it("a member with CONTROL of the lock gets FORBIDDEN for setCode, deleteCode and getCodes; nothing reaches the hub", async () => {
    const lock = await idOf(LOCK);
    await grantDevice(MEMBER, LOCK, "CONTROL");
    const before = hubRequests().length;
    for (const [command, args] of [
      ["setCode", [12, "9753", "Sneaky"]],
      ["deleteCode", [1]],
      ["getCodes", []],
      ["SETCODE", [12, "9753", "Sneaky"]],
    ] as const) {
      const { body } = await asMember(SEND, { id: lock, c: command, a: args });
      expect({ command, code: body.errors?.[0]?.extensions?.code }).toEqual({ command, code: "FORBIDDEN" });
      expect(body.errors![0]!.message).toMatch(/only an admin/);
    }
    expect(hubRequests().slice(before)).toEqual([]);
    expect(sim.lockCodes(LOCK).codes["12"]).toBeUndefined();
    // The lock itself is hers to use.
    expect((await asMember(`mutation ($id: ID!) { lock(deviceId: $id) { id } }`, { id: lock })).body.errors).toBe(
      undefined,
    );
  });

  it("a member reading the lock sees no lockCodes nor lastCodeName, in attributes, events or history; the admin does", async () => {
    const lock = await idOf(LOCK);
    await grantDevice(MEMBER, LOCK, "CONTROL");
    // Family's code typed at the keypad: the lock reports lastCodeName "Family".
    expect(sim.keypad(LOCK, "1234")).toMatchObject({ unlocked: true, name: "Family" });
    const READ = `query ($id: ID!) { device(id: $id) { attributes { name value } } deviceEvents(deviceId: $id, limit: 500) { name value } }`;
    await within(5000, async () => {
      const { body } = await asAdmin(READ, { id: lock });
      return body.data!.device.attributes.some((a: any) => a.name === "lastCodeName" && a.value === "Family");
    });
    const admin = (await asAdmin(READ, { id: lock })).body.data!;
    expect(admin.device.attributes.map((a: any) => a.name)).toEqual(
      expect.arrayContaining(["lockCodes", "lastCodeName"]),
    );
    expect(admin.deviceEvents.map((e: any) => e.name)).toContain("lastCodeName");

    const { body } = await asMember(READ, { id: lock });
    expect(body.errors).toBeUndefined();
    const names = body.data!.device.attributes.map((a: any) => a.name);
    expect(names).toContain("lock");
    expect(names).not.toContain("lockCodes");
    expect(names).not.toContain("lastCodeName");
    const events = body.data!.deviceEvents.map((e: any) => e.name);
    expect(events).toContain("lock");
    for (const hidden of ["lockCodes", "lastCodeName", "setCode", "deleteCode", "getCodes"]) {
      expect(events).not.toContain(hidden);
    }
    expect(JSON.stringify(body)).not.toContain("Family");
    const history = await asMember(
      `query ($id: ID!, $from: DateTimeISO!) { deviceHistory(deviceId: $id, attribute: "lastCodeName", from: $from, resolution: RAW) { points { at } } }`,
      { id: lock, from: new Date(Date.now() - 3_600_000).toISOString() },
    );
    expect(history.body.errors).toBeUndefined();
    expect(history.body.data!.deviceHistory.points).toEqual([]);
  });
});

describe("automations a member may read", () => {
  it("only rules whose every device she may see, and her own; a hidden rule by id is NOT_FOUND", async () => {
    const [climate, lights] = [await idOf("52"), await idOf("15")];
    const CREATE = `mutation ($input: AutomationInput!) { createAutomation(input: $input) { id } }`;
    const make = async (name: string, watch: string, command: string) => {
      const { body } = await asAdmin(CREATE, {
        input: {
          name,
          trigger: { type: "attribute", deviceId: watch, attribute: "switch", becomes: "on" },
          actions: [{ type: "command", deviceId: command, command: "off" }],
        },
      });
      expect(body.errors).toBeUndefined();
      return body.data!.createAutomation.id as string;
    };
    const bedroom = await make("privacy: bedroom heat", climate, lights);
    const kitchen = await make("privacy: kitchen only", lights, lights);
    const [own] = await home.sql(
      `insert into home.automations (name, trigger, conditions, actions, created_by_user_id)
       values ('privacy: her own', $1, '[]', $2, $3) returning id`,
      [
        JSON.stringify({ type: "attribute", deviceId: Number(climate), attribute: "temperature", above: 25 }),
        JSON.stringify([{ type: "command", deviceId: Number(lights), command: "on" }]),
        MEMBER,
      ],
    );
    expect((await asAdmin(ROOM, { u: String(MEMBER), r: "Bedroom", l: "NONE" })).body.errors).toBeUndefined();

    const LIST = `{ automations { id name } }`;
    const names = (r: any) =>
      r.body.data!.automations.map((a: any) => a.name).filter((n: string) => n.startsWith("privacy:"));
    expect(names(await asMember(LIST)).sort()).toEqual(["privacy: her own", "privacy: kitchen only"]);
    expect(names(await asAdmin(LIST)).sort()).toEqual([
      "privacy: bedroom heat",
      "privacy: her own",
      "privacy: kitchen only",
    ]);
    const ONE = `query ($id: ID!) { automation(id: $id) { name } }`;
    const hidden = await asMember(ONE, { id: bedroom });
    const missing = await asMember(ONE, { id: "987654" });
    expect(hidden.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(hidden.body.errors![0]!.message.replace(bedroom, "X")).toBe(
      missing.body.errors![0]!.message.replace("987654", "X"),
    );
    expect((await asMember(ONE, { id: kitchen })).body.data!.automation.name).toBe("privacy: kitchen only");
    expect((await asMember(ONE, { id: String(own!.id) })).body.data!.automation.name).toBe("privacy: her own");

    // Back to the default: the bedroom's rule is hers to read again.
    await asAdmin(ROOM, { u: String(MEMBER), r: "Bedroom", l: null });
    expect(names(await asMember(LIST))).toContain("privacy: bedroom heat");
  });
});

describe("a guest pass's code and its grants", () => {
  it("commit together: a code the lock refuses leaves no grants; revoking ends both", async () => {
    const lock = await idOf(LOCK);
    const APPLY = `mutation ($input: GuestPassAccessInput!) { applyGuestPassAccess(input: $input) }`;
    const input = (passId: string, name: string) => ({
      passId,
      guestUserId: String(GUEST),
      validFrom: new Date(Date.now() - 60_000).toISOString(),
      validUntil: new Date(Date.now() + 3_600_000).toISOString(),
      rooms: [{ room: "Kitchen", level: "VIEW" }],
      devices: [{ deviceId: lock, level: "CONTROL" }],
      lockCode: { deviceId: lock, code: "8642", name },
    });
    // A name the lock cannot store (a comma): refused with the lock-code service's reason, nothing granted.
    const refused = await asAdmin(APPLY, { input: input("privacy-refused", "Smith, Jo") });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "LOCK_CODE_NAME" });
    expect(await home.sql(`select * from home.access_grants where pass_id = 'privacy-refused'`)).toEqual([]);
    expect(await home.sql(`select * from home.guest_pass_access where pass_id = 'privacy-refused'`)).toEqual([]);

    expect((await asAdmin(APPLY, { input: input("privacy-ok", "Jo") })).body.errors).toBeUndefined();
    await within(5000, () => Object.values(sim.lockCodes(LOCK).codes).some((c) => c.code === "8642"));
    await within(5000, async () => {
      const [row] = await home.sql(`select state from home.lock_codes where ref = 'pass:privacy-ok'`);
      return row?.state === "active";
    });
    const revoked = await asAdmin(`mutation { revokeGuestPassAccess(passId: "privacy-ok") }`);
    expect(revoked.body.errors).toBeUndefined();
    expect(await home.sql(`select * from home.access_grants where pass_id = 'privacy-ok'`)).toEqual([]);
    await within(5000, () => !Object.values(sim.lockCodes(LOCK).codes).some((c) => c.code === "8642"));
  });
});

describe("a guest confirming it's them", () => {
  it("unlocks within 5 minutes of opening the pass link; later STEP_UP_REQUIRED says to open it again", async () => {
    const lock = await idOf(LOCK);
    const applied = await asAdmin(`mutation ($input: GuestPassAccessInput!) { applyGuestPassAccess(input: $input) }`, {
      input: {
        passId: "privacy-pass",
        guestUserId: String(GUEST),
        validFrom: new Date(Date.now() - 60_000).toISOString(),
        validUntil: new Date(Date.now() + 3_600_000).toISOString(),
        devices: [{ deviceId: lock, level: "CONTROL" }],
      },
    });
    expect(applied.body.errors).toBeUndefined();
    const UNLOCK = `mutation ($id: ID!) { unlock(deviceId: $id) { id } }`;
    expect((await asGuest(60)(UNLOCK, { id: lock })).body.errors).toBeUndefined();

    const late = await asGuest(301)(UNLOCK, { id: lock });
    expect(late.body.errors?.[0]?.extensions).toEqual({
      code: "STEP_UP_REQUIRED",
      maxAgeSeconds: 300,
      stepUpBy: "PASS_LINK",
    });
    expect(late.body.errors![0]!.message).toMatch(/open your guest pass link again/);
    // A member's refusal still asks for a factor, with no pass link in it.
    const member = await home.query(
      UNLOCK,
      { id: lock },
      {
        authorization: home.tokens.bearer({ sub: MEMBER, claims: { auth_time: Math.floor(Date.now() / 1000) - 301 } }),
      },
    );
    expect(member.body.errors?.[0]?.extensions).toEqual({ code: "STEP_UP_REQUIRED", maxAgeSeconds: 300 });
  });
});
