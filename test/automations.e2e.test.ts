/**
 * Automations end to end: the real stack with home talking to the hub simulator, the rules made
 * through the gateway by an admin, the door opened by hand on the simulator, and the mail read
 * back from the dev mailbox the email service delivered it to.
 */
import { deviceIdOf, physicalChange } from "./support/home";
import { startStack, type Stack } from "./support/stack";
import { within } from "./support/tokens";

let stack: Stack;
let member: string;
let admin: string;
const ADMINS = ["grace@example.com", "alan@example.com"];

const hub = () => stack.hub!;
const idOf = (hubId: string) => deviceIdOf(stack, hubId);
const physical = (hubId: string, name: string, value: string | number) => physicalChange(stack, hubId, name, value);
const asAdmin = (query: string, variables?: Record<string, unknown>) =>
  stack.query(query, variables, { authorization: admin });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Mail caught by the dev mailbox for one address whose subject names the front door. */
async function doorMails(address: string): Promise<number> {
  const rows = await stack.sql(
    `select count(*)::int as n from email.dev_mailbox where envelope_to::text ilike $1 and subject ilike '%front door%'`,
    [`%${address}%`],
  );
  return rows[0]!.n as number;
}

async function attribute(deviceId: string, name: string): Promise<unknown> {
  const [row] = await stack.sql(`select attributes from home.devices where id = $1`, [deviceId]);
  return (row!.attributes as { name: string; value: unknown }[]).find((a) => a.name === name)?.value;
}

async function setMode(mode: string): Promise<void> {
  const res = await asAdmin(`mutation ($m: String!) { setHubMode(mode: $m) { mode } }`, { m: mode });
  expect(res.body.errors).toBeUndefined();
  await within(5000, async () => (await stack.sql(`select mode from home.hub_state`))[0]?.mode === mode);
}

/** Sets the contact as the hub would report it, and waits until home has stored it. */
async function door(deviceId: string, value: "open" | "closed"): Promise<void> {
  await physical("31", "contact", value);
  await within(5000, async () => (await attribute(deviceId, "contact")) === value);
}

const CREATE = `mutation ($input: AutomationInput!) {
  createAutomation(input: $input) { id name enabled trigger conditions actions lastFiredAt createdBy { id } }
}`;

beforeAll(async () => {
  stack = await startStack({ hub: true });
  await within(15_000, async () => (await stack.sql(`select connected from home.hub_state`))[0]?.connected === true);
  await stack.addUser({ email: "ada@example.com", password: "password", displayName: "Ada", role: "MEMBER" });
  await stack.addUser({ email: ADMINS[0]!, password: "password", displayName: "Grace", role: "ADMIN" });
  await stack.addUser({ email: ADMINS[1]!, password: "password", displayName: "Alan", role: "ADMIN" });
  member = (await stack.signIn("ada@example.com", "password")).authorization;
  admin = (await stack.signIn(ADMINS[0]!, "password")).authorization;
});
afterAll(() => stack?.stop());

describe("automations", () => {
  it("emails every admin exactly once per opening of the front door while the mode is Away", async () => {
    const frontDoor = await idOf("31");
    await door(frontDoor, "closed");
    const created = await asAdmin(CREATE, {
      input: {
        name: "Front door while away",
        trigger: { type: "attribute", deviceId: frontDoor, attribute: "contact", becomes: "open" },
        conditions: [{ type: "mode", is: "Away" }],
        actions: [{ type: "notify", role: "ADMIN" }],
      },
    });
    expect(created.body.errors).toBeUndefined();
    const rule = created.body.data!.createAutomation;
    expect(rule).toMatchObject({ name: "Front door while away", enabled: true, lastFiredAt: null });
    expect(rule.createdBy).toEqual({ id: expect.any(String) });

    await setMode("Away");
    await door(frontDoor, "open");
    await within(15_000, async () => (await doorMails(ADMINS[0]!)) >= 1 && (await doorMails(ADMINS[1]!)) >= 1);
    await sleep(1000);
    for (const a of ADMINS) expect(await doorMails(a)).toBe(1);
    expect(await doorMails("ada@example.com")).toBe(0);

    await door(frontDoor, "closed");
    await door(frontDoor, "open");
    await within(15_000, async () => (await doorMails(ADMINS[0]!)) >= 2 && (await doorMails(ADMINS[1]!)) >= 2);
    await sleep(1000);
    for (const a of ADMINS) expect(await doorMails(a)).toBe(2);

    const read = await stack.query(
      `query ($id: ID!) { automation(id: $id) { lastFiredAt createdBy { displayName } } }`,
      { id: rule.id },
      { authorization: member },
    );
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data!.automation.lastFiredAt).not.toBeNull();
    expect(read.body.data!.automation.createdBy).toEqual({ displayName: "Grace" });

    // Home (Day): the condition does not hold, so nobody is mailed.
    await setMode("Day");
    await door(frontDoor, "closed");
    await door(frontDoor, "open");
    await sleep(2000);
    for (const a of ADMINS) expect(await doorMails(a)).toBe(2);
    await door(frontDoor, "closed");

    const removed = await asAdmin(`mutation ($id: ID!) { deleteAutomation(id: $id) }`, { id: rule.id });
    expect(removed.body.data).toEqual({ deleteAutomation: true });
  });

  it("lets only admins create automations", async () => {
    const frontDoor = await idOf("31");
    const res = await stack.query(
      CREATE,
      {
        input: {
          name: "Not mine to make",
          trigger: { type: "attribute", deviceId: frontDoor, attribute: "contact", becomes: "open" },
          actions: [{ type: "notify", role: "ADMIN" }],
        },
      },
      { authorization: member },
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await stack.sql(`select count(*)::int as n from home.automations`))[0]!.n).toBe(0);
  });

  it("refuses an invalid rule with BAD_USER_INPUT naming the field", async () => {
    const frontDoor = await idOf("31");
    const cases: [Record<string, unknown>, string][] = [
      [
        { name: "t", trigger: { type: "time", at: "25:00" }, actions: [{ type: "setMode", mode: "Day" }] },
        "trigger.at",
      ],
      [
        {
          name: "t",
          trigger: { type: "attribute", deviceId: "999999", attribute: "contact", becomes: "open" },
          actions: [{ type: "setMode", mode: "Day" }],
        },
        "trigger.deviceId",
      ],
      [
        {
          name: "t",
          trigger: { type: "attribute", deviceId: frontDoor, attribute: "contact", becomes: "open" },
          actions: [{ type: "command", deviceId: frontDoor, command: "explode", args: [] }],
        },
        "actions[0].command",
      ],
      [{ trigger: { type: "mode", becomes: "Away" }, actions: [{ type: "setMode", mode: "Day" }] }, "name"],
    ];
    for (const [input, field] of cases) {
      const res = await asAdmin(CREATE, { input });
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
  });

  it("does not loop when a rule's action retriggers its own trigger", async () => {
    const coffee = await idOf("21");
    await physical("21", "switch", "off");
    await within(5000, async () => (await attribute(coffee, "switch")) === "off");
    const created = await asAdmin(CREATE, {
      input: {
        name: "Keep the coffee maker on",
        trigger: { type: "attribute", deviceId: coffee, attribute: "switch", becomes: "on" },
        actions: [{ type: "command", deviceId: coffee, command: "on", args: [] }],
      },
    });
    expect(created.body.errors).toBeUndefined();
    const commands = () => hub().requests.filter((r) => r.url.includes("/devices/21/on")).length;
    const before = commands();

    await physical("21", "switch", "on");
    await within(10_000, () => commands() > before);
    await sleep(3000);
    expect(commands() - before).toBe(1);
    const [row] = await stack.sql(`select last_fired_at from home.automations where id = $1`, [
      created.body.data!.createAutomation.id,
    ]);
    expect(row!.last_fired_at).not.toBeNull();
  });

  it("ignores the change its own action made, even when that change matches its trigger", async () => {
    const dimmer = await idOf("12");
    await physical("12", "level", 5);
    await within(5000, async () => (await attribute(dimmer, "level")) === 5);
    // Without loop protection the level of 50 the action sets is itself "above 10" and fires the rule again.
    const created = await asAdmin(CREATE, {
      input: {
        name: "Brighten the hall",
        trigger: { type: "attribute", deviceId: dimmer, attribute: "level", above: 10 },
        actions: [{ type: "command", deviceId: dimmer, command: "setLevel", args: [50] }],
      },
    });
    expect(created.body.errors).toBeUndefined();
    const commands = () => hub().requests.filter((r) => r.url.includes("/devices/12/setLevel/50")).length;
    const before = commands();

    await physical("12", "level", 20);
    await within(10_000, async () => (await attribute(dimmer, "level")) === 50);
    await sleep(3000);
    expect(commands() - before).toBe(1);
  });
});
