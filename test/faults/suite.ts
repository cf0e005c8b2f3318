import { startFaultStack, type FaultStack } from "./harness";
import { Load, type Sample } from "./load";
import { writeResults, type ResultRow } from "./report";

// What every fault family shares: one stack of real processes under one steady load for the whole
// suite (each family's tests run after the previous family's, in faults.test.ts's order), the checks'
// helpers, and the table of results the suite writes to docs/reliability.md at the end.

export interface Suite {
  stack: FaultStack;
  load: Load;
  /** The admin's Authorization header value. */
  admin: string;
  adminId: string;
  deviceId: string;
}

let running: Suite | undefined;

/** Mail the notification rows had sent (their EMAIL channel): the run's mail ledger counts it too. */
export const notificationMail: number[] = [];
const rows: ResultRow[] = [];
const suiteStarted = Date.now();

/** The stack and load the suite's beforeAll started. */
export function suite(): Suite {
  if (!running) throw new Error("the fault stack did not start (see beforeAll's error)");
  return running;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function eventually<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | false | undefined>,
): Promise<T> {
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

export async function json<T = any>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
}

export const gatewayHealth = () =>
  json<{
    status: string;
    breakers?: Record<string, string>;
    checks: Record<string, { status: string; error?: string }>;
  }>(`${suite().stack.gatewayUrl}/health`);

export async function graphql(query: string, variables?: Record<string, unknown>, url = suite().stack.gatewayUrl) {
  const started = Date.now();
  const res = await json<{ data?: any; errors?: { message: string; extensions?: { code?: string } }[] }>(
    `${url}/graphql`,
    {
      method: "POST",
      headers: { "content-type": "application/json", authorization: suite().admin },
      body: JSON.stringify({ query, variables }),
    },
  );
  return { ...res, ms: Date.now() - started, codes: (res.body.errors ?? []).map((e) => e.extensions?.code) };
}

/** Runs one fault's checks and records its row; the row says FAIL unless every check passed. */
export async function fault(name: string, body: (row: ResultRow) => Promise<void>): Promise<void> {
  const row: ResultRow = { fault: name, seen: "", lost: "not established (the checks failed)", passed: false };
  rows.push(row);
  await body(row);
  row.passed = true;
}

export const clean = (s: Sample) => s.status === 200 && s.codes.length === 0;

/** Every mail accepted so far is SENT once (the SMTP server saw it once) or FAILED with a reason. */
export async function mailLedger(ids: number[]) {
  const { stack } = suite();
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

/** The ledger of `ids` once none of them is waiting to be sent any more (`what` names the wait). */
export function settledLedger(what: string, timeoutMs: number, ids: number[]) {
  return eventually(what, timeoutMs, async () => {
    const l = await mailLedger(ids);
    return l.pending.length === 0 && l;
  });
}

/** The mail's delivery-log row once it is FAILED. */
export function failedMail(what: string, timeoutMs: number, id: number) {
  return eventually(what, timeoutMs, async () => {
    const r = await suite().stack.sql(`select status, attempts, last_error from email.email_logs where id = $1`, [id]);
    return r[0]?.status === "FAILED" && r;
  });
}

export async function sendMail(subject: string) {
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

/** Starts the stack and the load before the first family's tests; writes the table after the last. */
export function setUpFaultSuite(): void {
  let stack: FaultStack | undefined;
  let load: Load | undefined;
  beforeAll(async () => {
    const started = await startFaultStack();
    stack = started;
    await started.addUser("admin@example.com", "ADMIN");
    const admin = await started.signIn("admin@example.com");
    const adminId = String((await started.sql(`select id from auth.users where email = 'admin@example.com'`))[0]!.id);
    const deviceId = await eventually("home synced the hub's devices", 30_000, async () => {
      const [row] = await started.sql(`select id from home.devices order by id limit 1`);
      return row ? String(row.id) : undefined;
    });
    load = new Load({
      gatewayUrl: started.gatewayUrl,
      authorization: admin,
      userId: adminId,
      deviceId,
      mailTo: "household@example.com",
    });
    load.start();
    running = { stack: started, load, admin, adminId, deviceId };
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
}
