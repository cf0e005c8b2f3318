import type { SubgraphUnderTest } from "../../../test/support/subgraph";
import { startNotificationRecorder, type NotificationRecorder } from "../../../test/support/notification-recorder";
import { within } from "../../../test/support/tokens";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import { ADMIN, MEMBER, useHomeOnSimulator } from "./__tests__/home-on-simulator";
import type { RunningHome } from "./app";

// The home's built-in alerts against the hub simulator over HTTP, handed to a real HTTP peer that
// stands in for the email service's POST /notifications and records what it accepts: once per
// opening (even when the first hand-off met a 503), once a day per low battery, once per outage.

let sim: RunningSimulator;
let home: SubgraphUnderTest;
let recorder: NotificationRecorder;

beforeAll(async () => {
  recorder = await startNotificationRecorder();
});
afterAll(() => recorder.close());

const { asAdmin, idOf, grantDevice } = useHomeOnSimulator(
  (running) => {
    ({ sim, home } = running);
    home.tokens.directory.push(
      { id: ADMIN, email: "admin@example.com", displayName: "Admin", role: "ADMIN" },
      { id: MEMBER, email: "member@example.com", displayName: "Member", role: "MEMBER" },
    );
  },
  () => ({
    EMAIL_URL: recorder.url,
    HOME_HUB_DOWN_ALERT_SECONDS: "1",
    HOME_OUTBOX_MAX_BACKOFF_SECONDS: "1",
  }),
);

const services = () => (home.service as RunningHome).services;
const of = (kind: string) => recorder.notifications.filter((n) => n.kind === kind);
/** Waits until the alerts heard so far are queued and the outbox has nothing due. */
async function handedOver(): Promise<void> {
  await sim.flushed();
  await services().link.drain();
  await services().alerts.idle();
  await within(10_000, async () => {
    const [row] = await home.sql(`select count(*)::int as n from home.outbox where status = 'PENDING'`);
    return row!.n === 0;
  });
}

async function hsm(value: string, becomes: string) {
  const { body } = await asAdmin(`mutation ($v: HsmCommand!) { setHsm(value: $v) { hsmStatus } }`, { v: value });
  expect(body.errors).toBeUndefined();
  await within(
    10_000,
    async () => (await home.sql(`select hsm_status from home.hub_state`))[0]!.hsm_status === becomes,
  );
}

describe("a contact opened while armed away", () => {
  afterEach(() => hsm("disarm", "disarmed"));

  it("is one SECURITY notification to the admins and the door's viewers, though the first hand-off met a 503", async () => {
    await hsm("armAway", "armedAway");
    recorder.failNext = 1;
    const calls = recorder.calls.length;
    sim.physical("31", "contact", "open");
    await handedOver();
    const door = await idOf("31");

    const security = of("SECURITY");
    expect(security).toHaveLength(1);
    expect(security[0]).toMatchObject({
      kind: "SECURITY",
      severity: "CRITICAL",
      title: "Front Door opened",
      url: `/devices/${door}`,
      audience: { role: "ADMIN", userIds: [MEMBER] },
    });
    expect(security[0]!.dedupeKey).toMatch(new RegExp(`^contact-open:${door}:\\d+$`));
    // The same key was refused once (503) and accepted on the retry.
    const tries = recorder.calls.slice(calls).filter((c) => c.keys.includes(security[0]!.dedupeKey));
    expect(tries.map((c) => c.status)).toEqual([503, 202]);
    expect(tries[1]!.authorization).toMatch(/^Bearer /);

    // Closing and opening again is a new opening: a second one, with its own key.
    sim.physical("31", "contact", "closed");
    sim.physical("31", "contact", "open");
    await handedOver();
    expect(of("SECURITY")).toHaveLength(2);
    expect(of("SECURITY")[1]!.dedupeKey).not.toBe(security[0]!.dedupeKey);
    sim.physical("31", "contact", "closed");
  });

  it("a member whose VIEW of the door was taken is not told; while disarmed nobody is", async () => {
    await grantDevice(MEMBER, "32", "NONE");
    await hsm("armAway", "armedAway");
    const before = of("SECURITY").length;
    sim.physical("32", "contact", "open");
    await handedOver();
    expect(of("SECURITY").slice(before)).toEqual([
      expect.objectContaining({ title: "Back Door opened", audience: { role: "ADMIN" } }),
    ]);
    sim.physical("32", "contact", "closed");
    await grantDevice(MEMBER, "32", null);

    await hsm("disarm", "disarmed");
    sim.physical("32", "contact", "open");
    await handedOver();
    expect(of("SECURITY").length).toBe(before + 1);
    sim.physical("32", "contact", "closed");
  });
});

describe("HSM's alarms", () => {
  it("a smoke alarm is one ALARM, CRITICAL, pointing at /alarm", async () => {
    sim.hsmAlert("smoke", "Kitchen smoke detector");
    await handedOver();
    expect(of("ALARM")).toEqual([
      expect.objectContaining({
        severity: "CRITICAL",
        title: "Smoke",
        body: "The alarm went off: Kitchen smoke detector.",
        url: "/alarm",
        dedupeKey: expect.stringMatching(/^hsm-alert:main:smoke:/),
      }),
    ]);
    await asAdmin(`mutation { setHsm(value: cancelAlerts) { hsmStatus } }`);
  });
});

describe("a low battery", () => {
  it("reported twice in a day is one DEVICE_HEALTH warning", async () => {
    sim.physical("41", "battery", 12);
    await handedOver();
    sim.physical("41", "battery", 11);
    await handedOver();
    const sensor = await idOf("41");
    const battery = of("DEVICE_HEALTH").filter((n) => n.url === `/devices/${sensor}`);
    expect(battery).toHaveLength(1);
    expect(battery[0]).toMatchObject({ severity: "WARNING", title: expect.stringMatching(/battery 12 %$/) });
    expect(battery[0]!.dedupeKey).toBe(`battery:${sensor}:${new Date().toISOString().slice(0, 10)}`);
  });

  it("at or above the threshold (15 %) is no alert", async () => {
    const before = of("DEVICE_HEALTH").length;
    sim.physical("42", "battery", 15);
    await handedOver();
    expect(of("DEVICE_HEALTH")).toHaveLength(before);
  });
});

describe("a device gone quiet", () => {
  it("silent longer than HOME_DEVICE_OFFLINE_HOURS is one DEVICE_HEALTH warning, however often it is checked", async () => {
    const climate = await idOf("52");
    const offline = () => of("DEVICE_HEALTH").filter((n) => n.url === `/devices/${climate}`);
    // A day and an hour of silence, as if its last report came then (the check reads the stored time).
    await home.sql(`update home.devices set last_event_at = now() - interval '25 hours' where id = $1`, [climate]);
    try {
      await within(10_000, async () => offline().length > 0);
      // The check runs every quarter of a second here: a few more rounds add nothing.
      await new Promise((r) => setTimeout(r, 1_500));
      await handedOver();
      expect(offline()).toHaveLength(1);
      expect(offline()[0]).toMatchObject({
        kind: "DEVICE_HEALTH",
        severity: "WARNING",
        title: "Bedroom Climate is offline",
        body: expect.stringMatching(/has not reported for 25 h/),
      });
    } finally {
      await home.sql(`update home.devices set last_event_at = now() where id = $1`, [climate]);
    }
  });
});

describe("a hub away", () => {
  it("longer than the threshold is one SYSTEM warning to the admins, then one 'back online'", async () => {
    // With a 1 s threshold, a probe slowed by a loaded machine in an earlier test may already have
    // made an outage of its own: only what follows the hub answering now is this test's.
    await within(15_000, async () => (await home.sql(`select connected from home.hub_state`))[0]!.connected === true);
    await handedOver();
    const earlier = of("SYSTEM").length;
    const system = () => of("SYSTEM").slice(earlier);
    sim.setOffline(true);
    try {
      await within(
        10_000,
        async () => (await home.sql(`select connected from home.hub_state`))[0]!.connected === false,
      );
      await within(15_000, async () => {
        await handedOver();
        return system().length > 0;
      });
      // It stays away for several more checks: still one.
      await new Promise((r) => setTimeout(r, 1500));
      await handedOver();
      expect(system()).toEqual([
        expect.objectContaining({
          severity: "WARNING",
          title: "The hub is not answering",
          audience: { role: "ADMIN" },
          dedupeKey: expect.stringMatching(/^hub-down:main:\d+$/),
        }),
      ]);
    } finally {
      sim.setOffline(false);
    }
    await within(15_000, async () => {
      await handedOver();
      return system().length === 2;
    });
    expect(system()[1]).toMatchObject({
      severity: "INFO",
      title: "The hub is back online",
      dedupeKey: system()[0]!.dedupeKey.replace("hub-down", "hub-up"),
    });
  });
});

describe("the outbox while the email service is down", () => {
  it("keeps what it could not hand over and sends it, once, when the service is back", async () => {
    recorder.down = true;
    try {
      sim.physical("51", "battery", 5);
      await sim.flushed();
      await services().link.drain();
      await services().alerts.idle();
      const sensor = await idOf("51");
      await within(10_000, async () => {
        const [row] = await home.sql(`select attempts from home.outbox where dedupe_key like $1`, [
          `battery:${sensor}:%`,
        ]);
        return (row?.attempts ?? 0) >= 1;
      });
      expect(of("DEVICE_HEALTH").filter((n) => n.url === `/devices/${sensor}`)).toHaveLength(0);
    } finally {
      recorder.down = false;
    }
    await handedOver();
    const sensor = await idOf("51");
    expect(of("DEVICE_HEALTH").filter((n) => n.url === `/devices/${sensor}`)).toHaveLength(1);
  });
});

describe("an automation's notify action", () => {
  const create = async (name: string, action: Record<string, unknown>) =>
    asAdmin(`mutation ($input: AutomationInput!) { createAutomation(input: $input) { id } }`, {
      input: {
        name,
        trigger: { type: "attribute", deviceId: await idOf("22"), attribute: "switch", becomes: "on" },
        actions: [action],
      },
    });

  it("goes to POST /notifications as AUTOMATION: mail for a rule without channels, the channels chosen otherwise", async () => {
    const old = await create("Old rule", { type: "notify", role: "ADMIN", subject: "Hall light" });
    expect(old.body.errors).toBeUndefined();
    const chosen = await create("New rule", {
      type: "notify",
      userIds: [MEMBER],
      channels: ["PUSH", "IN_APP", "PUSH"],
    });
    expect(chosen.body.errors).toBeUndefined();
    sim.physical("22", "switch", "on");
    await within(10_000, async () => {
      await handedOver();
      await services().automations.idle();
      return of("AUTOMATION").length === 2;
    });
    const device = await idOf("22");
    const byRule = (id: string) => of("AUTOMATION").find((n) => n.dedupeKey.startsWith(`automation:${id}:`));
    expect(byRule(old.body.data!.createAutomation.id)).toMatchObject({
      audience: { role: "ADMIN" },
      title: "Hall light",
      url: `/devices/${device}`,
      channels: ["EMAIL"],
    });
    expect(byRule(chosen.body.data!.createAutomation.id)).toMatchObject({
      audience: { userIds: [MEMBER] },
      channels: ["PUSH", "IN_APP"],
    });
    sim.physical("22", "switch", "off");
    await asAdmin(
      `mutation { a: deleteAutomation(id: "${old.body.data!.createAutomation.id}") b: deleteAutomation(id: "${chosen.body.data!.createAutomation.id}") }`,
    );
  });

  it("refuses a channel that does not exist, naming the field", async () => {
    const { body } = await create("Bad", { type: "notify", role: "ADMIN", channels: ["SMS"] });
    expect(body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "actions[0].channels[0]" });
  });
});
