import type { SubgraphUnderTest } from "../../../test/support/subgraph";
import { startNotificationRecorder, type NotificationRecorder } from "../../../test/support/notification-recorder";
import { within } from "../../../test/support/tokens";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import { ADMIN, MEMBER, useHomeOnSimulator } from "./__tests__/home-on-simulator";
import type { RunningHome } from "./app";

// The home's part of the household's activity feed, against the hub simulator over HTTP, handed to
// a real HTTP peer standing in for the email service's POST /activity; and GET /internal/access,
// what the email service asks to judge who may read which entry.

let sim: RunningSimulator;
let home: SubgraphUnderTest;
let recorder: NotificationRecorder;

beforeAll(async () => {
  recorder = await startNotificationRecorder();
});
afterAll(() => recorder.close());

const { asMember, asAdmin, idOf, grantDevice } = useHomeOnSimulator(
  (running) => {
    ({ sim, home } = running);
    // Auth's directory: an automation acts with its owner's role.
    home.tokens.directory.push(
      { id: ADMIN, email: "admin@example.com", displayName: "Admin", role: "ADMIN" },
      { id: MEMBER, email: "member@example.com", displayName: "Member", role: "MEMBER" },
    );
  },
  () => ({ EMAIL_URL: recorder.url, HOME_OUTBOX_MAX_BACKOFF_SECONDS: "1" }),
);

const services = () => (home.service as RunningHome).services;
const entries = (kind: string) => recorder.activity.filter((e) => e.kind === kind);

describe("contributions", () => {
  it("a person's device command is one DEVICE_COMMAND entry with who, the device and its room; an outage loses none", async () => {
    recorder.down = true;
    const fan = await idOf("22");
    try {
      const { body } = await asMember(
        `mutation ($id: ID!) { sendDeviceCommand(deviceId: $id, command: "on", args: []) { id } }`,
        {
          id: fan,
        },
      );
      expect(body.errors).toBeUndefined();
      await within(10_000, async () => recorder.calls.some((c) => c.path === "/activity" && c.status === 503));
    } finally {
      recorder.down = false;
    }
    await within(10_000, async () => entries("DEVICE_COMMAND").length > 0);
    expect(entries("DEVICE_COMMAND")).toEqual([
      expect.objectContaining({
        actorUserId: MEMBER,
        deviceId: Number(fan),
        room: "Office",
        summary: 'Sent "on" to Desk Fan',
        source: "home",
        dedupeKey: expect.stringMatching(new RegExp(`^home:command:${fan}:`)),
      }),
    ]);
  });

  it("an automation that fires is one AUTOMATION_FIRED entry, its own commands none", async () => {
    const before = entries("DEVICE_COMMAND").length;
    const { body } = await asAdmin(`mutation ($input: AutomationInput!) { createAutomation(input: $input) { id } }`, {
      input: {
        name: "Door opens the light",
        trigger: { type: "attribute", deviceId: await idOf("31"), attribute: "contact", becomes: "open" },
        actions: [{ type: "command", deviceId: await idOf("11"), command: "on" }],
      },
    });
    expect(body.errors).toBeUndefined();
    sim.physical("31", "contact", "open");
    await within(10_000, async () => {
      await services().automations.idle();
      return entries("AUTOMATION_FIRED").length > 0;
    });
    expect(entries("AUTOMATION_FIRED")[0]).toMatchObject({
      actorUserId: ADMIN,
      deviceId: Number(await idOf("31")),
      summary: 'Automation "Door opens the light" ran: contact is open',
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(entries("DEVICE_COMMAND")).toHaveLength(before);
    sim.physical("31", "contact", "closed");
  });
});

describe("GET /internal/access/:userId", () => {
  const access = async (userId: number, role: string, authorization?: string) => {
    const res = await fetch(`${home.service.url}/internal/access/${userId}?role=${role}`, {
      headers: authorization ? { authorization } : {},
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const serviceToken = () => home.tokens.bearer({ sub: "service:email", role: "SERVICE" });

  it("lists the devices and rooms a person may VIEW, to services only", async () => {
    expect((await access(MEMBER, "MEMBER", home.tokens.bearer({ sub: ADMIN, role: "ADMIN" }))).status).toBe(403);
    const before = await access(MEMBER, "MEMBER", serviceToken());
    expect(before.status).toBe(200);
    const door = Number(await idOf("32"));
    expect(before.body.deviceIds).toContain(door);
    expect(before.body.rooms).toContain("Kitchen");
    await grantDevice(MEMBER, "32", "NONE");
    try {
      expect((await access(MEMBER, "MEMBER", serviceToken())).body.deviceIds).not.toContain(door);
    } finally {
      await grantDevice(MEMBER, "32", null);
    }
    expect((await access(MEMBER, "NOBODY", serviceToken())).body.error).toMatchObject({ field: "role" });
  });
});
