#!/usr/bin/env node
// Benchmark: accept a bulk send to N addresses through GraphQL, then deliver every mail to a
// local SMTP server over real SMTP. Prints the figures as a markdown table.
//
//   npm run build && BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//     node subgraphs/email/scripts/bench-bulk.mjs [count]
//
// Uses a scratch database of its own on that server (dropped at the end) and a stand-in for the
// auth service's keys, so nothing else needs to run.
import { createRequire } from "node:module";
import http from "node:http";
import { generateKeyPairSync, randomUUID } from "node:crypto";

const require = createRequire(import.meta.url);
const { createScratchDatabase } = require("@homegraph/common");
const { createApp } = require("../dist/app.js");
const { configFromEnv } = require("../dist/config.js");
const { SMTPServer } = require("smtp-server");
const jwt = require("jsonwebtoken");

const count = Number(process.argv[2] ?? 1000);
const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!server) {
  console.error("Set BENCH_DATABASE_URL (a PostgreSQL server URL; a scratch database is made on it).");
  process.exit(2);
}

const listen = (srv) =>
  new Promise((resolve) => srv.listen(0, "127.0.0.1", () => resolve((srv.server ?? srv).address().port)));

// The auth service's public keys, as a JWKS, so the email service accepts our admin token.
const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const kid = `bench-${randomUUID()}`;
const jwks = http.createServer((req, res) => {
  if (req.url === "/.well-known/jwks.json") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(
      JSON.stringify({ keys: [{ ...publicKey.export({ format: "jwk" }), kid, alg: "ES256", use: "sig" }] }),
    );
  }
  if (req.url === "/auth/revocations") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ revoked: [] }));
  }
  if (req.url === "/auth/revocations/stream") {
    res.writeHead(200, { "content-type": "text/event-stream" });
    return res.write(": connected\n\n");
  }
  res.writeHead(404).end();
});
const authPort = await listen(jwks);
const now = Math.floor(Date.now() / 1000);
const token = jwt.sign(
  {
    sub: "1",
    sid: randomUUID(),
    role: "ADMIN",
    iss: "homegraph",
    aud: "homegraph",
    jti: randomUUID(),
    iat: now,
    exp: now + 3600,
  },
  privateKey,
  { algorithm: "ES256", header: { alg: "ES256", typ: "JWT", kid } },
);

let received = 0;
let lastAt = 0;
const smtp = new SMTPServer({
  disabledCommands: ["STARTTLS", "AUTH"],
  authOptional: true,
  logger: false,
  closeTimeout: 100,
  onData(stream, _session, callback) {
    stream.on("data", () => undefined);
    stream.on("end", () => {
      received++;
      lastAt = Date.now();
      callback();
    });
  },
});
smtp.on("error", () => undefined);
const smtpPort = await listen(smtp);

const db = await createScratchDatabase(server);
const app = await createApp(
  configFromEnv({
    NODE_ENV: "production",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    PORT: "0",
    DATABASE_URL: db.url,
    AUTH_URL: `http://127.0.0.1:${authPort}`,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    EMAIL_BULK_MAX: String(Math.max(count, 1000)),
    ...Object.fromEntries(
      Object.entries(process.env).filter(([k]) => /^(EMAIL_CONCURRENCY|SMTP_POOL_MAX|DB_POOL_MAX)$/.test(k)),
    ),
  }),
);

try {
  const to = Array.from({ length: count }, (_, i) => `person${i}@example.com`);
  const started = Date.now();
  const res = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: `mutation ($i: SendBulkEmailInput!) { sendBulkEmail(input: $i) { id total } }`,
      variables: {
        i: { to, templateKey: "device-notification", variables: { device: "Front door", event: "opened" } },
      },
    }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  const accepted = Date.now();
  while (received < count) {
    if (Date.now() - started > 300_000) throw new Error(`only ${received} of ${count} mails arrived in 5 minutes`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const acceptMs = accepted - started;
  const deliverMs = lastAt - started;
  console.log(`| what | ${count} mails |`);
  console.log(`|---|---|`);
  console.log(
    `| accept (one sendBulkEmail: validate, render, log rows + jobs in one transaction) | ${acceptMs} ms (${Math.round((count / acceptMs) * 1000)} mails/s) |`,
  );
  console.log(
    `| accept → last mail received by the SMTP server | ${deliverMs} ms (${Math.round((count / deliverMs) * 1000)} mails/s) |`,
  );
} finally {
  await app.close();
  smtp.close(() => undefined);
  jwks.closeAllConnections();
  jwks.close();
  await db.drop();
}
