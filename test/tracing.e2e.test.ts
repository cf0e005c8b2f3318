import { randomBytes } from "node:crypto";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { createScratchDatabase } from "../packages/common/src/db/databases";
import { startHomegraph } from "../scripts/lib/stack-harness.cjs";
import { gatewaySignIn } from "./support/stack-env";
import { startOtlpReceiver, SERVER, CLIENT, CONSUMER, type OtlpReceiver, type ReceivedSpan } from "./support/otlp";

// Traces as an operator gets them: `npm start` (every service a process of its own, as deployed)
// with OTEL_EXPORTER_OTLP_ENDPOINT pointing at an OTLP/HTTP receiver here; one GraphQL request
// through the gateway touching the three subgraphs, PostgreSQL, SMTP and the hub's Maker API must
// arrive as one trace, each service's spans under the right parent.

type Stack = Awaited<ReturnType<typeof startHomegraph>>;

let receiver: OtlpReceiver;
let stack: Stack;
let db: { url: string; drop: () => Promise<void> };

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  db = await createScratchDatabase(process.env.TEST_DATABASE_URL!);
  stack = await startHomegraph({
    env: {
      DATABASE_URL: db.url,
      DEMO_SEED: "1",
      SIM_ACTIVITY: "false",
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    },
    readyTimeoutMs: 240_000,
  });
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await db?.drop();
  await receiver?.close();
}, 60_000);

async function gql<T>(token: string, query: string, variables: Record<string, unknown>, headers = {}) {
  const res = await fetch(`${stack.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: T; errors?: { message: string }[] } };
}

const TRACED = `mutation Traced($device: ID!, $key: String!) {
  updateProfile(input: { displayName: "Traced Admin" }) { displayName emailsSent devicesChanged { id } }
  sendEmail(input: { to: "someone@example.com", subject: "Traced", body: "One trace", idempotencyKey: $key }) { id }
  sendDeviceCommand(deviceId: $device, command: "on") { id }
}`;

const isQuery = (s: ReceivedSpan) => s.attributes["db.system.name"] === "postgresql";

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
}

describe("one request, one trace", () => {
  const traceId = randomBytes(16).toString("hex");
  const callerSpanId = randomBytes(8).toString("hex");
  let spans: ReceivedSpan[] = [];
  const byService = (service: string) => spans.filter((s) => s.service === service);
  const parentOf = (span: ReceivedSpan) => spans.find((s) => s.spanId === span.parentSpanId);

  beforeAll(async () => {
    const { accessToken } = await gatewaySignIn(stack.url, "test@example.com", "password");
    const devices = await gql<{ devices: { id: string; commands: { name: string }[] }[] }>(
      accessToken,
      "{ devices { id commands { name } } }",
      {},
    );
    const device = devices.body.data!.devices.find((d) => d.commands.some((c) => c.name === "on"))!;
    expect(device).toBeDefined();
    // The caller is part of the trace: its traceparent is where the gateway's spans hang.
    const { status, body } = await gql(
      accessToken,
      TRACED,
      { device: device.id, key: `trace-${traceId}` },
      { traceparent: `00-${traceId}-${callerSpanId}-01` },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    // The mail leaves through the durable queue after the response; spans come in 1 s batches.
    await until(() => receiver.trace(traceId).some((s) => s.name === "smtp send"), 30_000);
    await new Promise((r) => setTimeout(r, 2500));
    spans = receiver.trace(traceId);
  }, 90_000);

  it("has spans from the gateway and every subgraph, exported by OTLP under their service names", () => {
    const services = new Set(spans.map((s) => s.service));
    expect([...services].sort()).toEqual(
      expect.arrayContaining(["homegraph-auth", "homegraph-email", "homegraph-gateway", "homegraph-home"]),
    );
  });

  it("hangs the gateway's request on the caller's span, and each subgraph's request on a gateway span", () => {
    const root = byService("homegraph-gateway").find((s) => s.kind === SERVER && s.parentSpanId === callerSpanId);
    expect(root).toBeDefined();
    for (const subgraph of ["homegraph-auth", "homegraph-email", "homegraph-home"]) {
      const served = byService(subgraph).filter(
        (s) => s.kind === SERVER && parentOf(s)?.service === "homegraph-gateway",
      );
      expect({ subgraph, served: served.length > 0 }).toEqual({ subgraph, served: true });
    }
    // One connected tree: every span's parent is in the trace, or is the caller.
    const orphans = spans.filter((s) => s.parentSpanId !== callerSpanId && !parentOf(s));
    expect(orphans.map((s) => `${s.service} ${s.name}`)).toEqual([]);
  });

  it("includes each subgraph's PostgreSQL queries", () => {
    for (const subgraph of ["homegraph-auth", "homegraph-email", "homegraph-home"]) {
      const queries = byService(subgraph).filter(isQuery);
      expect({ subgraph, queries: queries.length > 0 }).toEqual({ subgraph, queries: true });
    }
  });

  it("carries the trace through the durable mail queue to the SMTP send", () => {
    const smtp = spans.find((s) => s.name === "smtp send")!;
    expect(smtp).toMatchObject({ service: "homegraph-email", kind: CLIENT });
    expect(smtp.attributes["server.address"]).toBe("127.0.0.1");
    const deliver = parentOf(smtp)!;
    expect(deliver).toMatchObject({ name: "email deliver", kind: CONSUMER, service: "homegraph-email" });
    // Delivery is a later job, yet its parent is the request that queued the mail.
    const enqueuedIn = parentOf(deliver)!;
    expect(enqueuedIn.service).toBe("homegraph-email");
    // The job's own claim and status writes are traced too.
    const claims = spans.filter((s) => s.parentSpanId === deliver.spanId && isQuery(s));
    expect(claims.length).toBeGreaterThan(0);
  });

  it("includes the home's call to the hub's Maker API", () => {
    const maker = byService("homegraph-home").filter(
      (s) => s.kind === CLIENT && String(s.attributes["url.full"] ?? "").includes("/apps/api/"),
    );
    expect(maker.length).toBeGreaterThan(0);
    // The access token in the query string never reaches the collector.
    expect(String(maker[0]!.attributes["url.full"])).toMatch(/access_token=REDACTED$/);
  });

  it("keeps the values out of the SQL a trace shows", () => {
    const sql = spans.filter(isQuery).map((s) => String(s.attributes["db.query.text"]));
    expect(sql.some((q) => /insert into "email"."email_logs"/i.test(q))).toBe(true);
    expect(sql.join("\n")).not.toContain("someone@example.com");
    expect(sql.join("\n")).not.toContain("Traced Admin");
  });

  it("writes the trace id in the services' log lines", () => {
    expect(stack.output()).toContain(traceId);
  });
});

describe("a mail from auth's outbox", () => {
  // Auth writes the mail into its outbox in the request's transaction; a background worker hands
  // it to the email service later, whose queue delivers it later still. The row keeps the
  // request's traceparent, so the SMTP send still hangs under the request that asked for it.
  const traceId = randomBytes(16).toString("hex");
  const callerSpanId = randomBytes(8).toString("hex");
  let spans: ReceivedSpan[] = [];
  const parentOf = (span: ReceivedSpan) => spans.find((s) => s.spanId === span.parentSpanId);
  const ancestors = (span: ReceivedSpan) => {
    const chain: ReceivedSpan[] = [];
    for (let at = parentOf(span); at; at = parentOf(at)) chain.push(at);
    return chain;
  };

  beforeAll(async () => {
    const res = await fetch(`${stack.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", traceparent: `00-${traceId}-${callerSpanId}-01` },
      body: JSON.stringify({ query: 'mutation ForgotPassword { requestPasswordReset(email: "test@example.com") }' }),
    });
    const body = (await res.json()) as { data?: { requestPasswordReset: boolean }; errors?: unknown };
    expect(body).toEqual({ data: { requestPasswordReset: true } });
    await until(() => receiver.trace(traceId).some((s) => s.name === "smtp send"), 30_000);
    await new Promise((r) => setTimeout(r, 2500));
    spans = receiver.trace(traceId);
  }, 60_000);

  it("joins the request's trace from the GraphQL request to the SMTP send, through both queues", () => {
    const smtp = spans.find((s) => s.name === "smtp send");
    expect(smtp).toMatchObject({ service: "homegraph-email", kind: CLIENT });
    const chain = ancestors(smtp!).map((s) => `${s.service} ${s.name}`);
    // smtp send ← email deliver ← … the email service's /send ← auth's hand-off ← auth's request
    // ← the gateway's fetch ← the gateway's request ← the caller.
    const handOff = ancestors(smtp!).find((s) => s.name === "outbox hand-off");
    expect(handOff).toMatchObject({ service: "homegraph-auth", kind: CONSUMER });
    expect(chain).toContain("homegraph-email email deliver");
    const gatewayRequest = ancestors(smtp!).find((s) => s.service === "homegraph-gateway" && s.kind === SERVER);
    expect(gatewayRequest?.parentSpanId).toBe(callerSpanId);
    // The hand-off's parent is auth's own handling of the request (it queued the row there).
    expect(ancestors(handOff!).some((s) => s.service === "homegraph-auth" && s.kind === SERVER)).toBe(true);
    // The email service was called from the hand-off, not from a trace of its own.
    const emailServed = spans.find((s) => s.service === "homegraph-email" && s.kind === SERVER);
    expect(ancestors(emailServed!).map((s) => s.spanId)).toContain(handOff!.spanId);
    const orphans = spans.filter((s) => s.parentSpanId !== callerSpanId && !parentOf(s));
    expect(orphans.map((s) => `${s.service} ${s.name}`)).toEqual([]);
  });

  it("records the outbox row's writes inside the hand-off, never the reset link", () => {
    const handOff = spans.find((s) => s.name === "outbox hand-off")!;
    const writes = spans.filter((s) => s.parentSpanId === handOff.spanId && isQuery(s));
    expect(writes.map((s) => String(s.attributes["db.query.text"])).join("\n")).toMatch(/update auth\.outbox_emails/i);
    expect(JSON.stringify(spans)).not.toMatch(/reset-password\?token=|token=[A-Za-z0-9_-]{20}/);
  });
});

describe("a subscription through the gateway", () => {
  it("starts a trace the subgraph continues, its context carried in the subscribe message", async () => {
    const { accessToken } = await gatewaySignIn(stack.url, "test@example.com", "password");
    const client = createClient({
      url: `${stack.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${accessToken}` },
      retryAttempts: 0,
    });
    const from = receiver.spans.length;
    const served = () =>
      receiver.spans
        .slice(from)
        .find((s) => s.service === "homegraph-home" && s.kind === SERVER && s.name.startsWith("graphql subscribe"));
    try {
      await new Promise<void>((resolve, reject) => {
        client.subscribe(
          { query: "subscription TracedHsm { hsmChanged { status } }" },
          { next: () => undefined, error: reject, complete: resolve },
        );
        void until(() => served() !== undefined, 15_000).then(() => resolve());
      });
    } finally {
      await client.dispose();
    }
    const span = served();
    expect(span).toBeDefined();
    const parent = receiver.spans.find((s) => s.spanId === span!.parentSpanId);
    expect(parent).toMatchObject({ service: "homegraph-gateway", kind: CLIENT, name: "subscribe home" });
    expect(parent!.traceId).toBe(span!.traceId);
  }, 30_000);
});
