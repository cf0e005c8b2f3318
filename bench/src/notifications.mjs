// Notifications: one POST /notifications (a service token, as the home service sends them) whose
// audience lists 1,000 people, each with one browser subscribed to push (time until it is accepted:
// 1,000 inbox rows and 1,000 push jobs written in one transaction), then every push delivered to
// the local HTTPS push service (pushes per second, from the POST to the last arrival); then the
// inbox of one person holding 10,000 notifications, read through the gateway (p50/p99 of the
// first page with the unread count, and of the unread-only page).
import { createCipheriv, createECDH, createHash, hkdfSync, randomBytes } from "node:crypto";
import pg from "pg";
import { markdownTable } from "./autocannon.mjs";
import { ADMIN, graphql } from "./session.mjs";

const now = () => performance.timeOrigin + performance.now();
const FIRST_PAGE = `{ notifications(page: { page: 1, pageSize: 20 }) { total items { id title readAt } } unreadNotificationCount }`;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** common's SecretBox (packages/common/src/crypto/secret-box.ts), as the email service seals push subscriptions. */
function seal(secret, plaintext) {
  const key = Buffer.from(hkdfSync("sha256", secret, "homegraph-email", "web push v1", 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

async function household(db, { tag, people, pushSink, serviceSecret }) {
  const users = await db.query(
    `insert into auth.users (email, display_name, role, password_hash)
     select $1 || '-' || i || '@bench.homegraph.test', 'Bench ' || i, 'MEMBER', 'x' from generate_series(1, $2::int) i
     returning id`,
    [tag, people],
  );
  // One browser key pair for all: each subscription still has its own endpoint, so its own push.
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const keys = { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") };
  const rows = users.rows.map((u, i) => {
    const endpoint = pushSink.endpoint(`${tag}-${i}`);
    return {
      user_id: u.id,
      endpoint_hash: createHash("sha256").update(endpoint).digest("hex"),
      origin: new URL(endpoint).origin,
      sealed: seal(serviceSecret, JSON.stringify({ endpoint, ...keys })),
    };
  });
  await db.query(
    `insert into email.push_subscriptions (user_id, endpoint_hash, origin, sealed)
     select user_id, endpoint_hash, origin, sealed from json_to_recordset($1::json) as r(user_id int, endpoint_hash text, origin text, sealed text)`,
    [JSON.stringify(rows)],
  );
  return users.rows.map((u) => Number(u.id));
}

async function serviceToken(stack, secret) {
  const res = await fetch(`http://127.0.0.1:${stack.ports.auth}/internal/service-token`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Service ${secret}` },
    body: JSON.stringify({ service: "home" }),
  });
  if (!res.ok) throw new Error(`service token: HTTP ${res.status}`);
  return (await res.json()).token;
}

async function latencies(run, count) {
  for (let i = 0; i < 20; i++) await run(); // warm-up
  const ms = [];
  for (let i = 0; i < count; i++) {
    const started = now();
    await run();
    ms.push(now() - started);
  }
  ms.sort((a, b) => a - b);
  return { p50: +percentile(ms, 50).toFixed(1), p99: +percentile(ms, 99).toFixed(1) };
}

export async function notifications(stack, { token, pushSink, serviceSecret, quick }) {
  const people = quick ? 100 : 1000;
  const stored = quick ? 2000 : 10_000;
  const tag = `bench${Date.now().toString(36)}`;
  const db = new pg.Client({
    connectionString:
      process.env.BENCH_DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${stack.ports.pg}/homegraph`,
  });
  await db.connect();
  try {
    const userIds = await household(db, { tag, people, pushSink, serviceSecret });
    const bearer = await serviceToken(stack, serviceSecret);
    const started = now();
    const res = await fetch(`http://127.0.0.1:${stack.ports.email}/notifications`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
      body: JSON.stringify({
        audience: { userIds },
        kind: "AUTOMATION",
        severity: "INFO",
        title: "Front door opened",
        body: "The front door opened while everyone was away.",
        url: "/devices/71",
        dedupeKey: tag,
      }),
    });
    const accepted = now();
    const answer = await res.json();
    if (res.status !== 202 || answer.created !== people)
      throw new Error(`POST /notifications: ${res.status} ${JSON.stringify(answer)}`);
    const paths = userIds.map((_, i) => `/push/${tag}-${i}`);
    const arrived = () => paths.filter((p) => pushSink.arrivals.has(p)).length;
    const deadline = Date.now() + 120_000;
    while (arrived() < people && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const delivered = arrived();
    const last = Math.max(...paths.map((p) => pushSink.arrivals.get(p) ?? 0));
    const acceptMs = +(accepted - started).toFixed(0);
    const deliverMs = +(last - started).toFixed(0);
    const perSecond = delivered ? Math.round((delivered / deliverMs) * 1000) : 0;

    // One person's 10,000 notifications, a third of them unread, written straight to the table.
    const [{ id: adminId }] = (await db.query(`select id from auth.users where email = $1`, [ADMIN.email])).rows;
    await db.query(
      `insert into email.notifications (user_id, kind, severity, title, body, url, dedupe_key, channels, created_at, read_at)
       select $1, 'DEVICE_HEALTH', 'INFO', 'Battery low ' || i, 'Sensor ' || i || ' reports 9%', '/devices/' || i, $2 || '-' || i,
              '{IN_APP}', now() - make_interval(mins => i), case when i % 3 = 0 then null else now() end
         from generate_series(1, $3::int) i`,
      [adminId, tag, stored],
    );
    await db.query(`analyze email.notifications`);
    const url = `${stack.url}/graphql`;
    const firstPage = () => graphql(url, token, FIRST_PAGE);
    const unreadPage = () =>
      graphql(
        url,
        token,
        `
          {
            notifications(page: { page: 3, pageSize: 20 }, unreadOnly: true) {
              total
              items {
                id
                title
              }
            }
          }
        `,
      );
    const n = quick ? 100 : 500;
    const inbox = await latencies(firstPage, n);
    const unread = await latencies(unreadPage, n);
    // The same first page straight at the email subgraph: what the gateway hop adds, apart.
    const direct = await latencies(
      () => graphql(`http://127.0.0.1:${stack.ports.email}/graphql`, token, FIRST_PAGE),
      n,
    );

    const figures = { people, acceptMs, delivered, deliverMs, perSecond, stored, inbox, unread, direct, requests: n };
    const table = markdownTable(
      ["what", "figure"],
      [
        [`accept one POST /notifications to ${people} people (1 browser each)`, `${acceptMs} ms`],
        [`POST → last of ${delivered} of ${people} pushes received by the push service`, `${deliverMs} ms`],
        ["delivered", `${perSecond} pushes/s`],
        [`inbox first page + unread count, ${stored} stored (gateway)`, `p50 ${inbox.p50} / p99 ${inbox.p99} ms`],
        [`inbox unread only, page 3 (gateway)`, `p50 ${unread.p50} / p99 ${unread.p99} ms`],
        [`inbox first page + unread count, straight at the email subgraph`, `p50 ${direct.p50} / p99 ${direct.p99} ms`],
      ],
    );
    return { name: "notifications", table, figures };
  } finally {
    await db.end();
  }
}
