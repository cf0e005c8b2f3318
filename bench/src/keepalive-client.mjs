// The load generator's HTTP client for scenarios whose figure is latency under a burst: node:http
// over kept-alive sockets. Global fetch costs the load generator about twice the CPU per call, and
// on two shared cores that CPU is taken from the stack being measured (a household's phones bring
// their own).
import http from "node:http";

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs JSON; resolves `{ status, json, headers }` (json undefined when the answer is not JSON). */
export function postJson(url, body, headers = {}) {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": String(payload.length), ...headers },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          let json;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, json, headers: res.headers });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}
