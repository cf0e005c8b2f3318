import http from "node:http";
import type { AddressInfo } from "node:net";
import { postJson, postText } from "./post-json";

// The gateway's calls to its subgraphs and the REST facade's to auth go this way: answers read
// whole however they arrive, the failures told apart as fetch tells them.

let server: http.Server;
let base: string;
const seen: { headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      seen.push({ headers: req.headers, body });
      if (req.url === "/slow") return setTimeout(() => res.end("late"), 500);
      if (req.url === "/chunks") {
        res.writeHead(200, { "content-type": "application/json", "x-answer": "chunks" });
        res.write('{"data":{"greeting":"hé');
        return setTimeout(() => res.end('llo"}}'), 20);
      }
      res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ echo: JSON.parse(body) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

test("reads an answer that arrives in parts whole, with its status and headers", async () => {
  const answer = await postText(new URL(`${base}/chunks`), "{}", {
    headers: { "x-request-id": "r1" },
    timeoutMs: 2000,
  });
  expect(answer).toMatchObject({ status: 200, statusText: "OK", text: '{"data":{"greeting":"héllo"}}' });
  expect(answer.headers["x-answer"]).toBe("chunks");
  expect(seen.at(-1)!.headers["x-request-id"]).toBe("r1");
});

test("postJson sends JSON and parses the JSON answer", async () => {
  const answer = await postJson(new URL(`${base}/echo`), { a: 1 }, { timeoutMs: 2000 });
  expect(answer.status).toBe(201);
  expect(answer.body).toEqual({ echo: { a: 1 } });
  expect(seen.at(-1)!.headers["content-type"]).toBe("application/json");
});

test("a slow answer is a TimeoutError; a closed port names its cause as fetch does", async () => {
  await expect(postText(new URL(`${base}/slow`), "{}", { timeoutMs: 100 })).rejects.toMatchObject({
    name: "TimeoutError",
  });
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  await expect(postText(new URL(`http://127.0.0.1:${port}/`), "{}", { timeoutMs: 1000 })).rejects.toMatchObject({
    cause: { code: "ECONNREFUSED" },
  });
});
