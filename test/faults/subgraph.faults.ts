// Faults of one subgraph process: killed outright, then started again.
import { LIMITS } from "./harness";
import { suite, sleep, eventually, gatewayHealth, fault, clean } from "./suite";

/** A subgraph killed and started again. */
export function subgraphFaults(): void {
  it("a subgraph killed with SIGKILL: its fields are UNAVAILABLE, the rest answers, the breaker opens and closes", async () => {
    const { stack, load, adminId } = suite();
    await fault("home subgraph killed (SIGKILL), restarted 4 s later", async (row) => {
      const logFrom = stack.gateway.lines.length;
      const killedAt = Date.now();
      await stack.home.kill("SIGKILL");
      // Open: the gateway fails home's fields fast instead of calling it.
      const health = await eventually("home's breaker opens", 15_000, async () => {
        const h = await gatewayHealth();
        return h.body.breakers?.home === "open" && h;
      });
      expect(health.status).toBe(503);
      expect(health.body.checks.home.status).toBe("unhealthy");
      expect(health.body.breakers).toMatchObject({ auth: "closed", email: "closed" });
      await sleep(3_000);
      const restartAt = Date.now();
      await stack.home.start();
      await eventually(
        "home's breaker closes",
        20_000,
        async () => (await gatewayHealth()).body.breakers?.home === "closed",
      );
      await eventually("reads are clean again", 20_000, async () => {
        const recent = load.window("query", Date.now() - 1_000);
        return recent.length > 0 && recent.every(clean);
      });
      const recovered = Date.now();
      expect(await load.nextEvent(recovered, 20_000)).toBe(true);

      const during = load.window("query", killedAt + 200, restartAt);
      expect(during.length).toBeGreaterThan(3);
      // Partial data, never a 500: auth's field is there, home's is null with UNAVAILABLE.
      for (const s of during) {
        expect(s.status).toBe(200);
        expect(s.data?.user?.id).toBe(adminId);
        if (s.codes.length) {
          expect(s.codes).toEqual(["UNAVAILABLE"]);
          expect(s.paths).toEqual(["device"]);
          expect(s.data?.device).toBeNull();
        }
      }
      const unavailable = during.filter((s) => s.codes.includes("UNAVAILABLE"));
      expect(unavailable.length).toBeGreaterThan(2);
      // While open, the breaker answers at once rather than after a timeout or a refused connection.
      const fast = unavailable.filter((s) => s.ms < LIMITS.subgraphTimeoutMs);
      expect(fast.length).toBe(unavailable.length);
      const log = stack.gateway.since(logFrom).join("\n");
      expect(log).toMatch(/circuit to home opened/);
      expect(log).toMatch(/circuit to home closed/);
      // Mail (email) kept being accepted throughout.
      const mail = load.window("mail", killedAt, restartAt);
      expect(mail.length).toBeGreaterThan(2);
      expect(mail.filter((s) => !clean(s))).toEqual([]);
      row.seen =
        `${unavailable.length} of ${during.length} reads while home was down: HTTP 200 with \`user\` answered and ` +
        `\`device\` null with UNAVAILABLE (answered in ≤ ${Math.max(...unavailable.map((s) => s.ms))} ms); ` +
        `breaker home open → closed (in /health and the log); mail accepted throughout; ` +
        `clean reads and live updates again ${Math.round((recovered - restartAt) / 100) / 10} s after the restart`;
      row.lost = "nothing (home keeps its state in PostgreSQL)";
    });
  }, 90_000);
}
