import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { AppError, UnavailableError } from "../errors/errors";
import { createLogger, runWithRequestContext } from "../logging/logger";
import { createServiceClient, resetServiceBreakers, type ServiceClientOptions } from "./service-client";

function capture() {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, logger: createLogger("test", "info", {}, stream) };
}

interface Target {
  url: string;
  hits: { method: string; path: string; headers: http.IncomingHttpHeaders }[];
  /** Answers the next `n` requests with `status`. */
  failNext: (n: number, status?: number) => void;
  /** Never answers the next `n` requests. */
  stallNext: (n: number) => void;
  stop: () => Promise<void>;
}

/** A real HTTP server standing in for another service. */
async function startTarget(): Promise<Target> {
  const hits: Target["hits"] = [];
  let failures = 0;
  let failStatus = 503;
  let stalls = 0;
  const server = http.createServer((req, res) => {
    hits.push({ method: req.method!, path: req.url!, headers: req.headers });
    if (stalls > 0) {
      stalls--;
      return; // never answers
    }
    if (failures > 0) {
      failures--;
      res.writeHead(failStatus, { "content-type": "application/json" });
      return res.end(JSON.stringify({ error: { code: "UNAVAILABLE", message: "busy" } }));
    }
    if (req.url === "/missing") {
      res.writeHead(404, { "content-type": "application/json" });
      return res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "No such thing." } }));
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true, path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    failNext: (n, status = 503) => ((failures = n), (failStatus = status)),
    stallNext: (n) => (stalls = n),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let target: Target;
let counter = 0;
beforeEach(async () => {
  resetServiceBreakers();
  target = await startTarget();
});
afterEach(() => target.stop());

function client(overrides: Partial<ServiceClientOptions> = {}) {
  const { lines, logger } = capture();
  const c = createServiceClient({
    // A fresh target name per client keeps breakers apart between tests.
    target: `svc${++counter}`,
    baseUrl: target.url,
    logger,
    timeoutMs: 300,
    backoffInitialMs: 10,
    backoffMaxMs: 50,
    ...overrides,
  });
  return { c, lines };
}

describe("service client", () => {
  it("passes the request id on and logs one structured line per call", async () => {
    const { c, lines } = client();
    const res = await runWithRequestContext({ requestId: "req-123" }, () => c.get<{ ok: boolean }>("/things"));
    expect(res).toMatchObject({ status: 200, body: { ok: true } });
    expect(target.hits[0]!.headers["x-request-id"]).toBe("req-123");
    const line = lines.find((l) => l.msg === "service call")!;
    expect(line).toMatchObject({
      method: "GET",
      path: "/things",
      outcome: "ok",
      status: 200,
      attempt: 1,
      requestId: "req-123",
    });
    expect(line.target).toMatch(/^svc/);
    expect(typeof line.durationMs).toBe("number");
  });

  it("retries an idempotent call that fails twice, then succeeds", async () => {
    const { c, lines } = client();
    target.failNext(2);
    const res = await c.get("/flaky");
    expect(res.status).toBe(200);
    expect(target.hits).toHaveLength(3);
    expect(lines.map((l) => [l.attempt, l.outcome])).toEqual([
      [1, "server_error"],
      [2, "server_error"],
      [3, "ok"],
    ]);
  });

  it("does not retry a POST without an idempotency key, and does with one", async () => {
    const { c } = client();
    target.failNext(1);
    await expect(c.post("/send", { to: "a@example.com" })).rejects.toBeInstanceOf(UnavailableError);
    expect(target.hits).toHaveLength(1);
    target.failNext(1);
    const res = await c.post("/send", { to: "a@example.com" }, { idempotencyKey: "k-1" });
    expect(res.status).toBe(200);
    expect(target.hits).toHaveLength(3);
    expect(target.hits[2]!.headers["idempotency-key"]).toBe("k-1");
  });

  it("gives up on a stalled target after the timeout and reports it UNAVAILABLE", async () => {
    const { c, lines } = client({ retries: 1 });
    target.stallNext(2);
    const started = Date.now();
    const err = await c.get("/slow").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as UnavailableError).extensions.code).toBe("UNAVAILABLE");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(lines.filter((l) => l.outcome === "timeout")).toHaveLength(2);
  });

  it("maps a target that is down to UNAVAILABLE, and opens the breaker so later calls fail fast", async () => {
    await target.stop();
    const { c, lines } = client({ retries: 0, breakerThreshold: 3, breakerHalfOpenAfterMs: 60_000 });
    for (let i = 0; i < 3; i++) await expect(c.get("/x")).rejects.toBeInstanceOf(UnavailableError);
    expect(c.breakerState).toBe("open");
    const started = Date.now();
    await expect(c.get("/x")).rejects.toBeInstanceOf(UnavailableError);
    expect(Date.now() - started).toBeLessThan(50);
    expect(lines.at(-1)).toMatchObject({ outcome: "circuit_open" });
    expect(lines.filter((l) => l.outcome === "unreachable")).toHaveLength(3);
    target = await startTarget(); // afterEach stops it
  });

  it("closes the breaker again once the target recovers", async () => {
    const { c } = client({ retries: 0, breakerThreshold: 2, breakerHalfOpenAfterMs: 100 });
    target.failNext(2);
    await expect(c.get("/x")).rejects.toBeInstanceOf(UnavailableError);
    await expect(c.get("/x")).rejects.toBeInstanceOf(UnavailableError);
    expect(c.breakerState).toBe("open");
    await new Promise((r) => setTimeout(r, 150));
    expect((await c.get("/x")).status).toBe(200);
    expect(c.breakerState).toBe("closed");
  });

  it("returns the target's own code and message for a 4xx, without retrying or tripping the breaker", async () => {
    const { c } = client({ breakerThreshold: 1 });
    const err = await c.get("/missing").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "NOT_FOUND", message: "No such thing." });
    expect(target.hits).toHaveLength(1);
    expect(c.breakerState).toBe("closed");
  });

  it("shares one breaker among the clients of one target", async () => {
    await target.stop();
    const { logger } = capture();
    const options = { target: "shared", baseUrl: target.url, logger, retries: 0, breakerThreshold: 2, timeoutMs: 300 };
    const a = createServiceClient(options);
    const b = createServiceClient(options);
    await expect(a.get("/x")).rejects.toBeInstanceOf(UnavailableError);
    await expect(a.get("/x")).rejects.toBeInstanceOf(UnavailableError);
    expect(b.breakerState).toBe("open");
    target = await startTarget();
  });
});
