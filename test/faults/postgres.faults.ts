// Faults of the database: PostgreSQL stopped under load and started again on the same data.
import { LIMITS } from "./harness";
import { suite, sleep, eventually, json, graphql, fault, clean, sendMail } from "./suite";

/** PostgreSQL stopped and started again under the load. */
export function postgresFaults(): void {
  it("PostgreSQL restarted: nothing hangs past its timeout, pools reconnect, nothing written is lost", async () => {
    const { stack, load, adminId, deviceId } = suite();
    await fault("PostgreSQL stopped for 4 s and started again", async (row) => {
      // One mail is at the SMTP server, its 250 held back, when PostgreSQL goes: the server then
      // accepts it while the service cannot write that down. It must still be sent exactly once.
      await stack.smtp.setMode("hold");
      const before = await sendMail("before-postgres-restart");
      await eventually("the mail reached the SMTP server", 10_000, async () => stack.smtp.held.includes(before));
      const acceptedBefore = [...load.acceptedMail];
      const usersBefore = await stack.sql(`select count(*)::int as n from auth.users`);
      const stoppedAt = Date.now();
      await stack.stopPostgres();
      await stack.smtp.setMode("accept");
      stack.smtp.release();
      // Straight at each subgraph and through the gateway: each answers, in time, with UNAVAILABLE.
      const probes = await Promise.all([
        graphql(`{ user(id: "${adminId}") { id } }`, undefined, stack.urls.auth),
        graphql(`{ device(id: "${deviceId}") { id } }`, undefined, stack.urls.home),
        graphql(
          `
            {
              emailLogs {
                total
              }
            }
          `,
          undefined,
          stack.urls.email,
        ),
        graphql(`{ user(id: "${adminId}") { id } device(id: "${deviceId}") { id } }`),
      ]);
      const bound = LIMITS.dbConnectTimeoutMs + LIMITS.dbStatementTimeoutMs + 3_000;
      for (const p of probes) {
        expect(p.ms).toBeLessThan(bound);
        expect(p.codes.length).toBeGreaterThan(0);
        expect(p.codes.every((c) => c === "UNAVAILABLE")).toBe(true);
      }
      const signIn = await json(`${stack.gatewayUrl}/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "admin@example.com", password: "fault-suite-password" }),
      });
      expect(signIn.status).toBe(503);
      expect((signIn.body as { error?: { code?: string } }).error?.code).toBe("UNAVAILABLE");
      await sleep(1_500);
      const startAt = Date.now();
      await stack.startPostgres();
      await eventually("reads are clean again", 30_000, async () => {
        const recent = load.window("query", Date.now() - 1_000);
        return recent.length > 0 && recent.every(clean);
      });
      const recovered = Date.now();
      expect((await stack.signIn("admin@example.com")).startsWith("Bearer ")).toBe(true);
      await eventually("mail is accepted again", 20_000, async () =>
        load.window("mail", Date.now() - 1_500).some(clean),
      );
      expect(await load.nextEvent(recovered, 20_000)).toBe(true);
      // No answer during the outage took longer than the bound, and none hung.
      const during = [...load.window("query", stoppedAt, recovered), ...load.window("mail", stoppedAt, recovered)];
      expect(during.filter((s) => s.codes.includes("HUNG"))).toEqual([]);
      expect(during.filter((s) => s.ms > bound)).toEqual([]);
      expect(during.filter((s) => s.status >= 500)).toEqual([]);
      // Everything written before the stop is still there.
      expect((await stack.sql(`select count(*)::int as n from auth.users`))[0]!.n).toBe(usersBefore[0]!.n);
      const kept = await stack.sql(`select id from email.email_logs where id = any($1::int[])`, [
        [before, ...acceptedBefore],
      ]);
      expect(kept.length).toBe(acceptedBefore.length + 1);
      await eventually("the mail accepted during the stop is marked SENT", 30_000, async () => {
        const [r] = await stack.sql(`select status from email.email_logs where id = $1`, [before]);
        return r?.status === "SENT";
      });
      // Marked SENT by the worker that sent it: nobody took it over and sent it again.
      await sleep(1_000);
      expect(stack.smtp.deliveries.filter((d) => d.emailId === before)).toHaveLength(1);
      expect(stack.email.lines.some((l) => l.includes("sent, but the database is unreachable"))).toBe(true);
      const codes = [...new Set(during.flatMap((s) => s.codes))].sort();
      row.seen =
        `subgraphs and gateway answered within ${Math.max(...probes.map((p) => p.ms))} ms with UNAVAILABLE ` +
        `(bound ${bound} ms), sign-in 503 UNAVAILABLE; ${during.length} load requests during the outage, ` +
        `codes seen: ${codes.join(", ") || "none"}, slowest ${Math.max(...during.map((s) => s.ms))} ms, none hung; ` +
        `clean again ${Math.round((recovered - startAt) / 100) / 10} s after PostgreSQL was back; a mail the SMTP ` +
        `server accepted while PostgreSQL was down was recorded SENT once it was back (sent once)`;
      row.lost = `nothing: ${acceptedBefore.length + 1} mails and every user written before the stop are kept`;
    });
  }, 120_000);
}
