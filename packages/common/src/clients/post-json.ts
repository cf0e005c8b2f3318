import http from "node:http";
import https from "node:https";

export interface JsonAnswer {
  status: number;
  /** The body parsed as JSON, or undefined when it was empty or not JSON. */
  body: unknown;
  headers: http.IncomingHttpHeaders;
}

// Kept-alive sockets to the services a process calls on every request (the REST facade to auth):
// a new connection per sign-in would cost a handshake and the first-request warm-up each time.
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 256 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

/** An answer read whole as text. */
export interface TextAnswer {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * POSTs a body and reads the answer whole as text over node:http, with kept-alive sockets. Rejects
 * on a network failure (the error's `cause.code` says which, as fetch's does) or, as a
 * `TimeoutError`, after `timeoutMs`.
 */
export function postText(
  url: URL,
  body: string | Buffer,
  options: { headers?: Record<string, string>; timeoutMs: number },
): Promise<TextAnswer> {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const fail = (err: Error & { code?: string }) =>
      reject(err.name === "TimeoutError" ? err : new Error(`POST ${url.host} failed: ${err.message}`, { cause: err }));
    const req = transport.request(
      url,
      {
        method: "POST",
        agent: agents[url.protocol as "http:" | "https:"],
        headers: { ...options.headers, "content-length": String(bytes.length) },
        timeout: options.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", fail);
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? "",
            headers: res.headers,
            text: chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    req.on("timeout", () =>
      req.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { name: "TimeoutError" })),
    );
    req.on("error", fail);
    req.end(bytes);
  });
}

/**
 * POSTs JSON and reads a JSON answer over node:http. Chosen over global fetch for the hot paths
 * between our own services: fetch's WHATWG streams and abort signals cost about twice the CPU per
 * call, which shows in a burst of sign-ins. Rejects on a network failure or after `timeoutMs`.
 */
export async function postJson(
  url: URL,
  payload: unknown,
  options: { headers?: Record<string, string>; timeoutMs: number },
): Promise<JsonAnswer> {
  const answer = await postText(url, JSON.stringify(payload), {
    timeoutMs: options.timeoutMs,
    headers: { "content-type": "application/json", accept: "application/json", ...options.headers },
  });
  let parsed: unknown;
  try {
    parsed = answer.text ? JSON.parse(answer.text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: answer.status, body: parsed, headers: answer.headers };
}
