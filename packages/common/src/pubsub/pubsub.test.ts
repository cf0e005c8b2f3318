import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { createLogger } from "../logging/logger.js";
import { within } from "../../../../test/support/tokens";
import { createServicePubSub, type RunningPubSub } from "./pubsub.js";

const REDIS_URL = process.env.TEST_REDIS_URL;
const logger = createLogger("pubsub-test", "silent");

/** Takes the next `count` values of a subscription. */
async function take<T>(iterable: AsyncIterable<T>, count: number, timeoutMs = 5000): Promise<T[]> {
  const values: T[] = [];
  const timeout = setTimeout(() => void iterable[Symbol.asyncIterator]().return?.(), timeoutMs);
  for await (const value of iterable) {
    values.push(value);
    if (values.length === count) break;
  }
  clearTimeout(timeout);
  return values;
}

describe("createServicePubSub in-process", () => {
  it("delivers to subscribers of the same process and says which mode it is in", async () => {
    const events = await createServicePubSub({ logger });
    expect(events.mode).toBe("memory");
    expect(events.health.name).toBe("pubsub (in-process)");
    const received = take(events.pubSub.subscribe("t"), 2);
    events.pubSub.publish("t", { n: 1 });
    events.pubSub.publish("t", { n: 2 });
    expect(await received).toEqual([{ n: 1 }, { n: 2 }]);
    await events.close();
  });

  it("refuses a REDIS_URL it cannot reach, saying so", async () => {
    await expect(createServicePubSub({ logger, redisUrl: "redis://127.0.0.1:1" })).rejects.toThrow(
      /Redis at REDIS_URL cannot be reached/,
    );
  });
});

(REDIS_URL ? describe : describe.skip)("createServicePubSub on Redis", () => {
  if (!REDIS_URL) console.log("Skipping the Redis pub/sub tests: TEST_REDIS_URL is not set.");
  const prefix = `test-${randomUUID()}:`;
  let a: RunningPubSub;
  let b: RunningPubSub;
  beforeAll(async () => {
    a = await createServicePubSub({ logger, redisUrl: REDIS_URL, channelPrefix: prefix });
    b = await createServicePubSub({ logger, redisUrl: REDIS_URL, channelPrefix: prefix });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it("a publish on one replica reaches the subscribers of both, once each", async () => {
    expect(a.mode).toBe("redis");
    await expect(a.health.check()).resolves.toBeUndefined();
    const onA = take(a.pubSub.subscribe("topic"), 2);
    const onB = take(b.pubSub.subscribe("topic"), 2);
    await new Promise((r) => setTimeout(r, 100)); // SUBSCRIBE reaches Redis
    a.pubSub.publish("topic", { from: "a" });
    b.pubSub.publish("topic", { from: "b" });
    expect(await onA).toEqual([{ from: "a" }, { from: "b" }]);
    expect(await onB).toEqual([{ from: "a" }, { from: "b" }]);
  });

  it("keeps its subscriptions when Redis drops the connection, and /health shows the gap", async () => {
    const received = take(b.pubSub.subscribe("after-drop"), 1, 10_000);
    await new Promise((r) => setTimeout(r, 100));
    const admin = new Redis(REDIS_URL!);
    try {
      // This test's subscriber connections only (others may share this Redis), as a restart would.
      const list = (await admin.client("LIST")) as string;
      const ids = list
        .split("\n")
        .filter((line) => line.includes(` name=${prefix}subscribe `))
        .map((line) => /\bid=(\d+)/.exec(line)![1]!);
      expect(ids).toHaveLength(2);
      for (const id of ids) await admin.client("KILL", "ID", id);
    } finally {
      admin.disconnect();
    }
    await within(2000, () =>
      b.health.check().then(
        () => false,
        () => true,
      ),
    );
    // ioredis reconnects and re-subscribes by itself; publish until the subscriber hears again.
    let got = false;
    void received.then(() => (got = true));
    for (let i = 0; i < 100 && !got; i++) {
      a.pubSub.publish("after-drop", { i });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(got).toBe(true);
    await expect(b.health.check()).resolves.toBeUndefined();
  });
});
