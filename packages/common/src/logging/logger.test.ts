import { Writable } from "node:stream";
import { createLogger, requestIdFrom, runWithRequestContext } from "./logger";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, stream };
}

describe("logger", () => {
  it("puts the service name and the current request id on every line", () => {
    const { lines, stream } = capture();
    const logger = createLogger("auth", "info", {}, stream);
    runWithRequestContext({ requestId: "req-1" }, () => logger.info("signed in"));
    logger.info("outside");
    expect(lines[0]).toMatchObject({ service: "auth", requestId: "req-1", msg: "signed in" });
    expect(lines[1]).toMatchObject({ service: "auth", msg: "outside" });
    expect(lines[1]).not.toHaveProperty("requestId");
  });

  it("never writes passwords, tokens or authorization headers", () => {
    const { lines, stream } = capture();
    const logger = createLogger("auth", "info", {}, stream);
    logger.info({ password: "hunter2", token: "abc", req: { headers: { authorization: "Bearer x" } } }, "login");
    const text = JSON.stringify(lines[0]);
    expect(text).not.toMatch(/hunter2|"abc"|Bearer x/);
    expect(text).toMatch(/\[redacted\]/);
  });
});

describe("requestIdFrom", () => {
  it("accepts a well-formed caller id", () => {
    expect(requestIdFrom("abc-123")).toBe("abc-123");
  });
  it("replaces a malformed or oversized one with a new uuid", () => {
    expect(requestIdFrom("bad\nid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom("x".repeat(500))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
