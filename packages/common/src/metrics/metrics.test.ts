import type { AddressInfo } from "node:net";
import express from "express";
import { parsePrometheusText, scrapeMetrics } from "../../../../test/support/metrics";
import { loadConfig } from "../config/config";
import { subgraphEnvSchema } from "../config/subgraph-config";
import { createServiceMetrics, metricsHandler, type ServiceMetrics } from "./metrics";

// A service's metrics: its own registry with Node's default metrics, values read at scrape time,
// and /metrics as Prometheus text, optionally behind a bearer token.

async function serve(metrics: ServiceMetrics, token?: string) {
  const app = express();
  app.get("/metrics", metricsHandler(metrics, token));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe("createServiceMetrics", () => {
  it("exposes Node's default metrics, event-loop lag included, in parseable text", async () => {
    const exposition = parsePrometheusText(await createServiceMetrics().text());
    expect(exposition.types.nodejs_eventloop_lag_seconds).toBe("gauge");
    expect(exposition.value("nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    expect(exposition.value("process_cpu_user_seconds_total")).toBeGreaterThanOrEqual(0);
  });

  it("keeps each service's series apart: two registries in one process", async () => {
    const a = createServiceMetrics({ defaultMetrics: false });
    const b = createServiceMetrics({ defaultMetrics: false });
    a.counter({ name: "homegraph_test_things_total", help: "things" }).inc(3);
    b.counter({ name: "homegraph_test_things_total", help: "things" }).inc(1);
    expect(parsePrometheusText(await a.text()).value("homegraph_test_things_total")).toBe(3);
    expect(parsePrometheusText(await b.text()).value("homegraph_test_things_total")).toBe(1);
  });

  it("reads gauges and stored counters at scrape time; a failing read keeps the last values", async () => {
    const metrics = createServiceMetrics({ defaultMetrics: false });
    let depth = 2;
    let stored: { kind: string; n: number }[] | Error = [
      { kind: "label", n: 4 },
      { kind: "room", n: 0 },
    ];
    metrics.gauge({ name: "homegraph_test_depth", help: "depth", read: () => depth });
    metrics.storedCounter({
      name: "homegraph_test_corrections_total",
      help: "corrections",
      labelNames: ["kind"],
      read: async () => {
        if (stored instanceof Error) throw stored;
        return stored.map(({ kind, n }) => ({ labels: { kind }, value: n }));
      },
    });
    let exposition = parsePrometheusText(await metrics.text());
    expect(exposition.types.homegraph_test_corrections_total).toBe("counter");
    expect(exposition.value("homegraph_test_depth")).toBe(2);
    expect(exposition.value("homegraph_test_corrections_total", { kind: "label" })).toBe(4);
    expect(exposition.value("homegraph_test_corrections_total", { kind: "room" })).toBe(0);

    depth = 0;
    stored = [{ kind: "label", n: 6 }];
    exposition = parsePrometheusText(await metrics.text());
    expect(exposition.value("homegraph_test_depth")).toBe(0);
    expect(exposition.value("homegraph_test_corrections_total", { kind: "label" })).toBe(6);

    stored = new Error("the database is away");
    exposition = parsePrometheusText(await metrics.text());
    expect(exposition.value("homegraph_test_corrections_total", { kind: "label" })).toBe(6);
  });
});

describe("GET /metrics", () => {
  it("answers Prometheus text to anyone when no token is set", async () => {
    const server = await serve(createServiceMetrics());
    try {
      const exposition = await scrapeMetrics(server.url);
      expect(exposition.samples.length).toBeGreaterThan(10);
    } finally {
      await server.close();
    }
  });

  it("with METRICS_TOKEN, answers only its bearer", async () => {
    const token = "metrics-token-0123456789";
    const server = await serve(createServiceMetrics(), token);
    try {
      const none = await fetch(`${server.url}/metrics`);
      expect(none.status).toBe(401);
      expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
      const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: "Bearer nope" } });
      expect(wrong.status).toBe(401);
      expect((await scrapeMetrics(server.url, token)).value("nodejs_eventloop_lag_seconds")).toBeDefined();
    } finally {
      await server.close();
    }
  });

  it("METRICS_TOKEN is optional, and too short a token is refused at start", () => {
    const schema = subgraphEnvSchema(6199);
    const base = { DATABASE_URL: "postgres://x@127.0.0.1:5432/x" };
    expect(loadConfig(schema, base).METRICS_TOKEN).toBeUndefined();
    expect(loadConfig(schema, { ...base, METRICS_TOKEN: "" }).METRICS_TOKEN).toBeUndefined();
    expect(() => loadConfig(schema, { ...base, METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN/);
  });
});

describe("parsePrometheusText", () => {
  it("refuses what a scraper would refuse", () => {
    expect(() => parsePrometheusText("not a metric line at all")).toThrow(/not a sample/);
    expect(() => parsePrometheusText('m{a="1" 2')).toThrow();
    expect(() => parsePrometheusText("# TYPE m weird\nm 1")).toThrow(/unknown type/);
    expect(parsePrometheusText('m{a="x\\"y"} 1.5e3\n').samples).toEqual([
      { name: "m", labels: { a: 'x"y' }, value: 1500 },
    ]);
  });
});
