/**
 * Fault injection: the whole stack as real processes under a steady load of reads, mail and a live
 * subscription, while subgraphs are killed, PostgreSQL restarts, SMTP misbehaves, the hub goes
 * away and Redis stops. Each test checks what people saw and that nothing accepted was lost, and
 * the suite writes what it saw to docs/reliability.md.
 */
import { startFaultStack, LIMITS, type FaultStack } from "./harness";
import { Load, type Sample } from "./load";
import { writeResults, type ResultRow } from "./report";

let stack: FaultStack;
let load: Load;
let admin: string;
let adminId: string;
let deviceId: string;
const rows: ResultRow[] = [];
const suiteStarted = Date.now();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(what: string, timeoutMs: number, check: () => Promise<T | false | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${String(last)})` : ""}`);
    await sleep(200);
  }
}

async function json<T = any>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
}

const gatewayHealth = () =>
  json<{
    status: string;
    breakers?: Record<string, string>;
    checks: Record<string, { status: string; error?: string }>;
  }>(`${stack.gatewayUrl}/health`);

async function graphql(query: string, variables?: Record<string, unknown>, url = stack.gatewayUrl) {
  const started = Date.now();
  const res = await json<{ data?: any; errors?: { message: string; extensions?: { code?: string } }[] }>(
    `${url}/graphql`,
    {
      method: "POST",
      headers: { "content-type": "application/json", authorization: admin },
      body: JSON.stringify({ query, variables }),
    },
  );
  return { ...res, ms: Date.now() - started, codes: (res.body.errors ?? []).map((e) => e.extensions?.code) };
}

/** Runs one fault's checks and records its row; the row says FAIL unless every check passed. */
async function fault(name: string, body: (row: ResultRow) => Promise<void>): Promise<void> {
  const row: ResultRow = { fault: name, seen: "", lost: "not established (the checks failed)", passed: false };
  rows.push(row);
  await body(row);
  row.passed = true;
}

const clean = (s: Sample) => s.status === 200 && s.codes.length === 0;

/** Every mail accepted so far is SENT once (the SMTP server saw it once) or FAILED with a reason. */
async function mailLedger(ids: number[]) {
  const rows = await stack.sql(`select id, status, last_error from email.email_logs where id = any($1::int[])`, [ids]);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const deliveries = new Map<number, number>();
  for (const d of stack.smtp.deliveries) deliveries.set(d.emailId, (deliveries.get(d.emailId) ?? 0) + 1);
  const missing = ids.filter((id) => !byId.has(id));
  const pending = rows.filter((r) => r.status === "QUEUED" || r.status === "SENDING").map((r) => Number(r.id));
  const sentNotOnce = rows
    .filter((r) => r.status === "SENT" && deliveries.get(Number(r.id)) !== 1)
    .map((r) => [Number(r.id), deliveries.get(Number(r.id)) ?? 0]);
  const failedWithoutReason = rows.filter((r) => r.status === "FAILED" && !r.last_error).map((r) => Number(r.id));
  const deliveredButNotSent = [...deliveries.keys()].filter(
    (id) => ids.includes(id) && byId.get(id)?.status !== "SENT",
  );
  const failed = rows.filter((r) => r.status === "FAILED");
  return {
    missing,
    pending,
    sentNotOnce,
    failedWithoutReason,
    deliveredButNotSent,
    sent: rows.filter((r) => r.status === "SENT").length,
    failed,
  };
}

async function sendMail(subject: string) {
  const res = await graphql(
    `
      mutation ($input: SendEmailInput!) {
        sendEmail(input: $input) {
          id
          status
        }
      }
    `,
    {
      input: { to: "ledger@example.com", subject, body: subject, idempotencyKey: `${subject}-${Date.now()}` },
    },
  );
  expect(res.codes).toEqual([]);
  return Number(res.body.data.sendEmail.id);
}

beforeAll(async () => {
  stack = await startFaultStack();
  await stack.addUser("admin@example.com", "ADMIN");
  admin = await stack.signIn("admin@example.com");
  adminId = String((await stack.sql(`select id from auth.users where email = 'admin@example.com'`))[0]!.id);
  deviceId = await eventually("home synced the hub's devices", 30_000, async () => {
    const [row] = await stack.sql(`select id from home.devices order by id limit 1`);
    return row ? String(row.id) : undefined;
  });
  load = new Load({
    gatewayUrl: stack.gatewayUrl,
    authorization: admin,
    userId: adminId,
    deviceId,
    mailTo: "household@example.com",
  });
  load.start();
}, 120_000);

afterAll(async () => {
  await load?.stop();
  const seconds = Math.round((Date.now() - suiteStarted) / 1000);
  // A run of some of the tests (jest -t) would leave a table that claims less than the suite proves.
  const filtered = process.argv.some((a) => a === "-t" || a.startsWith("--testNamePattern"));
  if (filtered) console.warn("fault suite: only some tests ran (-t), so docs/reliability.md is left as it was");
  if (rows.length && !filtered) {
    writeResults(
      rows,
      `Last run: ${new Date().toISOString().slice(0, 10)}, ${seconds} s, ${load?.samples.length ?? 0} requests ` +
        `and ${load?.acceptedMail.length ?? 0} mails of steady load, ${load?.events.length ?? 0} live updates received.`,
    );
  }
  if (stack && rows.some((r) => !r.passed)) {
    console.error(`fault suite: the services' output is in ${stack.saveLogs()}`);
  }
  await stack?.stop();
}, 60_000);

it("answers cleanly under the steady load before any fault", async () => {
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

it("a subgraph killed with SIGKILL: its fields are UNAVAILABLE, the rest answers, the breaker opens and closes", async () => {
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

it("PostgreSQL restarted: nothing hangs past its timeout, pools reconnect, nothing written is lost", async () => {
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
    await eventually("mail is accepted again", 20_000, async () => load.window("mail", Date.now() - 1_500).some(clean));
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

for (const [mode, label] of [
  ["refuse", "SMTP refusing connections for 2.5 s"],
  ["4xx", "SMTP answering 451 (temporary) for 2.5 s"],
  ["stall", "SMTP stalling (DATA never answered) for 2.5 s"],
] as const) {
  it(`${label}: every accepted mail is delivered exactly once when it recovers`, async () => {
    await fault(label, async (row) => {
      const acceptedFrom = load.acceptedMail.length;
      await stack.smtp.setMode(mode);
      const own = await sendMail(`during-${mode}`);
      // The mail meets the fault at least once before SMTP recovers.
      await eventually("the mail met the fault", 10_000, async () => {
        const [r] = await stack.sql(`select attempts, last_error from email.email_logs where id = $1`, [own]);
        return r && r.attempts >= 1 && (mode === "stall" ? stack.smtp.stalled.includes(own) : Boolean(r.last_error));
      });
      const [met] = await stack.sql(`select last_error from email.email_logs where id = $1`, [own]);
      await sleep(1_500);
      await stack.smtp.setMode("accept");
      const ids = [own, ...load.acceptedMail.slice(acceptedFrom)];
      const ledger = await eventually("every mail accepted during the fault is sent", 45_000, async () => {
        const l = await mailLedger(ids);
        return l.pending.length === 0 && l;
      });
      expect(ledger.missing).toEqual([]);
      expect(ledger.sentNotOnce).toEqual([]);
      expect(ledger.deliveredButNotSent).toEqual([]);
      expect(ledger.failed).toEqual([]);
      expect(ledger.sent).toBe(ids.length);
      row.seen =
        `mail accepted as usual; the attempts failed with "${String(met?.last_error ?? "(timed out, stalled)").slice(0, 80)}" ` +
        `and were retried with backoff`;
      row.lost = `nothing: ${ids.length} mails accepted during the fault, each delivered exactly once`;
    });
  }, 90_000);
}

it("SMTP answering 5xx or 4xx for good: the mail ends FAILED with the server's reason", async () => {
  await fault("SMTP answering 550 (permanent), then 451 past the last attempt", async (row) => {
    await stack.smtp.setMode("5xx");
    const permanent = await sendMail("permanent-refusal");
    const [p] = await eventually("the 5xx mail is FAILED", 20_000, async () => {
      const r = await stack.sql(`select status, attempts, last_error from email.email_logs where id = $1`, [permanent]);
      return r[0]?.status === "FAILED" && r;
    });
    // RFC 5321: a 5xx is not retried.
    expect(p!.attempts).toBe(1);
    expect(p!.last_error).toMatch(/550/);
    await stack.smtp.setMode("4xx");
    const temporary = await sendMail("temporary-forever");
    const [t] = await eventually("the 4xx mail is FAILED after its last attempt", 45_000, async () => {
      const r = await stack.sql(`select status, attempts, last_error from email.email_logs where id = $1`, [temporary]);
      return r[0]?.status === "FAILED" && r;
    });
    await stack.smtp.setMode("accept");
    expect(t!.attempts).toBe(LIMITS.emailMaxAttempts);
    expect(t!.last_error).toMatch(/451/);
    expect(stack.smtp.deliveries.filter((d) => d.emailId === permanent || d.emailId === temporary)).toEqual([]);
    row.seen = `550: FAILED after 1 attempt ("${String(p!.last_error).slice(0, 60)}"); 451 throughout: FAILED after ${t!.attempts} attempts ("${String(t!.last_error).slice(0, 60)}")`;
    row.lost = "nothing silently: each mail ends FAILED with the server's reason in the delivery log";
  });
}, 90_000);

it("the email service killed mid-send: after a restart every accepted mail is delivered exactly once", async () => {
  await fault("email service killed (SIGKILL) while a mail was on the wire", async (row) => {
    const acceptedFrom = load.acceptedMail.length;
    let stalledId = 0;
    const stalled = new Promise<void>((resolve) => {
      stack.smtp.onStall = (id) => {
        stalledId = id;
        resolve();
      };
    });
    await stack.smtp.setMode("stall");
    const own = await sendMail("mid-send");
    await stalled;
    // The DATA is on the wire and unanswered: kill now.
    await stack.email.kill("SIGKILL");
    stack.smtp.onStall = undefined;
    const [sending] = await stack.sql(`select status from email.email_logs where id = $1`, [stalledId]);
    expect(sending!.status).toBe("SENDING");
    const killedAt = Date.now();
    await sleep(1_500);
    await stack.smtp.setMode("accept");
    const restartedAt = Date.now();
    await stack.email.start();
    const ids = [...new Set([own, stalledId, ...load.acceptedMail.slice(acceptedFrom)])];
    const ledger = await eventually("every accepted mail is sent", 60_000, async () => {
      const l = await mailLedger(ids);
      return l.pending.length === 0 && l;
    });
    expect(ledger.missing).toEqual([]);
    expect(ledger.sentNotOnce).toEqual([]);
    expect(ledger.failed).toEqual([]);
    expect(ledger.sent).toBe(ids.length);
    const taken = stack.smtp.deliveries.find((d) => d.emailId === stalledId)!;
    // While it was down, sending mail was refused as UNAVAILABLE: nothing was accepted to lose.
    const whileDown = load.window("mail", killedAt + 100, restartedAt);
    expect(whileDown.length).toBeGreaterThan(0);
    for (const s of whileDown) {
      expect(s.status).toBe(200);
      expect(s.codes).toEqual(["UNAVAILABLE"]);
    }
    row.seen =
      `the mail on the wire stayed SENDING; after the restart its lease (${LIMITS.emailLeaseSeconds} s) ran out and ` +
      `another worker sent it ${Math.round((taken.at - restartedAt) / 100) / 10} s after the restart; ` +
      `${whileDown.length} mails sent while email was down got UNAVAILABLE (not accepted, so nothing to lose)`;
    row.lost = `nothing: ${ids.length} accepted mail${ids.length === 1 ? "" : "s"}, each delivered exactly once`;
  });
}, 120_000);

const hubState = async () =>
  (
    await graphql(`
      {
        hub {
          connected
          problem
          lastSyncAt
        }
        devices {
          id
          stale
        }
      }
    `)
  ).body.data as {
    hub: { connected: boolean; problem: string | null; lastSyncAt: string };
    devices: { id: string; stale: boolean }[];
  };

it("the hub unreachable, rebooting, and sending malformed events: home degrades with a clear error and recovers", async () => {
  await fault(
    "hub unreachable for 3 s, rebooted (systemStart), malformed event posts and eventsocket frames",
    async (row) => {
      const homePid = stack.home.pid;
      stack.hub.setOffline(true);
      const away = await eventually("home reports the hub away", 15_000, async () => {
        const s = await hubState();
        return s.hub.connected === false && s;
      });
      expect(away.hub.problem).toEqual(expect.any(String));
      expect(away.devices.length).toBeGreaterThan(0);
      expect(away.devices.every((d) => d.stale)).toBe(true);
      const command = await graphql(
        `
          mutation ($id: ID!) {
            sendDeviceCommand(deviceId: $id, command: "refresh") {
              id
            }
          }
        `,
        {
          id: deviceId,
        },
      );
      expect(command.codes).toEqual(["UNAVAILABLE"]);
      await sleep(1_500);
      stack.hub.setOffline(false);
      await eventually("home reports the hub back", 15_000, async () => (await hubState()).hub.connected);

      const syncedBefore = (await hubState()).hub.lastSyncAt;
      await stack.hub.reboot(1_500);
      const rebooted = await eventually("home resynced after systemStart", 20_000, async () => {
        const s = await hubState();
        return s.hub.connected && s.hub.lastSyncAt !== syncedBefore && s;
      });
      expect(rebooted.devices.every((d) => !d.stale)).toBe(true);

      const [stateBefore] = await stack.sql(`select mode, hsm_status from home.hub_state`);
      const postUrl = stack.hub.postUrl();
      expect(postUrl).toMatch(/\/hubitat\/events\//);
      const malformed: [string, string][] = [
        ["application/json", "{not json"],
        ["application/json", JSON.stringify({ content: { name: 7, value: { deep: true }, deviceId: [] } })],
        ["text/plain", "\u0000\u0001garbage"],
        ["application/json", JSON.stringify({ content: null })],
        ["application/json", JSON.stringify([1, 2, 3])],
      ];
      const answers = [];
      for (const [type, body] of malformed) {
        const res = await fetch(postUrl!, { method: "POST", headers: { "content-type": type }, body });
        answers.push(res.status);
      }
      // Refused as bad input (or ignored), never a crash or a 500.
      expect(answers.every((s) => s < 500)).toBe(true);
      expect(answers.filter((s) => s === 400).length).toBeGreaterThan(0);
      // Nothing they said was taken for the hub's state.
      expect((await stack.sql(`select mode, hsm_status from home.hub_state`))[0]).toEqual(stateBefore);
      // Over the eventsocket (a replica that listens there): frames that are not events at all.
      const replica = await stack.startHomeReplica({ HUBITAT_EVENT_TRANSPORT: "eventsocket" });
      const frameWarnings = await (async () => {
        try {
          await eventually("the replica's eventsocket is open", 15_000, async () =>
            replica.process.lines.some((l) => l.includes("hub eventsocket connected")),
          );
          const from = replica.process.lines.length;
          const frames = ["{not json", "\u0000\u0001binary", JSON.stringify({ name: null }), "[]", "null"];
          const sent = await json<{ clients: number }>(`${stack.hub.url}/_sim/eventsocket/frames`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ frames }),
          });
          expect(sent.body.clients).toBeGreaterThanOrEqual(1);
          await eventually("the replica logs the frames it could not read", 10_000, async () =>
            replica.process.since(from).some((l) => l.includes("not JSON")),
          );
          await sleep(500);
          const said = replica.process.since(from);
          // The socket stays open, and the replica still reports the hub connected and healthy.
          expect(said.filter((l) => l.includes("eventsocket closed"))).toEqual([]);
          expect(replica.process.running).toBe(true);
          const seenByReplica = await graphql(
            `
              {
                hub {
                  connected
                }
              }
            `,
            undefined,
            replica.url,
          );
          // Replicas share the hub's stored state; the one just started may still be syncing.
          await eventually("the replica sees the hub connected", 15_000, async () =>
            seenByReplica.body.data?.hub?.connected === true
              ? true
              : (
                  await graphql(
                    `
                      {
                        hub {
                          connected
                        }
                      }
                    `,
                    undefined,
                    replica.url,
                  )
                ).body.data?.hub?.connected === true,
          );
          expect((await json(`${replica.url}/health`)).status).toBe(200);
          return said.filter((l) => l.includes("not JSON")).length;
        } finally {
          await replica.process.kill("SIGTERM");
        }
      })();
      expect((await stack.sql(`select mode, hsm_status from home.hub_state`))[0]).toEqual(stateBefore);

      const after = Date.now();
      expect(await load.nextEvent(after, 15_000)).toBe(true);
      expect((await hubState()).hub.connected).toBe(true);
      expect(stack.home.pid).toBe(homePid);
      row.seen =
        `hub { connected: false, problem: "${away.hub.problem}" }, devices served from storage marked stale, ` +
        `commands UNAVAILABLE; back by itself; a reboot's systemStart made home resync; malformed posts answered ` +
        `${answers.join(", ")}; malformed eventsocket frames were logged (${frameWarnings} warnings) and skipped, the ` +
        `socket stayed open; live updates carried on, home never restarted`;
      row.lost = "nothing: events the hub sent while reachable are stored; stale state is marked as such";
    },
  );
}, 90_000);

it("Redis stopped in replica mode: live updates degrade with a clear error and recover without a restart", async () => {
  await fault("Redis (REDIS_URL) stopped for 3 s and started again", async (row) => {
    const pids = [stack.home.pid, stack.email.pid, stack.gateway.pid];
    await stack.redis.kill("SIGKILL");
    const health = await eventually("home reports its pub/sub down", 15_000, async () => {
      const h = await json<{ checks: Record<string, { status: string; error?: string }> }>(`${stack.urls.home}/health`);
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

it("nothing accepted under the whole run was lost or sent twice", async () => {
  await fault("all of the above, the steady load's mail", async (row) => {
    await stack.smtp.setMode("accept");
    const ids = [...load.acceptedMail];
    expect(ids.length).toBeGreaterThan(20);
    const ledger = await eventually("the queue drains", 60_000, async () => {
      const l = await mailLedger(ids);
      return l.pending.length === 0 && l;
    });
    expect(ledger.missing).toEqual([]);
    expect(ledger.sentNotOnce).toEqual([]);
    expect(ledger.deliveredButNotSent).toEqual([]);
    expect(ledger.failedWithoutReason).toEqual([]);
    // Only the mail accepted while SMTP refused for good may have failed, and then with its reason.
    for (const f of ledger.failed) expect(String(f.last_error)).toMatch(/550|451/);
    const sent = ledger.sent;
    row.seen = `${ids.length} mails accepted by the steady load: ${sent} sent exactly once, ${ledger.failed.length} FAILED with the SMTP server's reason`;
    row.lost = "nothing";
  });
}, 90_000);
