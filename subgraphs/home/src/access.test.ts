import type { SubgraphUnderTest } from "../../../test/support/subgraph";
import type { RunningHome } from "./app";
import { MEMBER, useHomeOnSimulator } from "./__tests__/home-on-simulator";
import type { LockCodePort, LockCodeSchedule } from "./services/access.service";

// Who may see and control what, enforced by the home service itself (docs/access.md): the
// member's token straight at the home subgraph, the hub simulator behind it over HTTP.

let home: SubgraphUnderTest;
const { asMember, asAdmin, idOf, hubRequests, grantDevice } = useHomeOnSimulator((running) => ({ home } = running));

const GUEST = 9;
const asGuest = (query: string, variables?: Record<string, unknown>) =>
  home.query(query, variables, { authorization: home.tokens.bearer({ sub: GUEST, role: "GUEST" }) });
const asService = (service: string) => (query: string, variables?: Record<string, unknown>) =>
  home.query(query, variables, { authorization: home.tokens.bearer({ sub: `service:${service}`, role: "SERVICE" }) });

const ROOM = `mutation ($u: ID!, $r: String!, $l: AccessLevel) { setRoomAccess(userId: $u, room: $r, level: $l) { id } }`;
const DEFAULTS = `mutation ($r: Role!, $o: AccessLevel!, $s: AccessLevel!) { setRoleAccessDefaults(role: $r, ordinary: $o, secure: $s) { role ordinary secure } }`;
const APPLY = `mutation ($input: GuestPassAccessInput!) { applyGuestPassAccess(input: $input) }`;
const REVOKE = `mutation ($p: ID!) { revokeGuestPassAccess(passId: $p) }`;
const labels = async (ask: typeof asMember) => {
  const { body } = await ask(`{ devices { label room } }`);
  expect(body.errors).toBeUndefined();
  return (body.data!.devices as { label: string }[]).map((d) => d.label);
};
const room = (level: string | null, r = "Bedroom", u = MEMBER) => asAdmin(ROOM, { u: String(u), r, l: level });

afterEach(async () => {
  await home.sql(
    `delete from home.access_grants; delete from home.access_role_defaults; delete from home.guest_pass_access`,
  );
  (home.service as RunningHome).services.accessControl.changed(null);
});

describe("a member's access to devices", () => {
  it("NONE on a room hides its devices everywhere, and by id answers exactly as for no device", async () => {
    const climate = await idOf("52");
    expect(await labels(asMember)).toContain("Bedroom Climate");
    expect((await room("NONE")).body.errors).toBeUndefined();

    const seen = await labels(asMember);
    expect(seen).not.toContain("Bedroom Climate");
    expect(seen).not.toContain("Bedside Button");
    expect(seen).toContain("Kitchen Lights");
    expect(await labels(asAdmin)).toContain("Bedroom Climate");
    const rooms = await asMember(`{ rooms { name deviceCount devices { label } } }`);
    expect(rooms.body.data!.rooms.map((r: { name: string }) => r.name)).not.toContain("Bedroom");
    // Each room counts the devices the member sees in it, and none is listed empty.
    for (const r of rooms.body.data!.rooms as { deviceCount: number; devices: unknown[] }[]) {
      expect(r.deviceCount).toBe(r.devices.length);
      expect(r.deviceCount).toBeGreaterThan(0);
    }

    const hidden = await asMember(`query ($id: ID!) { device(id: $id) { label } }`, { id: climate });
    const missing = await asMember(`query ($id: ID!) { device(id: $id) { label } }`, { id: "424242" });
    expect(hidden.body.data).toEqual({ device: null });
    expect(hidden.body.errors?.[0]?.extensions).toEqual({ code: "NOT_FOUND" });
    expect(hidden.body.errors![0]!.message.replace(climate, "X")).toBe(
      missing.body.errors![0]!.message.replace("424242", "X"),
    );
    for (const q of [
      `query ($id: ID!) { deviceEvents(deviceId: $id) { id } }`,
      `query ($id: ID!) { deviceHistory(deviceId: $id, attribute: "temperature", from: "2020-01-01T00:00:00Z") { unit } }`,
      `mutation ($id: ID!) { setFavoriteDevice(id: $id, favorite: true) { id } }`,
      `mutation ($id: ID!) { sendDeviceCommand(deviceId: $id, command: "refresh") { id } }`,
    ]) {
      const { body } = await asMember(q, { id: climate });
      expect({ q, code: body.errors?.[0]?.extensions?.code }).toEqual({ q, code: "NOT_FOUND" });
    }

    // A device new in the room follows the room: resolution is computed, not copied.
    await home.sql(
      `insert into home.devices (hub_device_id, hub, label, room, capabilities, attributes, commands)
       values ('9001', 'main', 'New Bedroom Lamp', 'Bedroom', '["Switch"]', '[]', '[]')`,
    );
    try {
      expect(await labels(asMember)).not.toContain("New Bedroom Lamp");
      expect(await labels(asAdmin)).toContain("New Bedroom Lamp");
    } finally {
      await home.sql(`delete from home.devices where hub_device_id = '9001'`);
    }
  });

  it("a lock needs its own CONTROL grant: FORBIDDEN naming it, nothing reaches the hub, then it works", async () => {
    const lock = await idOf("71");
    const before = hubRequests().length;
    const refused = await asMember(`mutation ($id: ID!) { unlock(deviceId: $id) { id } }`, { id: lock });
    expect(refused.body.errors?.[0]?.extensions).toEqual({
      code: "FORBIDDEN",
      requiredAccess: "CONTROL",
      deviceId: lock,
    });
    expect(refused.body.errors![0]!.message).toMatch(/Front Door Lock .*CONTROL grant/);
    // Seeing it is still fine (VIEW of secure devices is a member's default).
    expect(await labels(asMember)).toContain("Front Door Lock");
    // A room's CONTROL is not enough for a secure device.
    await room("CONTROL", "Entrance");
    const still = await asMember(`mutation ($id: ID!) { lock(deviceId: $id) { id } }`, { id: lock });
    expect(still.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(hubRequests().length).toBe(before);

    await grantDevice(MEMBER, "71", "CONTROL");
    const ok = await asMember(`mutation ($id: ID!) { lock(deviceId: $id) { id } }`, { id: lock });
    expect(ok.body.errors).toBeUndefined();
    const access = await asMember(
      `{ me: _entities(representations: [{ __typename: "User", id: "${MEMBER}", role: MEMBER }]) { ... on User { homeAccess { devices { device { label } level secure source } } } } }`,
    );
    const mine = access.body.data!.me[0].homeAccess.devices.find(
      (d: { device: { label: string } }) => d.device.label === "Front Door Lock",
    );
    expect(mine).toEqual({
      device: { label: "Front Door Lock" },
      level: "CONTROL",
      secure: true,
      source: "DEVICE_GRANT",
    });
  });

  it("device grant over room grant over role default; VIEW refuses commands", async () => {
    const fan = await idOf("22");
    await room("VIEW", "Office");
    const viewOnly = await asMember(`mutation ($id: ID!) { setSwitch(deviceId: $id, on: true) { id } }`, { id: fan });
    expect(viewOnly.body.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", requiredAccess: "CONTROL" });
    await grantDevice(MEMBER, "22", "CONTROL");
    expect(
      (await asMember(`mutation ($id: ID!) { setSwitch(deviceId: $id, on: false) { id } }`, { id: fan })).body.errors,
    ).toBeUndefined();
    await grantDevice(MEMBER, "22", "NONE");
    expect(await labels(asMember)).not.toContain("Desk Fan");
  });

  it("Device.myAccess tells the caller VIEW or CONTROL, so the app greys out what it cannot send", async () => {
    const [fan, lock] = [await idOf("22"), await idOf("71")];
    const mine = async (ask: typeof asMember, id: string) => {
      const { body } = await ask(`query ($id: ID!) { device(id: $id) { myAccess } }`, { id });
      expect(body.errors).toBeUndefined();
      return body.data!.device.myAccess as string;
    };
    expect(await mine(asMember, fan)).toBe("CONTROL");
    expect(await mine(asMember, lock)).toBe("VIEW");
    expect(await mine(asAdmin, lock)).toBe("CONTROL");
    await room("VIEW", "Office");
    expect(await mine(asMember, fan)).toBe("VIEW");
    const { body } = await asMember(`{ devices { label myAccess } }`);
    const listed = body.data!.devices as { label: string; myAccess: string }[];
    expect(listed.find((d) => d.label === "Desk Fan")?.myAccess).toBe("VIEW");
    expect(listed.find((d) => d.label === "Kitchen Lights")?.myAccess).toBe("CONTROL");
  });

  it("role defaults, set by an admin, apply where nobody granted anything", async () => {
    const kitchen = await idOf("15");
    const set = await asAdmin(DEFAULTS, { r: "MEMBER", o: "VIEW", s: "NONE" });
    expect(set.body.data!.setRoleAccessDefaults).toEqual({ role: "MEMBER", ordinary: "VIEW", secure: "NONE" });
    expect(await labels(asMember)).not.toContain("Front Door Lock");
    const refused = await asMember(`mutation ($id: ID!) { setSwitch(deviceId: $id, on: true) { id } }`, {
      id: kitchen,
    });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const tooMuch = await asAdmin(DEFAULTS, { r: "MEMBER", o: "CONTROL", s: "CONTROL" });
    expect(tooMuch.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "secure" });
    const byMember = await asMember(DEFAULTS, { r: "MEMBER", o: "CONTROL", s: "VIEW" });
    expect(byMember.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const matrix = await asAdmin(
      `{ accessMatrix { roleDefaults { role ordinary secure } rooms { name devices { device { label } secure } } } }`,
    );
    expect(matrix.body.data!.accessMatrix.roleDefaults).toEqual([
      { role: "MEMBER", ordinary: "VIEW", secure: "NONE" },
      { role: "GUEST", ordinary: "NONE", secure: "NONE" },
    ]);
    const entrance = matrix.body.data!.accessMatrix.rooms.find((r: { name: string }) => r.name === "Entrance");
    expect(entrance.devices).toContainEqual({ device: { label: "Front Door Lock" }, secure: true });
  });
});

describe("guest passes", () => {
  const scheduled: LockCodeSchedule[] = [];
  const cancelled: string[] = [];
  beforeAll(() => {
    const port: LockCodePort = {
      schedule: async (_em, s) => void scheduled.push(s),
      cancel: async (_em, passId) => void cancelled.push(passId),
    };
    (home.service as RunningHome).services.accessControl.lockCodes = port;
  });

  const pass = async (over: Record<string, unknown> = {}) => ({
    passId: "pass-1",
    guestUserId: String(GUEST),
    validFrom: new Date(Date.now() - 60_000).toISOString(),
    validUntil: new Date(Date.now() + 3_600_000).toISOString(),
    rooms: [{ room: "Living Room", level: "CONTROL" }],
    devices: [{ deviceId: await idOf("71"), level: "CONTROL" }],
    lockCode: { deviceId: await idOf("71"), code: "4321", name: "Guest" },
    ...over,
  });

  it("the auth service applies a pass: the guest sees only it, within its window; revoking ends it", async () => {
    expect(await labels(asGuest)).toEqual([]);
    const future = await pass({
      validFrom: new Date(Date.now() + 3_600_000).toISOString(),
      validUntil: new Date(Date.now() + 7_200_000).toISOString(),
    });
    expect((await asService("auth")(APPLY, { input: future })).body.data).toEqual({ applyGuestPassAccess: true });
    expect(await labels(asGuest)).toEqual([]);

    const now = await pass();
    expect((await asService("auth")(APPLY, { input: now })).body.data).toEqual({ applyGuestPassAccess: true });
    // Applying again is harmless: the same grants, not twice.
    expect((await asService("auth")(APPLY, { input: now })).body.errors).toBeUndefined();
    expect((await home.sql(`select count(*)::int as n from home.access_grants where pass_id = 'pass-1'`))[0]!.n).toBe(
      2,
    );
    expect((await labels(asGuest)).sort()).toEqual([
      "Front Door Lock",
      "Living Room Color Bulb",
      "Living Room Motion",
      "Living Room Shade",
    ]);
    expect(scheduled.at(-1)).toMatchObject({ passId: "pass-1", guestUserId: GUEST, code: "4321", name: "Guest" });
    expect(JSON.stringify(await home.sql(`select * from home.guest_pass_access`))).not.toContain("4321");
    const bulb = await idOf("14");
    expect(
      (await asGuest(`mutation ($id: ID!) { setSwitch(deviceId: $id, on: true) { id } }`, { id: bulb })).body.errors,
    ).toBeUndefined();
    const own = await asGuest(
      `{ me: _entities(representations: [{ __typename: "User", id: "${GUEST}", role: GUEST }]) { ... on User { homeAccess { validUntil devices { device { label } } } } } }`,
    );
    expect(own.body.data!.me[0].homeAccess.devices).toHaveLength(4);
    // Nothing of the household's own: the hub, automations, other people's access.
    for (const q of [
      `{ hub { mode } }`,
      `{ automations { id } }`,
      `{ hsmHistory { kind } }`,
      `{ accessMatrix { people { id } } }`,
    ]) {
      expect({ q, code: (await asGuest(q)).body.errors?.[0]?.extensions?.code }).toEqual({ q, code: "FORBIDDEN" });
    }
    const other = await asGuest(
      `{ u: _entities(representations: [{ __typename: "User", id: "${MEMBER}", role: MEMBER }]) { ... on User { homeAccess { role } } } }`,
    );
    expect(other.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    expect((await asService("auth")(REVOKE, { p: "pass-1" })).body.data).toEqual({ revokeGuestPassAccess: true });
    expect((await asService("auth")(REVOKE, { p: "pass-1" })).body.data).toEqual({ revokeGuestPassAccess: true });
    expect(cancelled).toContain("pass-1");
    expect(await labels(asGuest)).toEqual([]);
    const again = await asService("auth")(APPLY, { input: now });
    expect(again.body.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });

  it("only auth's service token or an admin applies passes; the lock code is checked", async () => {
    const input = await pass({ passId: "pass-2" });
    for (const [who, ask] of [
      ["email service", asService("email")],
      ["member", asMember],
      ["guest", asGuest],
    ] as const) {
      const { body } = await ask(APPLY, { input });
      expect({ who, code: body.errors?.[0]?.extensions?.code }).toEqual({ who, code: "FORBIDDEN" });
    }
    expect((await home.query(APPLY, { input })).body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const lock = await idOf("71");
    const bad = [
      { lockCode: { deviceId: lock, code: "12", name: "Guest" } },
      { lockCode: { deviceId: lock, code: "12ab", name: "Guest" } },
      { lockCode: { deviceId: await idOf("14"), code: "1234", name: "Guest" } },
      { devices: [{ deviceId: lock, level: "VIEW" }] },
      { validUntil: new Date(Date.now() - 120_000).toISOString() },
    ];
    for (const over of bad) {
      const { body } = await asAdmin(APPLY, { input: { ...input, ...over } });
      expect({ over, code: body.errors?.[0]?.extensions?.code }).toEqual({ over, code: "BAD_USER_INPUT" });
    }
    expect(await home.sql(`select * from home.access_grants`)).toEqual([]);
    expect((await asAdmin(APPLY, { input })).body.errors).toBeUndefined();
  });
});
