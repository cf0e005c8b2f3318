import { CommandQueue, WINDOW_MS, type CommandQueueLimits } from "./command-queue";

// The queue's own rules with fake timers and hand-finished commands; the simulator tests
// (hub-command-queue.test.ts) show the same against a hub over HTTP.

interface Sent {
  key: string;
  name: string;
  args: readonly unknown[];
  finish: (value?: unknown) => void;
  fail: (err: unknown) => void;
}

function queueOf(limits: Partial<CommandQueueLimits> = {}) {
  const queue = new CommandQueue({ ratePerSecond: 100, concurrency: 10, maxQueued: 200, ...limits });
  const sent: Sent[] = [];
  const send = (key: string, name: string, args: readonly unknown[] = []) => {
    const answer = queue.enqueue({
      key,
      name,
      args,
      run: () =>
        new Promise((resolve, reject) => {
          sent.push({ key, name, args, finish: (value = `${name}(${args.join()})`) => resolve(value), fail: reject });
        }),
    });
    const settled: { value?: unknown; error?: unknown } = {};
    answer.then(
      (value) => (settled.value = value),
      (error: unknown) => (settled.error = error),
    );
    return settled;
  };
  return { queue, sent, send };
}

const names = (sent: Sent[]) => sent.map((s) => `${s.key}:${s.name}(${s.args.join()})`);

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe("CommandQueue", () => {
  it("sends at most ratePerSecond commands in any window, the next a window after the hub answered", async () => {
    const { sent, send } = queueOf({ ratePerSecond: 3 });
    for (let i = 0; i < 7; i++) send(`d${i}`, "on");
    expect(sent).toHaveLength(3);
    sent[0]!.finish();
    await jest.advanceTimersByTimeAsync(200);
    sent[1]!.finish();
    sent[2]!.finish();
    await jest.advanceTimersByTimeAsync(WINDOW_MS - 201);
    expect(sent).toHaveLength(3);
    await jest.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(4);
    await jest.advanceTimersByTimeAsync(199);
    expect(sent).toHaveLength(4);
    await jest.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(6);
    // Still with the hub: the rate waits for the first of them to be answered.
    await jest.advanceTimersByTimeAsync(5 * WINDOW_MS);
    expect(sent).toHaveLength(6);
    sent[3]!.finish();
    await jest.advanceTimersByTimeAsync(WINDOW_MS);
    expect(sent).toHaveLength(7);
  });

  it("has at most `concurrency` commands with the hub, and one per key", async () => {
    const { sent, send } = queueOf({ concurrency: 2 });
    send("a", "lock");
    send("a", "unlock");
    send("b", "push", [1]);
    send("c", "on");
    expect(names(sent)).toEqual(["a:lock()", "b:push(1)"]);
    sent[0]!.finish();
    await jest.advanceTimersByTimeAsync(0);
    expect(names(sent)).toEqual(["a:lock()", "b:push(1)", "a:unlock()"]);
    sent[1]!.finish();
    await jest.advanceTimersByTimeAsync(0);
    expect(names(sent)).toEqual(["a:lock()", "b:push(1)", "a:unlock()", "c:on()"]);
  });

  it("replaces a waiting command by a newer one setting the same thing; every caller gets the final outcome", async () => {
    const { queue, sent, send } = queueOf();
    const first = send("dimmer", "setLevel", [1]);
    const waiting = [2, 3, 4].map((level) => send("dimmer", "setLevel", [level]));
    expect(queue.pending("dimmer")).toEqual([
      { name: "setLevel", args: [1], queuedAt: expect.any(Date), sending: true },
      { name: "setLevel", args: [4], queuedAt: expect.any(Date), sending: false },
    ]);
    sent[0]!.finish();
    await jest.advanceTimersByTimeAsync(0);
    expect(first.value).toBe("setLevel(1)");
    expect(names(sent)).toEqual(["dimmer:setLevel(1)", "dimmer:setLevel(4)"]);
    sent[1]!.finish();
    await jest.advanceTimersByTimeAsync(0);
    expect(waiting.map((w) => w.value)).toEqual(["setLevel(4)", "setLevel(4)", "setLevel(4)"]);
    expect(queue.stats()).toMatchObject({ sent: 2, coalesced: 2, queued: 0, sending: 0 });
  });

  it("on and off replace each other; nothing is replaced across another command of the device", async () => {
    const { sent, send } = queueOf();
    send("bulb", "setLevel", [10]);
    send("bulb", "setLevel", [20]);
    send("bulb", "on");
    send("bulb", "off");
    send("bulb", "setLevel", [30]);
    send("bulb", "setColorTemperature", [2700]);
    send("bulb", "setColorTemperature", [3000]);
    for (let i = 0; i < 4; i++) {
      sent[i]!.finish();
      await jest.advanceTimersByTimeAsync(0);
    }
    expect(names(sent)).toEqual([
      "bulb:setLevel(10)",
      "bulb:setLevel(20)",
      "bulb:off()",
      "bulb:setLevel(30)",
      "bulb:setColorTemperature(3000)",
    ]);
  });

  it("never replaces lock, unlock, push, setCode or the hub's own commands, and keeps their order", async () => {
    const { sent, send } = queueOf();
    const order: [string, string, unknown[]][] = [
      ["lock", "lock", []],
      ["lock", "unlock", []],
      ["lock", "lock", []],
      ["lock", "setCode", [3, "4321", "Guest"]],
      ["lock", "deleteCode", [3]],
      ["button", "push", [1]],
      ["button", "push", [1]],
      ["hub", "setHsm", ["armAway"]],
      ["hub", "setHsm", ["disarm"]],
      ["hub", "setMode", ["Night"]],
      ["hub", "setMode", ["Day"]],
    ];
    for (const [key, name, args] of order) send(key, name, args);
    for (let i = 0; i < order.length; i++) {
      sent[i]?.finish();
      await jest.advanceTimersByTimeAsync(0);
    }
    for (const key of ["lock", "button", "hub"]) {
      expect(names(sent.filter((x) => x.key === key))).toEqual(
        order.filter(([k]) => k === key).map(([k, name, args]) => `${k}:${name}(${args.join()})`),
      );
    }
    expect(sent).toHaveLength(order.length);
  });

  it("refuses beyond maxQueued with RATE_LIMITED, yet still replaces a waiting command", async () => {
    const { queue, send } = queueOf({ maxQueued: 2 });
    send("lock", "lock");
    send("lock", "unlock");
    send("dimmer", "setLevel", [1]);
    send("dimmer", "setLevel", [2]);
    const refused = send("lock", "lock");
    const replacing = send("dimmer", "setLevel", [3]);
    await jest.advanceTimersByTimeAsync(0);
    expect(refused.error).toMatchObject({
      message: "The hub has 2 commands waiting already; try again in 1 s.",
      extensions: { code: "RATE_LIMITED", retryAfterSeconds: 1 },
    });
    expect(replacing.error).toBeUndefined();
    expect(queue.pending("dimmer").map((p) => p.args)).toEqual([[1], [3]]);
    expect(queue.stats()).toMatchObject({ queued: 2, sending: 2, refused: 1, coalesced: 1 });
  });

  it("a failure reaches every caller of the command; close refuses what still waits", async () => {
    const { queue, sent, send } = queueOf({ concurrency: 1 });
    send("dimmer", "setLevel", [1]);
    const level = [send("dimmer", "setLevel", [2]), send("dimmer", "setLevel", [3])];
    sent[0]!.finish();
    await jest.advanceTimersByTimeAsync(0);
    sent[1]!.fail(new Error("hub said 500"));
    await jest.advanceTimersByTimeAsync(0);
    expect(level.map((l) => (l.error as Error).message)).toEqual(["hub said 500", "hub said 500"]);

    const sending = send("lock", "lock");
    const waiting = send("lock", "unlock");
    const closing = queue.close();
    await jest.advanceTimersByTimeAsync(0);
    expect(waiting.error).toMatchObject({ extensions: { code: "UNAVAILABLE" } });
    expect(sending.value).toBeUndefined();
    sent[2]!.finish();
    await closing;
    expect(sending.value).toBe("lock()");
    const closed = send("lock", "lock");
    await jest.advanceTimersByTimeAsync(0);
    expect(closed.error).toMatchObject({ extensions: { code: "UNAVAILABLE" } });
    expect(names(sent)).toEqual(["dimmer:setLevel(1)", "dimmer:setLevel(3)", "lock:lock()"]);
  });
});
