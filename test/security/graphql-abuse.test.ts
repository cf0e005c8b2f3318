/**
 * Operations built to exhaust the graph (depth, aliases, directives, cost, tokens, batches, body
 * size) and requests from other sites (CSRF, CORS), against the real gateway: each is refused
 * before anything executes, with BAD_USER_INPUT and the limit it broke as `extensions.reason`.
 */
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { attackLog } from "../support/attacks";
import { startStack, type SignedIn, type Stack } from "../support/stack";

const log = attackLog("graphql-abuse");
let stack: Stack;
let admin: SignedIn;

beforeAll(async () => {
  stack = await startStack();
  await stack.addUser({ email: "ada@example.com", password: "correct horse battery", role: "ADMIN" });
  admin = await stack.signIn("ada@example.com", "correct horse battery");
});
afterAll(async () => {
  log.finish();
  await stack?.stop();
});

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string; reason?: string } }[] };
}

async function post(body: unknown, headers: Record<string, string> = {}, path = "/graphql"): Promise<Answer> {
  const res = await fetch(`${stack.gateway.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: admin.authorization, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as Answer["body"] };
  } catch {
    return { status: res.status, body: { errors: [{ message: text }] } };
  }
}

/** `CODE (REASON) HTTP`, from the error naming the limit when there is one; `data` means it ran. */
function refusal({ status, body }: Answer, reason?: string): string {
  const errors = body.errors ?? [];
  const e =
    errors.find((x) => reason && x.extensions?.reason === reason) ??
    errors.find((x) => x.extensions?.reason && !String(x.extensions.reason).startsWith("GRAPHQL_")) ??
    errors[0];
  const ran = body.data !== undefined && body.data !== null ? " data" : "";
  return e ? `${e.extensions?.code ?? "none"} (${e.extensions?.reason ?? "-"}) ${status}${ran}` : `OK ${status}${ran}`;
}

describe("GraphQL abuse, refused before execution", () => {
  it("a depth bomb", async () => {
    let selection = "id";
    for (let i = 0; i < 10; i++) selection = `lastChangedBy { devicesChanged { ${selection} } }`;
    const answer = await post({ query: `{ devices { ${selection} } }` });
    log.refused(
      "depth bomb (22 levels)",
      "gateway /graphql",
      "BAD_USER_INPUT (MAX_DEPTH) 400",
      refusal(answer, "MAX_DEPTH"),
    );
  });

  it("an alias bomb on a mutation: not one sign-in attempt is counted", async () => {
    const aliases = Array.from(
      { length: 50 },
      (_, i) => `a${i}: login(email: "alias-target@example.com", password: "guess-${i}") { accessToken }`,
    ).join("\n");
    const answer = await post({ query: `mutation { ${aliases} }` });
    log.refused("alias bomb (50 × login)", "gateway /graphql", "BAD_USER_INPUT (MAX_ALIASES) 400", refusal(answer));
    const rows = await stack.sql(
      `select count(*)::int as n from auth.rate_limit_buckets where key like '%alias-target%'`,
    );
    log.refused("alias bomb executed nothing", "auth rate-limit counters", "0 attempts", `${rows[0]!.n} attempts`);
  });

  it("a directive bomb", async () => {
    const fields = Array.from({ length: 60 }, () => `id @include(if: true)`).join(" ");
    const answer = await post({ query: `{ me { ${fields} } }` });
    log.refused(
      "directive bomb (60 × @include)",
      "gateway /graphql",
      "BAD_USER_INPUT (MAX_DIRECTIVES) 400",
      refusal(answer),
    );
  });

  it("a complexity bomb (one fragment spread many times, within the depth and alias limits)", async () => {
    const spreads = Array.from({ length: 300 }, () => `...D`).join(" ");
    const answer = await post({
      query: `fragment D on Device { id label room attributes { name value } lastChangedBy { id displayName devicesChanged { id label attributes { name value } } } }
              { devices { ${spreads} } }`,
    });
    log.refused(
      "complexity bomb (300 fragment spreads)",
      "gateway /graphql",
      "BAD_USER_INPUT (MAX_COST) 400",
      refusal(answer),
    );
  });

  it("a token bomb", async () => {
    const answer = await post({ query: `{ me { ${"id ".repeat(4000)} } }` });
    log.refused("token bomb (4,000 tokens)", "gateway /graphql", "BAD_USER_INPUT (MAX_TOKENS) 400", refusal(answer));
  });

  it("batched operations beyond the limit (and a batch within it still works)", async () => {
    const within = await post([{ query: `{ me { id } }` }, { query: `{ me { email } }` }]);
    expect(within.status).toBe(200);
    expect(Array.isArray(within.body)).toBe(true);
    const answer = await post(Array.from({ length: 11 }, () => ({ query: `{ me { id } }` })));
    log.refused("batch of 11 operations", "gateway /graphql", "BAD_USER_INPUT (MAX_BATCH) 400", refusal(answer));
  });

  it("a body over the size limit", async () => {
    const answer = await post({ query: `{ me { id } }`, variables: { pad: "x".repeat(150 * 1024) } });
    log.refused("150 KB body", "gateway /graphql", "BAD_USER_INPUT (BODY_TOO_LARGE) 413", refusal(answer));
    const rest = await post({ email: "a@example.com", password: "x".repeat(150 * 1024) }, {}, "/auth/login");
    const e = (rest.body as unknown as { error: { code: string; reason: string } }).error;
    log.refused(
      "150 KB body",
      "gateway /auth/login",
      "BAD_USER_INPUT (BODY_TOO_LARGE) 413",
      `${e.code} (${e.reason}) ${rest.status}`,
    );
  });
});

describe("GraphQL abuse over WebSocket (subscriptions)", () => {
  it("a depth bomb in a subscription is refused before it runs", async () => {
    let selection = "id";
    for (let i = 0; i < 10; i++) selection = `lastChangedBy { devicesChanged { ${selection} } }`;
    const client = createClient({
      url: `${stack.gateway.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: admin.authorization },
      retryAttempts: 0,
    });
    try {
      const outcome = await new Promise<unknown>((resolve) =>
        client.subscribe(
          { query: `subscription { deviceUpdated { ${selection} } }` },
          { next: (value) => resolve(value), error: resolve, complete: () => resolve("completed without error") },
        ),
      );
      const errors = (Array.isArray(outcome) ? outcome : []) as { extensions?: { code?: string; reason?: string } }[];
      const e = errors.find((x) => x.extensions?.reason === "MAX_DEPTH") ?? errors[0];
      log.refused(
        "depth bomb (22 levels) in a subscription",
        "gateway /graphql (WebSocket)",
        "BAD_USER_INPUT (MAX_DEPTH)",
        e ? `${e.extensions?.code} (${e.extensions?.reason})` : JSON.stringify(outcome),
      );
    } finally {
      await client.dispose();
    }
  });
});

describe("requests from other sites", () => {
  const mutation = JSON.stringify({ query: `mutation { logoutEverywhere }` });

  it("CSRF: a simple-request POST (text/plain, form) without the preflight header", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const answer = await post(mutation, { "content-type": type });
      log.refused(
        `CSRF simple POST (${type.split(";")[0]})`,
        "gateway /graphql",
        "BAD_USER_INPUT (BAD_REQUEST) 400",
        refusal(answer),
      );
    }
    // The session is intact: nothing ran.
    const me = await post({ query: `{ me { id } }` });
    expect(me.status).toBe(200);
  });

  it("CORS: a foreign origin gets no CORS grant and its requests are refused", async () => {
    const preflight = await fetch(`${stack.gateway.url}/graphql`, {
      method: "OPTIONS",
      headers: {
        origin: "https://evil.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,authorization",
      },
    });
    const grant = preflight.headers.get("access-control-allow-origin");
    log.refused(
      "CORS preflight from a foreign origin",
      "gateway /graphql",
      "403 no grant",
      `${preflight.status} ${grant ? `grant ${grant}` : "no grant"}`,
    );
    const answer = await post({ query: `{ me { id } }` }, { origin: "https://evil.example" });
    const e = (answer.body as unknown as { error?: { code: string; reason: string } }).error;
    log.refused(
      "POST from a foreign origin",
      "gateway /graphql",
      "FORBIDDEN (ORIGIN_NOT_ALLOWED) 403",
      e ? `${e.code} (${e.reason}) ${answer.status}` : refusal(answer),
    );
    const login = await post(
      { email: "ada@example.com", password: "correct horse battery" },
      { origin: "https://evil.example" },
      "/auth/login",
    );
    log.refused("sign-in from a foreign origin", "gateway /auth/login", "403", String(login.status));

    // The control: an allowed origin gets its grant, and the same origin as the gateway passes.
    const allowed = await fetch(`${stack.gateway.url}/graphql`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect((await post({ query: `{ me { id } }` }, { origin: stack.gateway.url })).status).toBe(200);
  });
});
