/**
 * Fault injection: the whole stack as real processes under a steady load of reads, mail and a live
 * subscription, while subgraphs are killed, PostgreSQL restarts, SMTP misbehaves, the hub goes
 * away, Redis stops and the browsers' push service fails. Each test checks what people saw and that nothing accepted was lost, and
 * the suite writes what it saw to docs/reliability.md.
 */
import { hubFaults } from "./hub.faults";
import { mailFaults, mailLedgerOfTheRun } from "./mail.faults";
import { notificationFaults } from "./notifications.faults";
import { postgresFaults } from "./postgres.faults";
import { redisFaults } from "./redis.faults";
import { subgraphFaults } from "./subgraph.faults";
import { clean, fault, gatewayHealth, setUpFaultSuite, sleep, suite } from "./suite";

// One stack for the whole suite: the families run in this order, each on what the previous left
// (the mail ledger at the end counts every mail since the start).
setUpFaultSuite();

it("answers cleanly under the steady load before any fault", async () => {
  const { load } = suite();
  await fault("none (baseline)", async (row) => {
    const from = Date.now();
    expect(await load.nextEvent(from, 15_000)).toBe(true);
    await sleep(1_500);
    const samples = load.window("query", from);
    expect(samples.length).toBeGreaterThan(3);
    expect(samples.filter((s) => !clean(s))).toEqual([]);
    expect((await gatewayHealth()).body.breakers).toEqual({ auth: "closed", email: "closed", home: "closed" });
    row.seen = "every read answered, mail accepted, live updates arriving, every breaker closed";
    row.lost = "nothing";
  });
}, 60_000);

subgraphFaults();
postgresFaults();
mailFaults();
hubFaults();
redisFaults();
notificationFaults();
mailLedgerOfTheRun();
