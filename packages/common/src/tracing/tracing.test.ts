import { execFileSync } from "node:child_process";
import path from "node:path";
import { loadConfig } from "../config/config";
import { tracingConfigFrom, tracingEnvSchema } from "./config";
import { redactQuery, redactUrlForTrace, withoutLiterals } from "./sdk";

// Whether tracing is on is a process's business (one tracer provider per process), so the
// behaviour is checked in a fresh Node process running the built package, as main.ts does.
const DIST = path.resolve(__dirname, "../../dist/index.js");

function inProcess(script: string): Record<string, unknown> {
  return JSON.parse(run(script).trim().split("\n").pop()!) as Record<string, unknown>;
}

function run(script: string): string {
  return execFileSync(process.execPath, ["-e", `const common = require(${JSON.stringify(DIST)});\n${script}`], {
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("tracing configuration", () => {
  it("is off without OTEL_EXPORTER_OTLP_ENDPOINT, and names the service after it by default", () => {
    expect(tracingConfigFrom(loadConfig(tracingEnvSchema, {}), "homegraph-email")).toEqual({
      endpoint: undefined,
      serviceName: "homegraph-email",
    });
    const on = loadConfig(tracingEnvSchema, {
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/",
      OTEL_SERVICE_NAME: "mail",
    });
    expect(tracingConfigFrom(on, "homegraph-email")).toEqual({
      endpoint: "http://collector:4318",
      serviceName: "mail",
    });
  });

  it("refuses an endpoint that is not an http(s) URL", () => {
    expect(() => loadConfig(tracingEnvSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: must be an http\(s\) URL/,
    );
  });
});

describe("a process without an endpoint", () => {
  it("starts no SDK and no exporter, and its log lines carry no trace ids", () => {
    const result = inProcess(`
      const started = common.startTracing({ serviceName: "homegraph-test" });
      const lines = [];
      const logger = common.createLogger("test", "info", {}, { write: (l) => lines.push(JSON.parse(l)) });
      common.inSpan("work", {}, async () => logger.info("inside")).then(() => {
        const loaded = Object.keys(require.cache).filter((f) => /@opentelemetry[\\\\/](sdk|exporter|instrumentation)/.test(f));
        console.log(JSON.stringify({ started: started ?? null, loaded, line: lines[0], carrier: common.traceCarrier() }));
      });
    `);
    expect(result.started).toBeNull();
    expect(result.loaded).toEqual([]);
    expect(result.line).not.toHaveProperty("traceId");
    expect(result.carrier).toEqual({});
  });
});

describe("a process with an endpoint", () => {
  it("puts the active span's trace id on log lines and in what it hands on", () => {
    const result = inProcess(`
      const tracing = common.startTracing({ endpoint: "http://127.0.0.1:9", serviceName: "homegraph-test" });
      const again = common.startTracing({ endpoint: "http://127.0.0.1:9", serviceName: "other" });
      const lines = [];
      const logger = common.createLogger("test", "info", {}, { write: (l) => lines.push(JSON.parse(l)) });
      const parent = { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
      common.inSpan("deliver", { parent }, async () => {
        logger.info("inside");
        return common.traceCarrier();
      }).then((carrier) => {
        logger.info("outside");
        console.log(JSON.stringify({ same: tracing === again, lines, carrier }));
        process.exit(0);
      });
    `);
    expect(result.same).toBe(true);
    const [inside, outside] = result.lines as Record<string, string>[];
    expect(inside).toMatchObject({ msg: "inside", traceId: "0af7651916cd43dd8448eb211c80319c" });
    expect(inside!.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(inside!.spanId).not.toBe("b7ad6b7169203331");
    expect(outside).not.toHaveProperty("traceId");
    expect((result.carrier as Record<string, string>).traceparent).toBe(
      `00-0af7651916cd43dd8448eb211c80319c-${inside!.spanId}-01`,
    );
  });
});

describe("what a trace may show", () => {
  it("never exports a URL's query values, in requests served or sent (fetch and http)", () => {
    // A receiver, a traced server, and a request of each kind with a token in its query string.
    const exported = run(`
      const http = require("node:http");
      const bodies = [];
      const receiver = http.createServer((req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => { bodies.push(body); res.end("{}"); });
      });
      receiver.listen(0, "127.0.0.1", async () => {
        const tracing = common.startTracing({ endpoint: "http://127.0.0.1:" + receiver.address().port, serviceName: "t" });
        const app = http.createServer((req, res) => res.end("ok"));
        await new Promise((r) => app.listen(0, "127.0.0.1", r));
        const base = "http://127.0.0.1:" + app.address().port;
        await common.inSpan("root", {}, async () => {
          await fetch(base + "/unsubscribe?token=secret-one&u=2");
          await fetch(base + "/apps/api/1/devices/71/setCode/3,secret-4321,Guest?access_token=secret-three");
          await new Promise((r) => http.get(base + "/x?access_token=secret-two", (res) => res.resume().on("end", r)));
        });
        await tracing.shutdown();
        console.log(bodies.join("\\n"));
        process.exit(0);
      });
    `);
    expect(exported).toContain("/unsubscribe");
    expect(exported).toContain("token=REDACTED");
    expect(exported).toContain("access_token=REDACTED");
    expect(exported).toContain("setCode/REDACTED");
    expect(exported).not.toMatch(/secret-(one|two|three|4321)/);
  });

  it("drops SQL literals but keeps the statement's shape", () => {
    expect(withoutLiterals(`update "auth"."users" set "email" = 'ann@example.com', "n" = 42 where "id" = 7`)).toBe(
      `update "auth"."users" set "email" = ?, "n" = ? where "id" = ?`,
    );
    expect(withoutLiterals(`select "e0"."user_id" from "email"."email_logs" as "e0" limit 10`)).toBe(
      `select "e0"."user_id" from "email"."email_logs" as "e0" limit ?`,
    );
  });

  it("drops every query value from a URL", () => {
    expect(redactQuery("http://hub/apps/api/1/devices/12/on?access_token=secret&x")).toBe(
      "http://hub/apps/api/1/devices/12/on?access_token=REDACTED&x",
    );
    expect(redactQuery("/unsubscribe?token=abc&u=3")).toBe("/unsubscribe?token=REDACTED&u=REDACTED");
    expect(redactQuery("/graphql")).toBe("/graphql");
  });

  it("drops a lock code and an event URL from a Maker API path", () => {
    expect(redactUrlForTrace("/apps/api/1/devices/71/setCode/3,4321,Guest?access_token=secret")).toBe(
      "/apps/api/1/devices/71/setCode/REDACTED?access_token=REDACTED",
    );
    expect(redactUrlForTrace("/apps/api/1/postURL/http%3A%2F%2Fh%2Fs3cret?access_token=t")).toBe(
      "/apps/api/1/postURL/REDACTED?access_token=REDACTED",
    );
    expect(redactUrlForTrace("/apps/api/1/devices/71/unlock")).toBe("/apps/api/1/devices/71/unlock");
  });
});

const REDIS_URL = process.env.TEST_REDIS_URL;

(REDIS_URL ? describe : describe.skip)("an event published through Redis", () => {
  it("is received on another replica in the publisher's trace, and subscribers get the payload as published", () => {
    // Two replicas' pub/subs on one Redis, in a traced process; one publishes inside a span.
    const out = run(`
      const http = require("node:http");
      const spans = [];
      const receiver = http.createServer((req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          for (const rs of JSON.parse(body).resourceSpans ?? [])
            for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) spans.push(s);
          res.end("{}");
        });
      });
      receiver.listen(0, "127.0.0.1", async () => {
        const tracing = common.startTracing({ endpoint: "http://127.0.0.1:" + receiver.address().port, serviceName: "t" });
        const logger = common.createLogger("test", "silent");
        const prefix = "hg-trace-test-" + process.pid + ":";
        const options = { logger, redisUrl: ${JSON.stringify(REDIS_URL)}, channelPrefix: prefix };
        const [a, b] = [await common.createServicePubSub(options), await common.createServicePubSub(options)];
        const heard = b.pubSub.subscribe("home.deviceUpdated");
        const untraced = b.pubSub.subscribe("home.hubModeChanged");
        // A subscription listens from its first next(); Redis's SUBSCRIBE then takes a moment.
        const [first, second] = [heard.next(), untraced.next()];
        await new Promise((r) => setTimeout(r, 300));
        const parent = { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
        await common.inSpan("hub event", { parent }, async () => a.pubSub.publish("home.deviceUpdated", { id: "7", on: true }));
        a.pubSub.publish("home.hubModeChanged", { mode: "Night" });
        const payload = (await first).value;
        const plain = (await second).value;
        await heard.return(); await untraced.return();
        await a.close(); await b.close();
        await tracing.shutdown();
        console.log(JSON.stringify({ payload, plain, spans: spans.map((s) => ({ name: s.name, kind: s.kind, traceId: s.traceId, spanId: s.spanId, parent: s.parentSpanId })) }));
        process.exit(0);
      });
    `);
    const result = JSON.parse(out.trim().split("\n").pop()!) as {
      payload: unknown;
      plain: unknown;
      spans: { name: string; kind: number; traceId: string; spanId: string; parent: string }[];
    };
    expect(result.payload).toEqual({ id: "7", on: true });
    expect(result.plain).toEqual({ mode: "Night" });
    const publish = result.spans.find((s) => s.name === "publish home.deviceUpdated");
    const receive = result.spans.find((s) => s.name === "receive home.deviceUpdated");
    expect(publish).toMatchObject({ kind: 4, traceId: "0af7651916cd43dd8448eb211c80319c" });
    expect(receive).toMatchObject({ kind: 5, traceId: "0af7651916cd43dd8448eb211c80319c", parent: publish!.spanId });
    // A publish outside any trace starts none.
    expect(result.spans.filter((s) => s.name.includes("hubModeChanged"))).toEqual([]);
  });
});
