// Faults of Redis, the pub/sub between replicas: stopped, then started again.
import { suite, sleep, eventually, json, gatewayHealth, fault, clean } from "./suite";

/** Redis stopped and started again. */
export function redisFaults(): void {
  it("Redis stopped in replica mode: live updates degrade with a clear error and recover without a restart", async () => {
    const { stack, load } = suite();
    await fault("Redis (REDIS_URL) stopped for 3 s and started again", async (row) => {
      const pids = [stack.home.pid, stack.email.pid, stack.gateway.pid];
      await stack.redis.kill("SIGKILL");
      const health = await eventually("home reports its pub/sub down", 15_000, async () => {
        const h = await json<{ checks: Record<string, { status: string; error?: string }> }>(
          `${stack.urls.home}/health`,
        );
        const entry = Object.entries(h.body.checks).find(([name]) => name.startsWith("pubsub"));
        return h.status === 503 && entry && entry[1].status === "unhealthy" && entry;
      });
      expect(health[1].error).toMatch(/redis/i);
      const gw = await gatewayHealth();
      expect(gw.status).toBe(503);
      expect(gw.body.checks.home.error).toMatch(/pubsub/);
      // Reads that need no Redis carry on.
      await sleep(1_500);
      expect(load.window("query", Date.now() - 1_000).every(clean)).toBe(true);
      await stack.redis.start();
      await eventually(
        "home's health is back",
        20_000,
        async () => (await json(`${stack.urls.home}/health`)).status === 200,
      );
      const back = Date.now();
      expect(await load.nextEvent(back, 20_000)).toBe(true);
      expect([stack.home.pid, stack.email.pid, stack.gateway.pid]).toEqual(pids);
      row.seen =
        `home /health 503 with "${health[0]}: ${health[1].error}", the gateway's /health naming it; ` +
        `reads unaffected; live updates resumed after Redis returned, no service restarted`;
      row.lost =
        "nothing stored: device state and events are in PostgreSQL; live updates published while Redis was down are not replayed";
    });
  }, 90_000);
}
