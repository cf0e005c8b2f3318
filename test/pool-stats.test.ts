import { createApp } from "../subgraphs/home/src/app";
import { configFromEnv } from "../subgraphs/home/src/config";
import { healthOf, startSubgraphForTest, type SubgraphUnderTest } from "./support/subgraph";

// A subgraph's /health shows its database pool's occupancy beside the database check, read before
// the check's own query joins the queue: the benchmark reads pool saturation from it.

let home: SubgraphUnderTest;
beforeAll(async () => {
  home = await startSubgraphForTest(createApp, configFromEnv, { DB_POOL_MAX: "3" });
});
afterAll(() => home?.stop());

describe("database pool in /health", () => {
  it("reports the pool's size and an idle pool with nothing queued", async () => {
    // The service's own start-up work (history roll-ups, the hub's first reconcile) may hold a
    // connection for a moment; once it settles, the pool reads idle.
    let pool: unknown;
    for (let i = 0; i < 30; i++) {
      const { body } = await healthOf(home.service.url);
      expect(body.checks.database.status).toBe("healthy");
      pool = body.checks.database.detail.pool;
      if ((pool as { used: number }).used === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(pool).toEqual({ max: 3, used: 0, free: expect.any(Number), pending: 0 });
  });

  it("counts the requests queued for a connection when every connection is busy", async () => {
    const em = home.service.orm.em.fork();
    const busy = Array.from({ length: 5 }, () => em.getConnection().execute("select pg_sleep(1.5)"));
    try {
      await new Promise((r) => setTimeout(r, 300));
      const { body } = await healthOf(home.service.url);
      const pool = body.checks.database.detail.pool;
      // Five statements on three connections: three run, the other two wait for one.
      expect(pool.max).toBe(3);
      expect(pool.used).toBeLessThanOrEqual(3);
      expect(pool.used + pool.pending).toBeGreaterThanOrEqual(5);
      expect(pool.pending).toBeGreaterThanOrEqual(2);
    } finally {
      await Promise.allSettled(busy);
    }
  });
});
