import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import express from "express";
import { buildSchema } from "graphql";
import { parsePrometheusText } from "../../../../test/support/metrics";
import { graphqlMetricsPlugin } from "./graphql-metrics";
import { httpMetricsMiddleware, httpRequestTimer, METRICS_ROUTE } from "./http-metrics";
import { createServiceMetrics } from "./metrics";
import { OperationNames } from "./operation-names";

describe("OperationNames: the operation label cannot grow without bound", () => {
  it("labels a valid operation by its name, an unnamed one anonymous", () => {
    const names = new OperationNames(3);
    expect(names.label("DevicesByRoom", true)).toBe("DevicesByRoom");
    expect(names.label(undefined, true)).toBe("anonymous");
    expect(names.label(null, false)).toBe("anonymous");
    expect(names.label("", true)).toBe("anonymous");
  });

  it("puts names that are not GraphQL names of 64 characters at most under other", () => {
    const names = new OperationNames(10);
    expect(names.label("a".repeat(64), true)).toBe("a".repeat(64));
    expect(names.label("a".repeat(65), true)).toBe("other");
    for (const garbage of ["has space", "dash-ed", "9starts", "émoji", 'q"uote', "a\nb"]) {
      expect(names.label(garbage, true)).toBe("other");
    }
    expect(names.size).toBe(1);
  });

  it("keeps the first N distinct names; later new names are other, known ones stay themselves", () => {
    const names = new OperationNames(3);
    for (const n of ["A", "B", "C"]) expect(names.label(n, true)).toBe(n);
    expect(names.label("D", true)).toBe("other");
    expect(names.label("B", true)).toBe("B");
    expect(names.size).toBe(3);
  });

  it("never admits a name from an operation that did not validate, but still labels a known one", () => {
    const names = new OperationNames(5);
    expect(names.label("Probe1", false)).toBe("other");
    expect(names.size).toBe(0);
    names.label("Known", true);
    expect(names.label("Known", false)).toBe("Known");
  });
});

describe("graphqlMetricsPlugin", () => {
  it("times each operation by name, type and outcome; a flood of random names lands in other", async () => {
    const metrics = createServiceMetrics({ defaultMetrics: false });
    const server = new ApolloServer({
      schema: buildSchema(`type Query { ok: Int, broken: Int } type Mutation { touch: Int }`),
      rootValue: {
        ok: () => 1,
        broken: () => {
          throw new Error("no");
        },
        touch: () => 2,
      },
      plugins: [graphqlMetricsPlugin(metrics, { service: "test", names: new OperationNames(4) })],
    });
    await server.start();
    try {
      await server.executeOperation({ query: "query Fine { ok }" });
      await server.executeOperation({ query: "query Fine { ok }" });
      await server.executeOperation({ query: "{ ok }" });
      await server.executeOperation({ query: "query Fails { broken }" });
      await server.executeOperation({ query: "mutation Touch { touch }" });
      await server.executeOperation({ query: "query Nope { nosuchfield }", operationName: "Nope" });
      await server.executeOperation({ query: "query {", operationName: "Unparsed" });
      for (let i = 0; i < 20; i++) await server.executeOperation({ query: `query Random${i} { ok }` });
      const exposition = parsePrometheusText(await metrics.text());
      const count = (labels: Record<string, string>) =>
        exposition.value("homegraph_graphql_operation_duration_seconds_count", { service: "test", ...labels });
      expect(exposition.types.homegraph_graphql_operation_duration_seconds).toBe("histogram");
      expect(count({ operation: "Fine", type: "query", outcome: "ok" })).toBe(2);
      expect(count({ operation: "anonymous", type: "query", outcome: "ok" })).toBe(1);
      expect(count({ operation: "Fails", type: "query", outcome: "error" })).toBe(1);
      expect(count({ operation: "Touch", type: "mutation", outcome: "ok" })).toBe(1);
      expect(count({ operation: "other", type: "unknown", outcome: "invalid" })).toBe(2);
      // Cap 4: Fine, Fails, Touch, Random0; the other 19 share one series.
      expect(count({ operation: "Random0", type: "query", outcome: "ok" })).toBe(1);
      expect(count({ operation: "other", type: "query", outcome: "ok" })).toBe(19);
      const operations = new Set(
        exposition.samples
          .filter((s) => s.name === "homegraph_graphql_operation_duration_seconds_count")
          .map((s) => s.labels.operation),
      );
      expect([...operations].sort()).toEqual(["Fails", "Fine", "Random0", "Touch", "anonymous", "other"]);
    } finally {
      await server.stop();
    }
  });
});

describe("httpMetricsMiddleware", () => {
  it("labels each request by the route pattern that answered, never by the raw URL", async () => {
    const metrics = createServiceMetrics({ defaultMetrics: false });
    const app = express();
    app.use(httpMetricsMiddleware(httpRequestTimer(metrics, "test")));
    app.get("/health", (_req, res) => void res.send("ok"));
    const api = express.Router();
    api.get("/emails/:id", (req, res) => void res.status(req.params.id === "0" ? 404 : 200).send("x"));
    app.use("/api", api);
    app.use("/graphql", (_req, res) => void res.status(400).send("bad"));
    app.get(["/users/profile", "/api/users/profile"], (_req, res) => void res.send("me"));
    app.post(/^\/hooks\/(?<secret>[^/]+)$/, (_req, res) => void res.status(204).end());
    app.post(/^\/named\/(?<secret>[^/]+)$/, (_req, res) => {
      res.locals[METRICS_ROUTE] = "/named/:secret";
      res.status(204).end();
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await fetch(`${url}/health`);
      for (const id of ["1", "2", "3", "0"]) await fetch(`${url}/api/emails/${id}`);
      await fetch(`${url}/graphql`, { method: "POST" });
      for (const probe of ["/wp-admin", "/.env", "/x/y/z"]) await fetch(`${url}${probe}`);
      await fetch(`${url}/api/users/profile`);
      await fetch(`${url}/hooks/s3cret-one`, { method: "POST" });
      await fetch(`${url}/named/s3cret-two`, { method: "POST" });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const exposition = parsePrometheusText(await metrics.text());
      const count = (labels: Record<string, string>) =>
        exposition.value("homegraph_http_request_duration_seconds_count", { service: "test", ...labels });
      expect(count({ method: "GET", route: "/health", status: "200" })).toBe(1);
      expect(count({ method: "GET", route: "/api/emails/:id", status: "200" })).toBe(3);
      expect(count({ method: "GET", route: "/api/emails/:id", status: "404" })).toBe(1);
      expect(count({ method: "POST", route: "/graphql", status: "400" })).toBe(1);
      expect(count({ method: "GET", route: "unmatched", status: "404" })).toBe(3);
      const routes = new Set(
        exposition.samples
          .filter((s) => s.name === "homegraph_http_request_duration_seconds_count")
          .map((s) => s.labels.route),
      );
      expect(count({ method: "GET", route: "/users/profile,/api/users/profile", status: "200" })).toBe(1);
      expect(count({ method: "POST", route: "(regexp)", status: "204" })).toBe(1);
      expect(count({ method: "POST", route: "/named/:secret", status: "204" })).toBe(1);
      expect([...routes].sort()).toEqual([
        "(regexp)",
        "/api/emails/:id",
        "/graphql",
        "/health",
        "/named/:secret",
        "/users/profile,/api/users/profile",
        "unmatched",
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
