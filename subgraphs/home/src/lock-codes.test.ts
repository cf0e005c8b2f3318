import { Writable } from "node:stream";
import type { SubgraphUnderTest } from "../../../test/support/subgraph";
import { within } from "../../../test/support/tokens";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import { createLogger } from "../../../packages/common/src";
import { useHomeOnSimulator } from "./__tests__/home-on-simulator";
import type { RunningHome } from "./app";

// Lock codes against the hub simulator over HTTP and a real PostgreSQL: written at the lock when
// their window starts, deleted when it ends, retried while the hub is away, kept across a restart,
// reconciled with the lock's own codes, named when used at the keypad; never shown to a member,
// never in the logs. The lock is set to 8-digit codes so that no code can turn up by chance.

const logLines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(chunk.toString());
    done();
  },
});

let sim: RunningSimulator;
let home: SubgraphUnderTest;
const { asMember, asAdmin, idOf, link } = useHomeOnSimulator(
  (running) => ({ sim, home } = running),
  {},
  {},
  { logger: createLogger("home", "debug", {}, capture) },
);
const services = () =>
  (home.service as RunningHome).services as unknown as {
    lockCodes: import("./services/lock-code.service").LockCodeService;
    lockCodeWorker: import("./services/lock-code.worker").LockCodeWorker;
  };
void link;

const LOCK = "71";
const CODES = ["73918264", "58203746", "91827364", "40596172", "66251938", "28374615"];
const SLOTS = `query ($id: ID!) { device(id: $id) { lockCodes { id position name status kind startsAt endsAt attempts lastError } } }`;
const SCHEDULE = `mutation ($d: ID!, $n: String!, $c: String!, $s: DateTimeISO, $e: DateTimeISO) {
  scheduleLockCode(deviceId: $d, name: $n, code: $c, startsAt: $s, endsAt: $e) { id position name status kind } }`;
const CANCEL = `mutation ($id: ID!) { cancelLockCode(id: $id) }`;

let lockId: string;
const atLock = () => sim.lockCodes(LOCK).codes;
const slots = async () => (await asAdmin(SLOTS, { id: lockId })).body.data!.device.lockCodes as any[];
const slot = async (name: string) => (await slots()).find((s) => s.name === name);
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

beforeAll(async () => {
  lockId = await idOf(LOCK);
  // The lock takes 8 digits from now on (the hub reports the change; Homegraph stores it).
  await fetch(`${sim.makerApiUrl}/devices/${LOCK}/setCodeLength/8?access_token=${sim.accessToken}`);
  await within(5000, async () => {
    const [row] = await home.sql(`select attributes from home.devices where hub_device_id = $1`, [LOCK]);
    return row!.attributes.some((a: any) => a.name === "codeLength" && a.value === 8);
  });
});

describe("lock codes", () => {
  it("writes a scheduled code at the lock when its window starts and deletes it when it ends", async () => {
    const { body } = await asAdmin(SCHEDULE, {
      d: lockId,
      n: "Cleaner Tue",
      c: CODES[0],
      s: inSeconds(1.5),
      e: inSeconds(5),
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.scheduleLockCode).toMatchObject({
      name: "Cleaner Tue",
      status: "PENDING",
      kind: "HOUSEHOLD",
      position: null,
    });
    expect(JSON.stringify(body)).not.toContain(CODES[0]);
    expect(Object.values(atLock()).map((c) => c.code)).not.toContain(CODES[0]);
    await within(5000, () => Object.values(atLock()).some((c) => c.code === CODES[0] && c.name === "Cleaner Tue"));
    await within(3000, async () => (await slot("Cleaner Tue"))?.status === "ACTIVE");
    expect(sim.requests.some((r) => r.url.includes(`/devices/${LOCK}/setCode/`))).toBe(true);
    await within(8000, () => !Object.values(atLock()).some((c) => c.code === CODES[0]));
    await within(3000, async () => (await slot("Cleaner Tue"))?.status === "DELETED");
  });

  it("retries while the hub is away and writes the code once it is back", async () => {
    sim.setOffline(true);
    try {
      const { body } = await asAdmin(SCHEDULE, { d: lockId, n: "Plumber", c: CODES[1], e: inSeconds(60) });
      expect(body.errors).toBeUndefined();
      await within(8000, async () => ((await slot("Plumber"))?.attempts ?? 0) >= 2);
      expect((await slot("Plumber")).status).toBe("PENDING");
      expect((await slot("Plumber")).lastError).toMatch(/hub/i);
    } finally {
      sim.setOffline(false);
    }
    await within(15_000, () => Object.values(atLock()).some((c) => c.code === CODES[1]));
    await within(3000, async () => (await slot("Plumber"))?.status === "ACTIVE");
    const { body } = await asAdmin(CANCEL, { id: (await slot("Plumber")).id });
    expect(body.data).toEqual({ cancelLockCode: true });
    await within(5000, () => !Object.values(atLock()).some((c) => c.code === CODES[1]));
  });

  it("keeps a pass's code across a restart of the service and deletes it at the end of the window", async () => {
    const ends = new Date(Date.now() + 9000);
    const em = home.service.orm.em.fork() as any;
    await services().lockCodes.schedule(em, {
      ref: "pass:42",
      deviceId: lockId,
      name: "Anna",
      code: CODES[2],
      startsAt: new Date(),
      endsAt: ends,
    });
    // Idempotent by ref.
    await services().lockCodes.schedule(em, {
      ref: "pass:42",
      deviceId: lockId,
      name: "Anna",
      code: CODES[2],
      startsAt: new Date(),
      endsAt: ends,
    });
    await within(5000, () => Object.values(atLock()).some((c) => c.code === CODES[2] && c.name === "Anna"));
    await home.restart();
    await within(10_000, async () => (await home.sql(`select connected from home.hub_state`))[0]?.connected === true);
    const [row] = await home.sql(`select state, position from home.lock_codes where ref = 'pass:42'`);
    expect(row!.state).toBe("active");
    expect(atLock()[String(row!.position)]).toMatchObject({ name: "Anna" });
    expect((await home.sql(`select count(*)::int as n from home.lock_codes where ref = 'pass:42'`))[0]!.n).toBe(1);
    await within(12_000, () => !Object.values(atLock()).some((c) => c.code === CODES[2]));
    await within(
      3000,
      async () => (await home.sql(`select state from home.lock_codes where ref = 'pass:42'`))[0]!.state === "deleted",
    );
  });

  it("writes again a code removed at the lock, and leaves a person's own code alone", async () => {
    await fetch(`${sim.url}/_sim/devices/${LOCK}/codes`, {
      method: "POST",
      body: JSON.stringify({ position: 20, code: CODES[3], name: "Grandma" }),
    });
    const em = home.service.orm.em.fork() as any;
    await services().lockCodes.schedule(em, {
      ref: "pass:77",
      deviceId: lockId,
      name: "Bea",
      code: CODES[4],
      startsAt: new Date(),
      endsAt: null,
    });
    await within(5000, () => Object.values(atLock()).some((c) => c.code === CODES[4]));
    const position = Object.entries(atLock()).find(([, c]) => c.code === CODES[4])![0];
    // Removed at the lock by hand: the lock's "deleted" makes Homegraph compare and write it again.
    await fetch(`${sim.url}/_sim/devices/${LOCK}/codes/${position}`, { method: "DELETE" });
    expect(atLock()[position]).toBeUndefined();
    await within(8000, () => atLock()[position]?.code === CODES[4]);
    // A periodic reconcile changes nothing more, and never touches Grandma's code.
    await services().lockCodeWorker.reconcile();
    await services().lockCodeWorker.settled();
    expect(atLock()["20"]).toEqual({ name: "Grandma", code: CODES[3] });
    const shown = await slots();
    expect(shown).toContainEqual(expect.objectContaining({ position: 20, name: "Grandma", kind: "LOCK", id: null }));
    expect(shown).toContainEqual(expect.objectContaining({ name: "Bea", kind: "PASS", status: "ACTIVE" }));
    await services().lockCodes.cancel(em, "pass:77");
    await within(5000, () => atLock()[position] === undefined);
    expect(atLock()["20"]).toEqual({ name: "Grandma", code: CODES[3] });
  });

  it("names the code, the guest's for a pass, on the unlock event of a code typed at the keypad", async () => {
    const em = home.service.orm.em.fork() as any;
    await services().lockCodes.schedule(em, {
      ref: "pass:99",
      deviceId: lockId,
      name: "Carl (guest)",
      code: CODES[5],
      startsAt: new Date(),
      endsAt: null,
    });
    await within(5000, () => Object.values(atLock()).some((c) => c.code === CODES[5]));
    expect(sim.keypad(LOCK, CODES[5])).toMatchObject({ unlocked: true, name: "Carl (guest)" });
    const EVENTS = `query ($id: ID!) { deviceEvents(deviceId: $id, limit: 10) { name value description actorName } }`;
    await within(5000, async () => {
      const { body } = await asMember(EVENTS, { id: lockId });
      return body.data!.deviceEvents.some((e: any) => e.name === "lock" && e.actorName === "Carl (guest)");
    });
    const { body } = await asMember(EVENTS, { id: lockId });
    expect(body.data!.deviceEvents.find((e: any) => e.name === "lock")).toEqual({
      name: "lock",
      value: "unlocked",
      description: "Front Door Lock was unlocked by Carl (guest)",
      actorName: "Carl (guest)",
    });
    await services().lockCodes.cancel(em, "pass:99");
    await within(5000, () => !Object.values(atLock()).some((c) => c.code === CODES[5]));
  });

  it("with encrypted lockCodes, writes from the top position, names the code from the description, and skips comparing", async () => {
    sim.setLockCodeEncryption(LOCK, true);
    try {
      const { body } = await asAdmin(SCHEDULE, { d: lockId, n: "Dora", c: "19283746", e: inSeconds(60) });
      expect(body.errors).toBeUndefined();
      await within(5000, () => atLock()["30"]?.code === "19283746");
      await within(3000, async () => (await slot("Dora"))?.status === "ACTIVE");
      await services().lockCodeWorker.reconcile();
      expect(logLines.join("")).toContain("lock codes not compared");
      sim.keypad(LOCK, "19283746");
      await within(5000, async () => {
        const rows = await home.sql(
          `select actor_name from home.device_events where name = 'lock' order by id desc limit 1`,
        );
        return rows[0]?.actor_name === "Dora";
      });
      await asAdmin(CANCEL, { id: (await slot("Dora")).id });
      await within(5000, () => atLock()["30"] === undefined);
    } finally {
      sim.setLockCodeEncryption(LOCK, false);
    }
  });

  it("refuses a bad code, name or device with a stable reason", async () => {
    const reason = async (vars: Record<string, unknown>) => {
      const { body } = await asAdmin(SCHEDULE, { d: lockId, n: "Ok", c: "12345678", ...vars });
      return [
        body.errors?.[0]?.extensions?.code,
        body.errors?.[0]?.extensions?.reason,
        body.errors?.[0]?.extensions?.field,
      ];
    };
    expect(await reason({ c: "1234abcd" })).toEqual(["BAD_USER_INPUT", "LOCK_CODE_NOT_DIGITS", "code"]);
    expect(await reason({ c: "1234" })).toEqual(["BAD_USER_INPUT", "LOCK_CODE_LENGTH", "code"]);
    expect(await reason({ n: "" })).toEqual(["BAD_USER_INPUT", "LOCK_CODE_NAME", "name"]);
    expect(await reason({ n: "x".repeat(33) })).toEqual(["BAD_USER_INPUT", "LOCK_CODE_NAME", "name"]);
    expect(await reason({ n: "Family" })).toEqual(["BAD_USER_INPUT", "LOCK_CODE_IN_USE", "name"]);
    expect(await reason({ e: inSeconds(-10) })).toEqual(["BAD_USER_INPUT", "LOCK_CODE_WINDOW", "endsAt"]);
    expect(await reason({ d: await idOf("11") })).toEqual(["BAD_USER_INPUT", "NOT_A_LOCK", "deviceId"]);
    expect(await reason({ d: "99999" })).toEqual(["NOT_FOUND", undefined, undefined]);
    expect((await asAdmin(CANCEL, { id: "99999" })).body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("lets no member read the lock's codes or schedule one; members see no codes' names in the lock's attributes, admins names only", async () => {
    const read = await asMember(SLOTS, { id: lockId });
    expect(read.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const write = await asMember(SCHEDULE, { d: lockId, n: "Sneaky", c: "11223344" });
    expect(write.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const { body } = await asMember(`query ($id: ID!) { device(id: $id) { attributes { name value } } }`, {
      id: lockId,
    });
    expect(body.data!.device.attributes.find((a: any) => a.name === "lockCodes")).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain("Family");
    const asAdminRead = await asAdmin(`query ($id: ID!) { device(id: $id) { attributes { name value } } }`, {
      id: lockId,
    });
    const codes = asAdminRead.body.data!.device.attributes.find((a: any) => a.name === "lockCodes").value;
    expect(codes["1"]).toEqual({ name: "Family" });
    expect(JSON.stringify(asAdminRead.body)).not.toContain("1234");
  });

  it("never stores, returns or logs a code", async () => {
    // A setCode sent as a plain device command is stored and listed with its code hidden.
    const sent = await asAdmin(
      `mutation ($id: ID!) { sendDeviceCommand(deviceId: $id, command: "setCode", args: [25, "84736251", "Test"]) { id } }`,
      { id: lockId },
    );
    expect(sent.body.errors).toBeUndefined();
    await within(3000, () => atLock()["25"]?.code === "84736251");
    const [command] = await home.sql(
      `select value, description from home.device_events where name = 'setCode' order by id desc limit 1`,
    );
    expect(command).toEqual({
      value: '[25,"****","Test"]',
      description: 'setCode(25, "****", "Test") sent to Front Door Lock',
    });
    await fetch(`${sim.makerApiUrl}/devices/${LOCK}/deleteCode/25?access_token=${sim.accessToken}`);
    await services().lockCodeWorker.settled();
    const secrets = [...CODES, "19283746", "84736251"];
    const stored = await home.sql(
      `select (select string_agg(coalesce(value, '') || ' ' || coalesce(description, ''), ' ') from home.device_events) as events,
              (select string_agg(attributes::text, ' ') from home.devices) as devices,
              (select string_agg(code_cipher, ' ') from home.lock_codes) as ciphers`,
    );
    const logs = logLines.join("");
    expect(logs).toContain("lock code written");
    expect(logs).toContain("setCode/[redacted]");
    for (const code of secrets) {
      expect(stored[0]!.events).not.toContain(code);
      expect(stored[0]!.devices).not.toContain(code);
      expect(stored[0]!.ciphers).not.toContain(code);
      expect(logs).not.toContain(code);
    }
  });
});
