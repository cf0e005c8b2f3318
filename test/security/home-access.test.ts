/**
 * Per-person access to the home under attack (docs/access.md): a member reaching for a device she
 * has no grant on, by id, through the gateway and straight at the home subgraph, over HTTP and
 * WebSocket; and a guest's token on the admin's mutations.
 */
import { attackLog, codeOf } from "../support/attacks";
import { deviceIdOf, physicalChange } from "../support/home";
import { connectLive, liveOperation, type LiveOperation } from "../support/live";
import { postGraphQL, startStack, type Stack } from "../support/stack";
import { within } from "../support/tokens";

const log = attackLog("home-access");
let stack: Stack;
let mia: string;
let guest: string;
let miaId: number;
let bedroom: string;
let lock: string;

const READ = `query ($id: ID!) { device(id: $id) { label attributes { name value } } }`;
const UNLOCK = `mutation ($id: ID!) { unlock(deviceId: $id) { id } }`;
const SWITCH = `mutation ($id: ID!) { sendDeviceCommand(deviceId: $id, command: "refresh") { id } }`;

beforeAll(async () => {
  stack = await startStack({ hub: true });
  await within(15_000, async () => (await stack.sql(`select connected from home.hub_state`))[0]?.connected === true);
  await stack.addUser({ email: "ava@example.com", password: "correct horse battery", role: "ADMIN" });
  miaId = await stack.addUser({ email: "mia@example.com", password: "correct horse battery" });
  await stack.addUser({ email: "gus@example.com", password: "correct horse battery", role: "GUEST" });
  const admin = (await stack.signIn("ava@example.com", "correct horse battery")).authorization;
  mia = (await stack.signIn("mia@example.com", "correct horse battery")).authorization;
  guest = (await stack.signIn("gus@example.com", "correct horse battery")).authorization;
  [bedroom, lock] = [await deviceIdOf(stack, "52"), await deviceIdOf(stack, "71")];
  const none = await stack.query(
    `mutation ($u: ID!) { setRoomAccess(userId: $u, room: "Bedroom", level: NONE) { id } }`,
    { u: String(miaId) },
    { authorization: admin },
  );
  expect(none.body.errors).toBeUndefined();
});
afterAll(async () => {
  log.finish();
  await stack?.stop();
});

/** One operation over graphql-ws, its first answer. */
async function overSocket(url: string, query: string, variables: Record<string, unknown>) {
  const socket = connectLive(url, mia);
  const op = liveOperation(socket, query, variables);
  try {
    await within(5000, () => op.completed || op.events.length > 0 || op.error !== undefined);
    return { errors: op.events[0]?.errors as { extensions?: Record<string, unknown> }[] | undefined };
  } finally {
    op.dispose();
    await socket.client.dispose();
  }
}

describe("a member without a grant, by device id", () => {
  const targets = () => [
    { where: "gateway", url: stack.gateway.url },
    { where: "home subgraph", url: stack.home.url },
  ];

  it("over HTTP: reading is NOT_FOUND, commanding FORBIDDEN (may see) or NOT_FOUND (may not)", async () => {
    for (const { where, url } of targets()) {
      const headers = { authorization: mia };
      const read = await postGraphQL(url, READ, { id: bedroom }, headers);
      log.refused(
        "member reads a device of a room she has NONE on (HTTP)",
        `${where}: device(id)`,
        "NOT_FOUND",
        codeOf(read.body),
      );
      const command = await postGraphQL(url, SWITCH, { id: bedroom }, headers);
      log.refused(
        "member commands a device she has NONE on (HTTP)",
        `${where}: sendDeviceCommand`,
        "NOT_FOUND",
        codeOf(command.body),
      );
      const unlock = await postGraphQL(url, UNLOCK, { id: lock }, headers);
      log.refused(
        "member unlocks a lock without a CONTROL grant (HTTP)",
        `${where}: unlock`,
        "FORBIDDEN",
        codeOf(unlock.body),
      );
      // The alarm and the mode are secure capabilities: a member needs a CONTROL grant of her own.
      const arm = await postGraphQL(url, `mutation { setHsm(value: armAway) { hsmStatus } }`, {}, headers);
      log.refused(
        "member arms the alarm without a CONTROL grant of HSM (HTTP)",
        `${where}: setHsm`,
        "FORBIDDEN",
        codeOf(arm.body),
      );
      const mode = await postGraphQL(url, `mutation { setHubMode(mode: "Away") { mode } }`, {}, headers);
      log.refused(
        "member changes the hub's mode without a CONTROL grant of MODE (HTTP)",
        `${where}: setHubMode`,
        "FORBIDDEN",
        codeOf(mode.body),
      );
      const events = await postGraphQL(
        url,
        `query ($id: ID!) { deviceEvents(deviceId: $id) { id } }`,
        { id: bedroom },
        headers,
      );
      log.refused(
        "member reads the history of a device she has NONE on (HTTP)",
        `${where}: deviceEvents`,
        "NOT_FOUND",
        codeOf(events.body),
      );
    }
    const [state] = await stack.sql(`select hsm_status, mode from home.hub_state`);
    expect(state!.hsm_status).not.toMatch(/^arm/);
    expect(state!.mode).not.toBe("Away");
  });

  it("over WebSocket: the same refusals, and a subscription to the device carries none of its events", async () => {
    for (const { where, url } of targets()) {
      log.refused(
        "member reads a device of a room she has NONE on (WebSocket)",
        `${where}: device(id)`,
        "NOT_FOUND",
        codeOf(await overSocket(url, READ, { id: bedroom })),
      );
      log.refused(
        "member unlocks a lock without a CONTROL grant (WebSocket)",
        `${where}: unlock`,
        "FORBIDDEN",
        codeOf(await overSocket(url, UNLOCK, { id: lock })),
      );
    }
    const sockets = targets().map(({ where, url }) => ({ where, socket: connectLive(url, mia) }));
    const ops: { where: string; op: LiveOperation }[] = sockets.map(({ where, socket }) => ({
      where,
      op: liveOperation(socket, `subscription ($id: ID!) { deviceEvent(deviceId: $id) { name value } }`, {
        id: bedroom,
      }),
    }));
    const watcher = connectLive(stack.gateway.url, mia);
    const kitchen = liveOperation(watcher, `subscription { deviceUpdated { room } }`);
    try {
      await new Promise((r) => setTimeout(r, 500));
      for (let i = 0; i < 5; i++) await physicalChange(stack, "52", "temperature", 21 + i / 10);
      await physicalChange(stack, "15", "switch", "on");
      await physicalChange(stack, "15", "switch", "off");
      await within(10_000, () => kitchen.events.filter((e) => e.data?.deviceUpdated?.room === "Kitchen").length >= 2);
      for (const { where, op } of ops) {
        log.refused(
          "member subscribes to the events of a device she has NONE on",
          `${where}: deviceEvent`,
          "0 events",
          `${op.events.length} events`,
        );
      }
      const leaked = kitchen.events.filter((e) => e.data?.deviceUpdated?.room === "Bedroom").length;
      log.refused(
        "member's live stream of every device",
        "gateway: deviceUpdated",
        "0 bedroom events",
        `${leaked} bedroom events`,
      );
    } finally {
      for (const { op } of ops) op.dispose();
      kitchen.dispose();
      await Promise.all([...sockets.map((s) => s.socket.client.dispose()), watcher.client.dispose()]);
    }
  });
});

describe("a guest's token on the admin's mutations", () => {
  it("is refused everywhere: access, roles, people, passes", async () => {
    const attempts: [string, string, Record<string, unknown>][] = [
      [
        "setRoomAccess",
        `mutation ($u: ID!) { setRoomAccess(userId: $u, room: "Bedroom", level: CONTROL) { id } }`,
        { u: String(miaId) },
      ],
      [
        "setDeviceAccess",
        `mutation ($d: ID!) { setDeviceAccess(userId: "1", deviceId: $d, level: CONTROL) { id } }`,
        { d: lock },
      ],
      [
        "setRoleAccessDefaults",
        `mutation { setRoleAccessDefaults(role: GUEST, ordinary: CONTROL, secure: VIEW) { role } }`,
        {},
      ],
      [
        "applyGuestPassAccess",
        `mutation ($d: ID!) { applyGuestPassAccess(input: { passId: "x", guestUserId: "3", validFrom: "2020-01-01T00:00:00Z", validUntil: "2099-01-01T00:00:00Z", devices: [{ deviceId: $d, level: CONTROL }] }) }`,
        { d: lock },
      ],
      ["revokeGuestPassAccess", `mutation { revokeGuestPassAccess(passId: "x") }`, {}],
      ["accessMatrix", `{ accessMatrix { people { id } } }`, {}],
      ["setUserRole", `mutation ($u: ID!) { setUserRole(id: $u, role: ADMIN) { role } }`, { u: String(miaId) }],
      ["inviteUser", `mutation { inviteUser(email: "eve@example.com", role: ADMIN) { id } }`, {}],
      ["users", `{ users { total } }`, {}],
      ["user(id)", `query ($u: ID!) { user(id: $u) { displayName } }`, { u: String(miaId) }],
      [
        "createAutomation",
        `mutation { createAutomation(input: { name: "x", trigger: { type: "time", at: "10:00" }, actions: [{ type: "setMode", mode: "Away" }] }) { id } }`,
        {},
      ],
      ["setHubMode", `mutation { setHubMode(mode: "Away") { mode } }`, {}],
      ["setHsm", `mutation { setHsm(value: armAway) { hsmStatus } }`, {}],
      [
        "setCapabilityAccess",
        `mutation ($u: ID!) { setCapabilityAccess(userId: $u, capability: HSM, level: CONTROL) { id } }`,
        { u: String(miaId) },
      ],
    ];
    for (const [target, query, variables] of attempts) {
      const res = await stack.query(query, variables, { authorization: guest });
      log.refused("guest token on an admin's operation", target, "FORBIDDEN", codeOf(res.body));
    }
    // What is opened to guests still works for them.
    const own = await stack.query(`{ me { role } mySessions { id } devices { id } }`, {}, { authorization: guest });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data).toMatchObject({ me: { role: "GUEST" }, devices: [] });
    const row = await stack.sql(`select count(*)::int as n from home.access_grants where pass_id = 'x'`);
    expect(row[0]!.n).toBe(0);
  });
});
