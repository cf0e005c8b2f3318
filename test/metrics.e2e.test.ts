/**
 * Every service's GET /metrics against the real stack (PostgreSQL, the hub simulator, the built-in
 * SMTP catcher): the gateway's own series after real requests, a subgraph down opening its breaker,
 * and the Grafana dashboard in deploy/ asking only for series the running services expose.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { parse } from "yaml";
import { freePort } from "../scripts/lib/stack-harness.cjs";
import { scrapeMetrics, type Exposition } from "./support/metrics";
import { startGatewayFor, startStack, type Stack } from "./support/stack";
import { within } from "./support/tokens";

const ROOT = path.resolve(__dirname, "..");
const TOKEN = "metrics-token-for-the-e2e-test";
const HOUSEHOLD = `query MetricsHousehold { me { displayName emailsSent devicesChanged { id } } devices { label } }`;

let stack: Stack;
let authorization: string;

beforeAll(async () => {
  stack = await startStack({ hub: true });
  await stack.addUser({ email: "max@example.com", password: "correct horse", displayName: "Max", role: "ADMIN" });
  ({ authorization } = await stack.signIn("max@example.com", "correct horse"));
}, 120_000);
afterAll(() => stack?.stop());

const scrapeAll = async (): Promise<Record<string, Exposition>> => ({
  gateway: await scrapeMetrics(stack.gateway.url),
  auth: await scrapeMetrics(stack.auth.url),
  email: await scrapeMetrics(stack.email.url),
  home: await scrapeMetrics(stack.home.url),
});

describe("the gateway's GET /metrics", () => {
  it("times a named query, its fetch to each subgraph, shows breakers closed and a subscription open", async () => {
    for (let i = 0; i < 2; i++) {
      const { body } = await stack.query(HOUSEHOLD, undefined, { authorization });
      expect(body.errors).toBeUndefined();
    }
    const socket = createClient({
      url: `${stack.gateway.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization },
      retryAttempts: 0,
    });
    const dispose = socket.subscribe(
      { query: `subscription MetricsLive { deviceUpdated { id } }` },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    try {
      // Open on the client's socket, then upstream, then on home's socket.
      await within(5000, async () => {
        const e = await scrapeMetrics(stack.gateway.url);
        const h = await scrapeMetrics(stack.home.url);
        return (
          e.value("homegraph_subscriptions_open", { service: "gateway" }) === 1 &&
          e.value("homegraph_upstream_subscriptions_open") === 1 &&
          h.value("homegraph_subscriptions_open", { service: "home" }) === 1
        );
      });
      const gateway = await scrapeMetrics(stack.gateway.url);
      expect(gateway.types).toMatchObject({
        homegraph_http_request_duration_seconds: "histogram",
        homegraph_graphql_operation_duration_seconds: "histogram",
        homegraph_subgraph_fetch_duration_seconds: "histogram",
        homegraph_subgraph_breaker_state: "gauge",
        homegraph_subscriptions_open: "gauge",
        nodejs_eventloop_lag_seconds: "gauge",
      });
      expect(
        gateway.value("homegraph_graphql_operation_duration_seconds_count", {
          service: "gateway",
          operation: "MetricsHousehold",
          type: "query",
          outcome: "ok",
        }),
      ).toBe(2);
      expect(
        gateway.value("homegraph_http_request_duration_seconds_count", {
          service: "gateway",
          method: "POST",
          route: "/graphql",
          status: "200",
        }),
      ).toBeGreaterThanOrEqual(2);
      for (const subgraph of ["auth", "email", "home"]) {
        expect(
          gateway.value("homegraph_subgraph_fetch_duration_seconds_count", { subgraph, outcome: "ok" }),
        ).toBeGreaterThanOrEqual(2);
        expect(gateway.value("homegraph_subgraph_breaker_state", { subgraph })).toBe(0);
      }
      expect(gateway.value("homegraph_upstream_subscriptions_open")).toBe(1);
      expect(gateway.value("homegraph_upstream_connections_open")).toBe(1);
      // The subgraph's own operations, named by the gateway's query planner after the client's.
      const home = await scrapeMetrics(stack.home.url);
      const planned = home.samples.filter(
        (s) =>
          s.name === "homegraph_graphql_operation_duration_seconds_count" &&
          s.labels.operation?.startsWith("MetricsHousehold"),
      );
      expect(planned.reduce((n, s) => n + s.value, 0)).toBeGreaterThanOrEqual(2);
      expect(home.value("homegraph_subscriptions_open", { service: "home" })).toBe(1);
    } finally {
      dispose();
      await socket.dispose();
    }
    await within(5000, async () => {
      const e = await scrapeMetrics(stack.gateway.url);
      return e.value("homegraph_subscriptions_open", { service: "gateway" }) === 0;
    });
  }, 60_000);

  it("with a subgraph down: its fetches are unavailable, then its breaker opens and they fail fast", async () => {
    const gateway = await startGatewayFor(stack, {
      HOME_URL: `http://127.0.0.1:${await freePort()}`,
      SUBGRAPH_BREAKER_THRESHOLD: "1",
      SUBGRAPH_BREAKER_HALF_OPEN_MS: "60000",
      METRICS_TOKEN: TOKEN,
    });
    try {
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${gateway.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization },
          body: JSON.stringify({ query: `query MetricsDevices { devices { label } }` }),
        });
        const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
        expect(body.errors?.[0]?.extensions?.code).toBe("UNAVAILABLE");
      }
      expect((await fetch(`${gateway.url}/metrics`)).status).toBe(401);
      const exposition = await scrapeMetrics(gateway.url, TOKEN);
      expect(exposition.value("homegraph_subgraph_breaker_state", { subgraph: "home" })).toBe(2);
      expect(
        exposition.value("homegraph_subgraph_fetch_duration_seconds_count", {
          subgraph: "home",
          outcome: "unavailable",
        }),
      ).toBe(1);
      expect(
        exposition.value("homegraph_subgraph_fetch_duration_seconds_count", {
          subgraph: "home",
          outcome: "breaker_open",
        }),
      ).toBe(1);
      expect(
        exposition.value("homegraph_graphql_operation_duration_seconds_count", {
          service: "gateway",
          operation: "MetricsDevices",
          type: "query",
          outcome: "error",
        }),
      ).toBe(2);
    } finally {
      await gateway.close();
    }
  }, 60_000);
});

/** Metric names a PromQL expression reads: identifiers that are neither functions, keywords nor labels. */
function metricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\[[^\]]*\]/g, "");
  const withoutLabels = withoutStrings.replace(/\{[^}]*\}/g, "").replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, "");
  return [...withoutLabels.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)]
    .map((m) => m[0])
    .filter((name, i, all) => {
      const next = withoutLabels.slice(withoutLabels.indexOf(name) + name.length).trimStart();
      return !next.startsWith("(") && all.indexOf(name) === i && /_/.test(name);
    });
}

describe("deploy/", () => {
  it("the Grafana dashboard reads only series the running services expose, and Prometheus scrapes all four", async () => {
    // Something for every series to have a sample: requests, a hub event, a mail.
    await stack.query(HOUSEHOLD, undefined, { authorization });
    stack.hub!.physical("32", "temperature", "19.75");
    await within(5000, async () => {
      const home = await scrapeMetrics(stack.home.url);
      return (home.value("homegraph_hub_event_lag_seconds_count", { hub: "main" }) ?? 0) >= 1;
    });
    const scrapes = await scrapeAll();
    const exposed = new Set(Object.values(scrapes).flatMap((e) => e.samples.map((s) => s.name)));

    const dashboard = JSON.parse(readFileSync(path.join(ROOT, "deploy/grafana/homegraph-dashboard.json"), "utf8")) as {
      panels: { type: string; title: string; targets?: { expr: string }[] }[];
      templating: { list: { definition?: string }[] };
    };
    const exprs = [
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
      ...dashboard.templating.list.map((v) => v.definition ?? ""),
    ];
    const used = new Set(exprs.flatMap(metricNames).filter((n) => !/^(histogram_quantile|label_values)$/.test(n)));
    // The parser finds what matters: the series the issue names are all on the dashboard.
    for (const name of [
      "homegraph_graphql_operation_duration_seconds_bucket",
      "homegraph_http_request_duration_seconds_bucket",
      "homegraph_subgraph_fetch_duration_seconds_bucket",
      "homegraph_subgraph_breaker_state",
      "homegraph_db_pool_connections",
      "homegraph_mail_queue_depth",
      "homegraph_mail_queue_oldest_age_seconds",
      "homegraph_mail_sent_total",
      "homegraph_mail_failed_total",
      "homegraph_hub_events_total",
      "homegraph_hub_event_lag_seconds_bucket",
      "homegraph_subscriptions_open",
      "nodejs_eventloop_lag_p99_seconds",
    ]) {
      expect(used).toContain(name);
    }
    expect([...used].filter((name) => !exposed.has(name))).toEqual([]);
    expect(dashboard.panels.filter((p) => p.type !== "row" && !p.targets?.length)).toEqual([]);

    const prometheus = parse(readFileSync(path.join(ROOT, "deploy/prometheus/prometheus.yml"), "utf8")) as {
      scrape_configs: { metrics_path: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = prometheus.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets)).sort();
    expect(targets).toEqual(["auth:6101", "email:6102", "gateway:6003", "home:6103"]);
    expect(prometheus.scrape_configs.every((c) => c.metrics_path === "/metrics")).toBe(true);
  }, 60_000);
});
