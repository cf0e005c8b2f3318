import { setTimeout as sleep } from "node:timers/promises";
import type { SubgraphUnderTest } from "../../../test/support/subgraph";
import { within } from "../../../test/support/tokens";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import { MEMBER, useHomeOnSimulator } from "./__tests__/home-on-simulator";

// The hub's command queue against the hub simulator over HTTP: bursts reach the hub at the
// configured rate with the last value winning, commands that must never be dropped keep their
// order, and a full queue refuses. The rate is the default; the queue is kept small to fill it.

const QUEUE_LIMIT = 5;
const DEFAULT_RATE = 8;

let sim: RunningSimulator;
let home: SubgraphUnderTest;
const { asMember, idOf, attribute, hubRequests, link, grantDevice } = useHomeOnSimulator(
  (running) => ({ sim, home } = running),
  {
    HUB_COMMAND_QUEUE_LIMIT: String(QUEUE_LIMIT),
  },
);
// A member controls a lock only with a grant of that lock (docs/access.md).
beforeAll(() => grantDevice(MEMBER, "71", "CONTROL"));

const LOCK_COMMAND = `mutation ($id: ID!, $c: String!) { sendDeviceCommand(deviceId: $id, command: $c) { id } }`;
const PENDING = `query ($id: ID!) { device(id: $id) { pendingCommands { name arguments queuedAt sending } } }`;

/** The most requests matching `pattern` the simulator received within any one second. */
function mostInOneSecond(pattern: RegExp): number {
  const times = sim.requests.filter((r) => pattern.test(r.url)).map((r) => r.at.getTime());
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
}

async function pendingNames(deviceId: string): Promise<string[]> {
  const { body } = await asMember(PENDING, { id: deviceId });
  return (body.data?.device?.pendingCommands as { name: string }[] | undefined)?.map((p) => p.name) ?? [];
}

// Commands left by a test, and calls still held back by the latency (the service's reachability
// checks), would otherwise reach into the next test or outlive the file.
afterEach(async () => {
  sim.setLatency(0);
  await within(10_000, () => {
    const { queued, sending } = link().commandQueueStats();
    return queued === 0 && sending === 0 && sim.stats().inFlight === 0;
  });
});

describe("the hub's command queue", () => {
  it("100 setLevel to one dimmer within a second reach the hub at the configured rate, and the last value wins", async () => {
    const dimmer = await idOf("12");
    const before = sim.requests.length;
    const queued = () => link().commandQueueStats();
    const taken = () => queued().sent + queued().coalesced;
    const takenBefore = taken();
    const setLevel = (level: number) =>
      asMember(`mutation ($id: ID!, $l: Int!) { setLevel(deviceId: $id, level: $l) { id lastChangedBy { id } } }`, {
        id: dimmer,
        l: level,
      });
    let failed = 0;
    const first = Array.from({ length: 99 }, async (_, i) => {
      await sleep(i * 10);
      const answer = await setLevel(i + 1);
      if (answer.body.errors) failed++;
      return answer;
    });
    // Requests sent in parallel may overtake one another in the service; the last waits until the
    // 99 before it are in the queue, so that it is the last for the queue too.
    // (Generous: on a busy machine a hundred requests at once can take seconds to pass through.)
    await within(30_000, () => taken() - takenBefore + failed >= 99);
    const results = await Promise.all([...first, setLevel(100)]);
    for (const { body } of results) {
      expect(body.errors).toBeUndefined();
      expect(body.data!.setLevel).toEqual({ id: dimmer, lastChangedBy: { id: String(MEMBER) } });
    }
    const sent = sim.requests.slice(before).filter((r) => r.url.includes("/devices/12/"));
    expect(sent.every((r) => /\/devices\/12\/setLevel\/\d+\?/.test(r.url))).toBe(true);
    expect(sent.length).toBeLessThan(100);
    expect(mostInOneSecond(/\/devices\/12\/setLevel\//)).toBeLessThanOrEqual(DEFAULT_RATE);
    expect(sent.at(-1)!.url).toContain("/devices/12/setLevel/100?");
    await within(3000, async () => (await attribute("12", "level")) === 100);
    const [row] = await home.sql(
      `select value from home.device_events where hub_device_id = '12' and source = 'COMMAND' order by id desc limit 1`,
    );
    expect(row).toEqual({ value: "[100]" });

    const health = (await (await fetch(`${home.service.url}/health`)).json()) as {
      checks: Record<string, { status: string; detail?: Record<string, number> }>;
    };
    expect(health.checks["hub commands"]).toMatchObject({
      status: "healthy",
      detail: { queued: 0, sending: 0, ratePerSecond: DEFAULT_RATE, maxQueued: QUEUE_LIMIT, refused: 0 },
    });
    expect(health.checks["hub commands"]!.detail!.coalesced).toBe(100 - sent.length);
  });

  it("never coalesces lock and unlock, and sends them in the order they were asked for", async () => {
    const lock = await idOf("71");
    sim.setLatency(1500);
    const order = ["lock", "unlock", "lock", "unlock", "lock"];
    const answers = [];
    for (const [i, command] of order.entries()) {
      answers.push(asMember(LOCK_COMMAND, { id: lock, c: command }));
      // Queued once the device's pending commands end with it (the first may be sent meanwhile).
      const asked = order.slice(0, i + 1);
      await within(3000, async () => {
        const names = await pendingNames(lock);
        return names.length > 0 && asked.slice(-names.length).join() === names.join();
      });
    }
    const { body } = await asMember(PENDING, { id: lock });
    const pending = body.data!.device.pendingCommands as { name: string; arguments: unknown[]; sending: boolean }[];
    expect(pending.length).toBeGreaterThanOrEqual(4);
    expect(pending.map((p) => p.arguments)).toEqual(pending.map(() => []));
    // The first may still wait for the rate (the previous test's commands count for a second).
    expect(pending.slice(1).map((p) => p.sending)).toEqual(pending.slice(1).map(() => false));
    expect(new Date(body.data!.device.pendingCommands[0].queuedAt).getTime()).toBeLessThanOrEqual(Date.now());

    sim.setLatency(0);
    for (const { body: answered } of await Promise.all(answers)) expect(answered.errors).toBeUndefined();
    const sent = hubRequests()
      .filter((u) => /\/devices\/71\/(lock|unlock)\?/.test(u))
      .slice(-order.length)
      .map((u) => u.replace(/^.*\/devices\/71\//, "").replace(/\?.*$/, ""));
    expect(sent).toEqual(order);
    expect(await pendingNames(lock)).toEqual([]);
    await within(3000, async () => (await attribute("71", "lock")) === "locked");
  });

  it("answers RATE_LIMITED when the queue is full, and still sends what it took", async () => {
    const lock = await idOf("71");
    sim.setLatency(1500);
    const before = hubRequests().length;
    const send = (i: number) => asMember(LOCK_COMMAND, { id: lock, c: i % 2 ? "lock" : "unlock" });
    const sending = send(0);
    await within(3000, async () => {
      const { body } = await asMember(PENDING, { id: lock });
      return body.data?.device?.pendingCommands?.[0]?.sending === true;
    });
    const answers = await Promise.all([sending, ...Array.from({ length: QUEUE_LIMIT + 2 }, (_, i) => send(i + 1))]);
    const refused = answers.filter((a) => a.body.errors?.[0]?.extensions?.code === "RATE_LIMITED");
    const accepted = answers.filter((a) => !a.body.errors);
    // One with the hub, QUEUE_LIMIT waiting, the rest refused.
    expect(refused.length).toBe(2);
    expect(accepted.length).toBe(QUEUE_LIMIT + 1);
    expect(refused[0]!.body.errors![0]!.message).toMatch(
      /^The hub has 5 commands waiting already; try again in 1 s\.$/,
    );
    expect(
      hubRequests()
        .slice(before)
        .filter((u) => u.includes("/devices/71/")),
    ).toHaveLength(QUEUE_LIMIT + 1);
  });
});
