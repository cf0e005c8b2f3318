import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { scrapeMetrics } from "../../../test/support/metrics";
import { createApp } from "./app";
import { configFromEnv } from "./config";

let email: SubgraphUnderTest;
beforeAll(async () => {
  email = await startSubgraphForTest(createApp, configFromEnv);
});
afterAll(() => email?.stop());

describe("email subgraph", () => {
  it("creates its tables in its own schema, with no foreign key to another service", async () => {
    const tables = await email.sql(`select table_name from information_schema.tables where table_schema = 'email'`);
    expect(tables.map((r) => r.table_name).sort()).toEqual([
      "activity_entries",
      "dev_mailbox",
      "email_bulk_runs",
      "email_logs",
      "email_preferences",
      "email_suppressions",
      "email_templates",
      "email_unsubscribe_tokens",
      "mikro_orm_migrations",
      "notification_deliveries",
      "notification_household",
      "notification_quiet_hours",
      "notification_routes",
      "notifications",
      "push_receipts",
      "push_subscriptions",
      "vapid_keys",
    ]);
    const crossing = await email.sql(
      `select tc.constraint_name from information_schema.table_constraints tc
         join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name
        where tc.table_schema = 'email' and tc.constraint_type = 'FOREIGN KEY' and ccu.table_schema <> 'email'`,
    );
    expect(crossing).toHaveLength(0);
  });

  it("adds emailsSent to the auth service's User, counted per user", async () => {
    await email.sql(
      `insert into email.email_logs (user_id, recipient, subject) values (7, 'a@example.com', 'One'), (7, 'a@example.com', 'Two'), (8, 'b@example.com', 'Three')`,
    );
    const { body } = await email.query(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id emailsSent } } }`,
      {
        r: [
          { __typename: "User", id: "7" },
          { __typename: "User", id: "8" },
          { __typename: "User", id: "9" },
        ],
      },
      { authorization: email.tokens.bearer({ sub: 7 }) },
    );
    expect(body.data!._entities).toEqual([
      { id: "7", emailsSent: 2 },
      { id: "8", emailsSent: 1 },
      { id: "9", emailsSent: 0 },
    ]);
  });
});

describe("email subgraph, reached directly, checks the caller itself", () => {
  const SENT = `{ _entities(representations: [{ __typename: "User", id: "7" }]) { ... on User { emailsSent } } }`;

  it("asks a caller without a token, or with only a forged x-user-id, to sign in", async () => {
    for (const headers of [{}, { "x-user-id": "7" }] as Record<string, string>[]) {
      const { body } = await email.query(SENT, undefined, headers);
      expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
  });

  it("answers a bad token with HTTP 401", async () => {
    const { status, body } = await email.query(SENT, undefined, {
      authorization: email.tokens.bearer({ iss: "someone-else" }),
    });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("GET /metrics", () => {
  it("answers Prometheus text with the process's metrics, event-loop lag included", async () => {
    const exposition = await scrapeMetrics(email.service.url);
    expect(exposition.types.nodejs_eventloop_lag_seconds).toBe("gauge");
    expect(exposition.value("nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    expect(exposition.value("process_resident_memory_bytes")).toBeGreaterThan(0);
  });

  it("shows the mail series from the start: an empty queue, nothing sent or failed, the pool", async () => {
    const { body } = await email.query(`query MetricsEmailProbe { __typename }`);
    expect(body.errors).toBeUndefined();
    const exposition = await scrapeMetrics(email.service.url);
    expect(exposition.value("homegraph_mail_queue_depth", { state: "queued" })).toBe(0);
    expect(exposition.value("homegraph_mail_queue_depth", { state: "sending" })).toBe(0);
    expect(exposition.value("homegraph_mail_queue_oldest_age_seconds")).toBe(0);
    expect(exposition.value("homegraph_mail_sent_total")).toBe(0);
    for (const reason of ["rejected", "deferred", "timeout", "connection", "other"]) {
      expect(exposition.value("homegraph_mail_failed_total", { reason })).toBe(0);
    }
    expect(
      exposition.value("homegraph_graphql_operation_duration_seconds_count", {
        service: "email",
        operation: "MetricsEmailProbe",
        type: "query",
        outcome: "ok",
      }),
    ).toBe(1);
    expect(exposition.value("homegraph_db_pool_max_connections", { service: "email" })).toBeGreaterThan(0);
  });
});
