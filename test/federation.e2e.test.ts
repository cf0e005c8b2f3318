import { Client } from "pg";
import { createApp as createHome } from "../subgraphs/home/src/app";
import { configFromEnv as homeConfig } from "../subgraphs/home/src/config";
import { startStack, type Stack } from "./support/stack";

let stack: Stack;
/** Ann's signed-in Authorization header: devices and the per-user fields are for signed-in people. */
let authorization: string;
const query = (q: string) => stack.query(q, undefined, { authorization });

beforeAll(async () => {
  stack = await startStack();
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  await stack.addUser({ email: "ann@example.com", password: "correct horse", displayName: "Ann", role: "ADMIN" });
  await db.query(
    `insert into email.email_logs (user_id, recipient, subject) values (1, 'ann@example.com', 'Welcome'), (1, 'ann@example.com', 'Digest')`,
  );
  await db.query(
    `insert into home.devices (hub_device_id, label, room, last_changed_by_id, last_changed_at)
     values ('12', 'Porch light', 'Outside', 1, now()), ('13', 'Desk lamp', 'Office', null, null)`,
  );
  await db.end();
  ({ authorization } = await stack.signIn("ann@example.com", "correct horse"));
});

afterAll(() => stack?.stop());

const SPANNING = `{
  devices { label room lastChangedBy { displayName role emailsSent devicesChanged { label } } }
}`;

async function health() {
  const res = await fetch(`${stack.gateway.url}/health`);
  return {
    status: res.status,
    body: (await res.json()) as { unhealthy: string[]; checks: Record<string, { status: string }> },
  };
}

describe("the composed graph", () => {
  it("reports every subgraph healthy", async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(Object.keys(body.checks).sort()).toEqual(["auth", "email", "home"]);
    expect(body.unhealthy).toEqual([]);
  });

  it("answers one query with fields from all three subgraphs", async () => {
    const { status, body } = await query(SPANNING);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data!.devices).toEqual([
      { label: "Desk lamp", room: "Office", lastChangedBy: null },
      {
        label: "Porch light",
        room: "Outside",
        lastChangedBy: { displayName: "Ann", role: "ADMIN", emailsSent: 2, devicesChanged: [{ label: "Porch light" }] },
      },
    ]);
  });

  it("keeps the caller's request id, and makes one when there is none", async () => {
    const given = await fetch(`${stack.gateway.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "trace-42", authorization },
      body: JSON.stringify({ query: "{ devices { id } }" }),
    });
    expect(given.headers.get("x-request-id")).toBe("trace-42");
    const made = await fetch(`${stack.gateway.url}/health`);
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("returns a sign-in's token even when the selection asks for per-person fields that need one", async () => {
    // Inside `login` there is no token yet: the email and home fields refuse, and only they go null.
    const { status, body } = await stack.query(
      `mutation { login(email: "ann@example.com", password: "correct horse") {
        accessToken user { displayName emailsSent devicesChanged { id } } } }`,
    );
    expect(status).toBe(200);
    const login = (body.data as { login: { accessToken: string; user: Record<string, unknown> } }).login;
    expect(login.accessToken).toMatch(/^ey/);
    expect(login.user).toEqual({ displayName: "Ann", emailsSent: null, devicesChanged: null });
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED", "UNAUTHENTICATED"]);
  });

  it("gives a malformed query a BAD_USER_INPUT error", async () => {
    const { body } = await query("{ devices { label ");
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("blocks a cross-site simple request (CSRF prevention)", async () => {
    const res = await fetch(`${stack.gateway.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ query: "{ devices { id } }" }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Cross-Site Request Forgery/);
  });

  it("allows Apollo Sandbox's origin and refuses a foreign one", async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.gateway.url}/graphql`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
    const sandbox = await preflight("https://studio.apollographql.com");
    expect(sandbox.headers.get("access-control-allow-origin")).toBe("https://studio.apollographql.com");
    const foreign = await preflight("https://evil.example");
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("a subgraph going down", () => {
  it("is named by /health, leaves the other subgraphs answering, and the gateway recovers by itself", async () => {
    const port = stack.home.port;
    await stack.home.close();

    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body.unhealthy).toEqual(["home"]);

    const other = await query(`{ user(id: 1) { displayName emailsSent } }`);
    expect(other.body).toEqual({ data: { user: { displayName: "Ann", emailsSent: 2 } } });

    const affected = await query(`{ devices { label } }`);
    expect(affected.status).toBe(200);
    expect(affected.body.errors?.[0]).toMatchObject({
      message: "The home service is unavailable right now. Please try again shortly.",
      extensions: { code: "UNAVAILABLE" },
    });

    stack.home = await createHome(
      homeConfig({
        NODE_ENV: "test",
        LOG_LEVEL: "silent",
        PORT: String(port),
        DATABASE_URL: stack.databaseUrl,
        AUTH_URL: stack.auth.url,
      }),
    );
    const up = await health();
    expect(up.status).toBe(200);
    const back = await query(`{ devices { label } }`);
    expect(back.body.data?.devices).toHaveLength(2);
  });

  it("keeps the affected fields' errors partial: the rest of the data still arrives", async () => {
    await stack.email.close();
    const { body } = await query(`{ user(id: 1) { displayName emailsSent } }`);
    // emailsSent (resolved by email on auth's User) is nullable: only it goes null, the user stays.
    expect(body.data).toEqual({ user: { displayName: "Ann", emailsSent: null } });
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAVAILABLE");
    expect(body.errors?.[0]?.message).toMatch(/email service is unavailable/);
    const unaffected = await query(`{ user(id: 1) { displayName } }`);
    expect(unaffected.body).toEqual({ data: { user: { displayName: "Ann" } } });
  });

  it("still shows the profile when the email service cannot give the mail preferences (a nullable root field)", async () => {
    // The web app's Profile query: `me` from auth, `myEmailPreferences` from email (closed above).
    const { body } = await query(`{ me { displayName } myEmailPreferences { digest } }`);
    expect(body.data).toEqual({ me: { displayName: "Ann" }, myEmailPreferences: null });
    expect(body.errors?.[0]?.path).toEqual(["myEmailPreferences"]);
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAVAILABLE");
  });
});
