// What `npm run test:compose` checks against the running stack: the README's curls, sign-in as the
// configured admin, the cross-subgraph query, a mail caught by the SMTP catcher, a live
// deviceUpdated over WebSocket, the web app's first page, and the client's address behind a proxy.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

/** The README's `curl` calls, run as written (against the test's published port). */
function curl(...args) {
  return execFileSync("curl", ["-sS", "-m", "30", ...args], { encoding: "utf8" });
}
const json = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`not JSON: ${text.slice(0, 300)}`);
  }
};

async function until(what, seconds, probe) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await sleep(1000);
  }
  throw new Error(`${what}: not within ${seconds} s${last ? ` (last: ${last.message})` : ""}`);
}

export async function waitHealthy(gateway, seconds) {
  return until("the gateway's /health healthy (every subgraph up)", seconds, async () => {
    const res = await fetch(`${gateway}/health`, { signal: AbortSignal.timeout(5000) });
    const body = await res.json();
    return res.ok && body.status === "healthy" ? body : undefined;
  });
}

/**
 * POST /graphql with a bearer, as the README's curl does: the answer's data, or an error naming
 * its GraphQL errors. `token` defaults to the admin's from the first check.
 */
function graphql(ctx, query, { variables, token = ctx.token } = {}) {
  const res = json(
    curl(
      `${ctx.gateway}/graphql`,
      "-H",
      "content-type: application/json",
      "-H",
      `Authorization: Bearer ${token}`,
      "-d",
      JSON.stringify({ query, variables }),
    ),
  );
  if (res.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(res.errors).slice(0, 300)}`);
  return res.data;
}

/** POST /auth/login as the configured admin, as the README's curl does, with any extra headers. */
function signIn(ctx, ...headers) {
  const login = json(
    curl(
      "-X",
      "POST",
      `${ctx.gateway}/auth/login`,
      "-H",
      "Content-Type: application/json",
      ...headers.flatMap((header) => ["-H", header]),
      "-d",
      JSON.stringify({ email: ctx.admin.email, password: ctx.admin.password }),
    ),
  );
  assert.ok(login.accessToken, `login: ${JSON.stringify(login)}`);
  return login.accessToken;
}

/** Runs `script` with node inside a running service's container (on the compose network, with its env). */
async function inContainer(ctx, service, script) {
  return json((await ctx.compose(["exec", "-T", service, "node", "-e", script])).trim().split("\n").pop());
}

/**
 * The newest auth migration whose `down` is plain DDL. Undone by hand, auth finds it pending on a
 * schema that holds data when it starts again: what an upgrade looks like to the service.
 */
const REWOUND = {
  name: "Migration20261205030000_outbox_trace",
  down: 'alter table "auth"."outbox_emails" drop column "traceparent", drop column "tracestate"',
};

/** Each check: [name, async (ctx) => detail]; ctx carries the token and what later checks need. */
export const CHECKS = [
  [
    "README curls: /health, /auth/login as ADMIN_EMAIL, /auth/verify, /users/profile",
    async (ctx) => {
      const health = json(curl(`${ctx.gateway}/health`));
      assert.equal(health.status, "healthy");
      ctx.token = signIn(ctx);
      const auth = ["-H", `Authorization: Bearer ${ctx.token}`];
      const verify = json(curl(`${ctx.gateway}/auth/verify`, ...auth));
      assert.ok(verify.userId && verify.role === "ADMIN", `verify: ${JSON.stringify(verify)}`);
      const profile = json(curl(`${ctx.gateway}/users/profile`, ...auth));
      assert.ok(JSON.stringify(profile).includes(ctx.admin.email), `profile: ${JSON.stringify(profile)}`);
      return `signed in as ${ctx.admin.email}`;
    },
  ],
  [
    "README's cross-subgraph query (auth, email, home) with the simulator's devices",
    async (ctx) => {
      const query =
        "{ me { displayName role emailsSent devicesChanged { label } } devices { id label room lastChangedBy { displayName } } }";
      const data = await until("devices from the hub simulator", 90, () => {
        const answer = graphql(ctx, query);
        return answer.devices.length > 0 ? answer : undefined;
      });
      assert.equal(data.me.role, "ADMIN");
      assert.equal(typeof data.me.emailsSent, "number");
      ctx.devices = data.devices;
      return `me: ${data.me.displayName}, emailsSent ${data.me.emailsSent}, ${ctx.devices.length} devices`;
    },
  ],
  [
    "a mail sent with the README's curl is caught by the SMTP catcher (Mailpit's API, or the stand-in's)",
    async (ctx) => {
      const subject = `Compose test ${randomBytes(4).toString("hex")}`;
      const sent = json(
        curl(
          "-X",
          "POST",
          `${ctx.gateway}/api/emails/send`,
          "-H",
          `Authorization: Bearer ${ctx.token}`,
          "-H",
          "Content-Type: application/json",
          "-d",
          JSON.stringify({ to: "user@example.com", subject, body: "Hello!" }),
        ),
      );
      assert.ok(!sent.error && !sent.errors, `send: ${JSON.stringify(sent)}`);
      await until(`"${subject}" in the catcher`, 60, async () => {
        const mailpit = await fetch(`${ctx.mailpit}/api/v1/messages`).catch(() => undefined);
        if (mailpit?.ok) return (await mailpit.json()).messages?.some((m) => m.Subject === subject);
        const maildev = await fetch(`${ctx.mailpit}/api/email`);
        return maildev.ok && (await maildev.json()).some((m) => m.subject === subject);
      });
      return `caught "${subject}"`;
    },
  ],
  [
    "deviceUpdated arrives over WebSocket (graphql-ws) after a setSwitch",
    async (ctx) => {
      const device = ctx.devices.find((d) => d.label === "Porch Light") ?? ctx.devices[0];
      const client = createClient({
        url: `${ctx.gateway.replace(/^http/, "ws")}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${ctx.token}` },
        retryAttempts: 0,
      });
      const events = [];
      const errors = [];
      let subscribed;
      const started = new Promise((resolve) => (subscribed = resolve));
      client.on("connected", () => setTimeout(subscribed, 1000));
      const stop = client.subscribe(
        {
          query: "subscription($ids: [ID!]) { deviceUpdated(deviceIds: $ids) { id label } }",
          variables: { ids: [device.id] },
        },
        { next: (v) => events.push(v), error: (e) => errors.push(e), complete: () => undefined },
      );
      try {
        await Promise.race([started, sleep(15_000)]);
        for (const on of [true, false]) {
          graphql(ctx, "mutation($id: ID!, $on: Boolean!) { setSwitch(deviceId: $id, on: $on) { id } }", {
            variables: { id: device.id, on },
          });
        }
        await until("a deviceUpdated event", 30, () => {
          if (errors.length) throw new Error(String(errors[0]?.message ?? JSON.stringify(errors[0])));
          return events.find((e) => e.data?.deviceUpdated?.id === device.id);
        });
      } finally {
        stop();
        await client.dispose();
      }
      return `${events.length} event(s) for ${device.label}`;
    },
  ],
  [
    "the web app's first page and its scripts",
    async (ctx) => {
      const res = await fetch(`${ctx.gateway}/`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /text\/html/);
      const html = await res.text();
      const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(scripts.length > 0, "no <script src> in the page");
      for (const src of scripts) {
        const asset = await fetch(new URL(src, `${ctx.gateway}/`));
        assert.equal(asset.status, 200, `${src}: ${asset.status}`);
      }
      return `${html.length} bytes of HTML, ${scripts.length} script(s) served`;
    },
  ],
  [
    "a login with X-Forwarded-For: 203.0.113.7 is audited with that address (TRUST_PROXY)",
    async (ctx) => {
      const token = signIn(ctx, "X-Forwarded-For: 203.0.113.7");
      const query =
        "{ auditLog(filter: { eventTypes: [LOGIN_SUCCEEDED] }, page: { page: 1, pageSize: 50 }) { items { ip createdAt } } }";
      const ips = graphql(ctx, query, { token }).auditLog.items.map((item) => item.ip);
      assert.ok(ips.includes("203.0.113.7"), `audited addresses: ${ips.join(", ")}`);
      return `audited addresses: ${[...new Set(ips)].join(", ")}`;
    },
  ],
  [
    "/metrics of every service answers only METRICS_TOKEN's bearer, as Prometheus sends it",
    async (ctx) => {
      const bare = await fetch(`${ctx.gateway}/metrics`);
      assert.equal(bare.status, 401, `the gateway's /metrics without a token: ${bare.status}`);
      const auth = { authorization: `Bearer ${ctx.metricsToken}` };
      const text = await (await fetch(`${ctx.gateway}/metrics`, { headers: auth })).text();
      assert.match(text, /^homegraph_http_request_duration_seconds_bucket\{/m);
      // The subgraphs from inside the compose network, where Prometheus scrapes them.
      const targets = { auth: "auth:6101", email: "email:6102", home: "home:6103" };
      const answers = await inContainer(
        ctx,
        "gateway",
        `(async () => {
          const out = {};
          for (const [name, target] of Object.entries(${JSON.stringify(targets)})) {
            const bare = await fetch("http://" + target + "/metrics");
            const ok = await fetch("http://" + target + "/metrics", { headers: ${JSON.stringify(auth)} });
            out[name] = [bare.status, ok.status, (await ok.text()).includes("homegraph_db_pool_connections")];
          }
          console.log(JSON.stringify(out));
        })()`,
      );
      assert.deepEqual(answers, { auth: [401, 200, true], email: [401, 200, true], home: [401, 200, true] });
      return "401 without the bearer, 200 with it: gateway, auth, email, home";
    },
  ],
  [
    "a backup before migrations: auth, finding a migration to run on its data, writes an encrypted backup to the volume first",
    async (ctx) => {
      const rewound = await inContainer(
        ctx,
        "auth",
        `const { Client } = require("pg");
        const c = new Client({ connectionString: process.env.DATABASE_URL });
        (async () => {
          await c.connect();
          await c.query("begin");
          await c.query(${JSON.stringify(REWOUND.down)});
          const r = await c.query("delete from auth.mikro_orm_migrations where name = $1", [${JSON.stringify(REWOUND.name)}]);
          await c.query("commit");
          await c.end();
          console.log(JSON.stringify(r.rowCount));
        })();`,
      );
      assert.equal(rewound, 1, `${REWOUND.name} was not recorded as run`);
      await ctx.compose(["restart", "auth"]);
      await sleep(3000);
      await waitHealthy(ctx.gateway, 180);
      const seen = await until("auth healthy again with the migration re-run", 120, () =>
        inContainer(
          ctx,
          "auth",
          `const fs = require("fs");
          const { Client } = require("pg");
          const c = new Client({ connectionString: process.env.DATABASE_URL });
          (async () => {
            await c.connect();
            const r = await c.query("select 1 from auth.mikro_orm_migrations where name = $1", [${JSON.stringify(REWOUND.name)}]);
            await c.end();
            const files = fs.readdirSync("/backups").filter((f) => f.endsWith(".hgbackup"));
            const file = files.find((f) => f.endsWith("-pre-migration.hgbackup"));
            const head = file ? fs.readFileSync("/backups/" + file).subarray(0, 8).toString() : null;
            const size = file ? fs.statSync("/backups/" + file).size : 0;
            console.log(JSON.stringify({ migrated: r.rowCount === 1, files, file, head, size }));
          })();`,
        ).then((v) => (v.migrated && v.file ? v : undefined)),
      );
      assert.equal(seen.head, "HGBACKUP", `${seen.file} is not an encrypted Homegraph backup`);
      assert.ok(seen.size > 1000, `${seen.file}: ${seen.size} bytes`);
      // The gateway reads the same volume for Admin → Health.
      const status = json(curl(`${ctx.gateway}/system/backup`, "-H", `Authorization: Bearer ${signIn(ctx)}`));
      assert.equal(status.lastOk?.kind, "pre-migration", `GET /system/backup: ${JSON.stringify(status)}`);
      assert.equal(status.lastOk?.file, seen.file);
      return `${seen.file} (${seen.size} bytes), shown by GET /system/backup; ${REWOUND.name} ran again`;
    },
  ],
];
