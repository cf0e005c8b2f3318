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

/** Each check: [name, async (ctx) => detail]; ctx carries the token and what later checks need. */
export const CHECKS = [
  [
    "README curls: /health, /auth/login as ADMIN_EMAIL, /auth/verify, /users/profile",
    async (ctx) => {
      const health = json(curl(`${ctx.gateway}/health`));
      assert.equal(health.status, "healthy");
      const login = json(
        curl(
          "-X",
          "POST",
          `${ctx.gateway}/auth/login`,
          "-H",
          "Content-Type: application/json",
          "-d",
          JSON.stringify({ email: ctx.admin.email, password: ctx.admin.password }),
        ),
      );
      assert.ok(login.accessToken, `no accessToken: ${JSON.stringify(login)}`);
      ctx.token = login.accessToken;
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
      const body = await until("devices from the hub simulator", 90, () => {
        const res = json(
          curl(
            `${ctx.gateway}/graphql`,
            "-H",
            "content-type: application/json",
            "-H",
            `Authorization: Bearer ${ctx.token}`,
            "-d",
            JSON.stringify({ query }),
          ),
        );
        if (res.errors) throw new Error(JSON.stringify(res.errors).slice(0, 300));
        return res.data.devices.length > 0 ? res : undefined;
      });
      assert.equal(body.data.me.role, "ADMIN");
      assert.equal(typeof body.data.me.emailsSent, "number");
      ctx.devices = body.data.devices;
      return `me: ${body.data.me.displayName}, emailsSent ${body.data.me.emailsSent}, ${ctx.devices.length} devices`;
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
        const gql = async (query, variables) => {
          const res = await fetch(`${ctx.gateway}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${ctx.token}` },
            body: JSON.stringify({ query, variables }),
          });
          return res.json();
        };
        for (const on of [true, false]) {
          const res = await gql("mutation($id: ID!, $on: Boolean!) { setSwitch(deviceId: $id, on: $on) { id } }", {
            id: device.id,
            on,
          });
          if (res.errors) throw new Error(`setSwitch: ${JSON.stringify(res.errors)}`);
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
      const login = json(
        curl(
          "-X",
          "POST",
          `${ctx.gateway}/auth/login`,
          "-H",
          "Content-Type: application/json",
          "-H",
          "X-Forwarded-For: 203.0.113.7",
          "-d",
          JSON.stringify({ email: ctx.admin.email, password: ctx.admin.password }),
        ),
      );
      assert.ok(login.accessToken, `login: ${JSON.stringify(login)}`);
      const query =
        "{ auditLog(filter: { eventTypes: [LOGIN_SUCCEEDED] }, page: { page: 1, pageSize: 50 }) { items { ip createdAt } } }";
      const res = json(
        curl(
          `${ctx.gateway}/graphql`,
          "-H",
          "content-type: application/json",
          "-H",
          `Authorization: Bearer ${login.accessToken}`,
          "-d",
          JSON.stringify({ query }),
        ),
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors).slice(0, 300));
      const ips = res.data.auditLog.items.map((item) => item.ip);
      assert.ok(ips.includes("203.0.113.7"), `audited addresses: ${ips.join(", ")}`);
      return `audited addresses: ${[...new Set(ips)].join(", ")}`;
    },
  ],
];
