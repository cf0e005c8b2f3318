import { Client } from "pg";
import { healthOf, startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { scrapeMetrics } from "../../../test/support/metrics";
import { eventually } from "../../../test/support/start";
import { createApp } from "./app";
import { configFromEnv } from "./config";

let auth: SubgraphUnderTest;
beforeAll(async () => {
  auth = await startSubgraphForTest(createApp, configFromEnv);
});
afterAll(() => auth?.stop());

describe("auth subgraph", () => {
  it("creates the seed's tables in its own schema on start", async () => {
    const rows = await auth.sql(
      `select table_name from information_schema.tables where table_schema = 'auth' order by table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual([
      "api_tokens",
      "audit_log",
      "guest_pass_home_tasks",
      "guest_passes",
      "known_browsers",
      "mikro_orm_migrations",
      "outbox_emails",
      "passkey_challenges",
      "passkeys",
      "password_reset_tokens",
      "rate_limit_buckets",
      "recovery_codes",
      "signing_keys",
      "system_settings",
      "user_sessions",
      "user_totp",
      "users",
    ]);
  });

  it("runs each migration once, even across restarts", async () => {
    await auth.restart();
    const rows = await auth.sql(`select name from auth.mikro_orm_migrations`);
    expect(rows.map((r) => r.name)).toEqual([
      "Migration20261129000000_initial",
      "Migration20261129010000_identity",
      "Migration20261129030000_outbox_handoff",
      "Migration20261204000000_second_factor",
      "Migration20261204140000_passkeys",
      "Migration20261204150000_api_tokens",
      "Migration20261204150100_email_change",
      "Migration20261205010000_guest_role",
      "Migration20261205030000_outbox_trace",
      "Migration20261205040000_guest_passes",
      "Migration20261206050000_outbox_failed",
    ]);
  });

  it("keeps emails unique whatever their case", async () => {
    // Without ADMIN_EMAIL / ADMIN_PASSWORD or DEMO_SEED nobody is created on first start.
    expect(await auth.sql(`select id from auth.users`)).toEqual([]);
    await auth.sql(`insert into auth.users (email, display_name) values ('Bo@Example.com', 'Bo')`);
    await expect(
      auth.sql(`insert into auth.users (email, display_name) values ('bo@example.com', 'Bo again')`),
    ).rejects.toThrow(/users_email_lower_unique/);
  });

  it("resolves User entities for the gateway, in one batch", async () => {
    const [bo] = await auth.sql(`select id from auth.users where email = 'Bo@Example.com'`);
    const { body } = await auth.query(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id displayName role } } }`,
      {
        r: [
          { __typename: "User", id: String(bo!.id) },
          { __typename: "User", id: "999999" },
        ],
      },
    );
    expect(body.data!._entities).toEqual([{ id: String(bo!.id), displayName: "Bo", role: "MEMBER" }, null]);
  });

  it("answers /health with the database's state, and 503 when the database is gone", async () => {
    const ok = await healthOf(auth.service.url);
    expect(ok.status).toBe(200);
    expect(ok.body.checks.database.status).toBe("healthy");

    // Cut the service off from its database, as an outage would.
    const url = new URL(auth.databaseUrl);
    const name = url.pathname.slice(1);
    url.pathname = "/postgres";
    const admin = new Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`alter database "${name}" with allow_connections false`);
    await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
      [name],
    );
    try {
      const down = await healthOf(auth.service.url);
      expect(down.status).toBe(503);
      expect(down.body.checks.database.status).toBe("unhealthy");
    } finally {
      await admin.query(`alter database "${name}" with allow_connections true`);
      await admin.end();
    }
    // The pool reconnects by itself: the first probe after the outage may still meet a connection
    // the outage killed (the pool discards it), or wait out the pool's reconnect backoff on a busy machine.
    let back = await healthOf(auth.service.url);
    await eventually(async () => (back = await healthOf(auth.service.url)).status === 200, 10_000);
    expect(back.status).toBe(200);
  });
});

describe("GET /metrics", () => {
  it("answers Prometheus text with the process's metrics, event-loop lag included", async () => {
    const exposition = await scrapeMetrics(auth.service.url);
    expect(exposition.types.nodejs_eventloop_lag_seconds).toBe("gauge");
    expect(exposition.value("nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    expect(exposition.value("process_resident_memory_bytes")).toBeGreaterThan(0);
  });

  it("times a named query by operation and route, and shows the database pool", async () => {
    const before = await scrapeMetrics(auth.service.url);
    const labels = { service: "auth", operation: "MetricsProbe", type: "query", outcome: "ok" };
    const countBefore = before.value("homegraph_graphql_operation_duration_seconds_count", labels) ?? 0;
    for (let i = 0; i < 2; i++) {
      const { body } = await auth.query(`query MetricsProbe { __typename }`);
      expect(body.errors).toBeUndefined();
    }
    const exposition = await scrapeMetrics(auth.service.url);
    expect(exposition.types.homegraph_graphql_operation_duration_seconds).toBe("histogram");
    expect(exposition.value("homegraph_graphql_operation_duration_seconds_count", labels)).toBe(countBefore + 2);
    expect(
      exposition.value("homegraph_http_request_duration_seconds_count", {
        service: "auth",
        method: "POST",
        route: "/graphql",
        status: "200",
      }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      exposition.value("homegraph_http_request_duration_seconds_count", {
        service: "auth",
        method: "GET",
        route: "/metrics",
        status: "200",
      }),
    ).toBeGreaterThanOrEqual(1);
    for (const state of ["used", "free", "pending"]) {
      expect(exposition.value("homegraph_db_pool_connections", { service: "auth", state })).toBeGreaterThanOrEqual(0);
    }
    expect(exposition.value("homegraph_db_pool_max_connections", { service: "auth" })).toBeGreaterThan(0);
    expect(exposition.value("homegraph_subscriptions_open", { service: "auth" })).toBe(0);
  });
});
