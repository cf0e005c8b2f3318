/**
 * A push service for tests, speaking RFC 8030 on 127.0.0.1: it takes POSTs of encrypted messages
 * (TTL, Urgency, Content-Encoding: aes128gcm), answers 201, or what it is told (410, 500), or is
 * down; and, standing in for the browser too, it decrypts each message (RFC 8291) with the
 * subscription's private key and auth secret, and checks the VAPID signature (RFC 8292). The
 * decryption is written here with node:crypto, independently of web-push.
 */
import { createECDH, createDecipheriv, createPublicKey, hkdfSync, randomBytes, verify, type ECDH } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface TestBrowser {
  name: string;
  endpoint: string;
  /** What PushSubscription.toJSON().keys holds: the browser's public key and auth secret, base64url. */
  p256dh: string;
  auth: string;
  ecdh: ECDH;
  authSecret: Buffer;
}

export interface PushMessage {
  browser: string;
  ttl: number;
  urgency: string | undefined;
  encoding: string | undefined;
  /** The VAPID JWT's audience and the key it was signed with, once its signature checked out. */
  vapid: { aud: string; k: string };
  payload: Record<string, any>;
}

export interface PushService {
  url: string;
  /** Messages accepted (201) and decrypted, in order of arrival. */
  messages: PushMessage[];
  /** Every POST seen, accepted or not. */
  attempts: { browser: string; status: number }[];
  /** A new browser's subscription on this service (P-256 key pair and 16-byte auth secret). */
  browser: (name: string) => TestBrowser;
  /** Answers this status to a browser's messages (or every browser's, without a name) until cleared. */
  answer: (status: number | undefined, name?: string) => void;
  /** Answers a taken (decrypted, delivered) message only after this many milliseconds (a slow push service). */
  delayMs: number;
  /** Refuses connections until up(). */
  down: () => Promise<void>;
  up: () => Promise<void>;
  stop: () => Promise<void>;
}

/** RFC 8291 §3.4 + RFC 8188: one aes128gcm record, decrypted as the browser would. */
export function decryptPush(body: Buffer, browser: Pick<TestBrowser, "ecdh" | "authSecret">): string {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const senderPublic = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  if (record.length > recordSize) throw new Error("more than one record");
  const shared = browser.ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), browser.ecdh.getPublicKey(), senderPublic]);
  const ikm = Buffer.from(hkdfSync("sha256", shared, browser.authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then any zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("not a final record");
  return padded.subarray(0, end).toString("utf8");
}

/** RFC 8292: `vapid t=<JWT>, k=<public key>`, the JWT signed ES256 by that key for this origin. */
function checkVapid(header: string | undefined, origin: string): { aud: string; k: string } {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? "");
  if (!m) throw new Error(`no VAPID authorization: ${header}`);
  const [token, k] = [m[1]!, m[2]!];
  const [h, p, sig] = token.split(".");
  const raw = Buffer.from(k, "base64url");
  const key = createPublicKey({
    key: {
      kty: "EC",
      crv: "P-256",
      x: raw.subarray(1, 33).toString("base64url"),
      y: raw.subarray(33).toString("base64url"),
    },
    format: "jwk",
  });
  const ok = verify(
    "sha256",
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: "ieee-p1363" },
    Buffer.from(sig!, "base64url"),
  );
  if (!ok) throw new Error("VAPID signature does not verify");
  const claims = JSON.parse(Buffer.from(p!, "base64url").toString()) as { aud: string; exp: number };
  if (claims.aud !== origin) throw new Error(`VAPID audience ${claims.aud} is not ${origin}`);
  return { aud: claims.aud, k };
}

export async function startPushService(): Promise<PushService> {
  const browsers = new Map<string, TestBrowser>();
  const answers = new Map<string, number>();
  let everyone: number | undefined;
  const messages: PushMessage[] = [];
  const attempts: PushService["attempts"] = [];
  let server: http.Server | undefined;
  let port = 0;

  const handler: http.RequestListener = async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const name = decodeURIComponent((req.url ?? "").replace(/^\/push\//, ""));
    const browser = browsers.get(name);
    const status = !browser ? 404 : (answers.get(name) ?? everyone ?? 201);
    attempts.push({ browser: name, status });
    if (status !== 201 || !browser) {
      res.writeHead(status).end();
      return;
    }
    try {
      if (req.method !== "POST") throw new Error("not a POST");
      const ttl = Number(req.headers.ttl);
      if (!Number.isInteger(ttl) || ttl < 0) throw new Error("no TTL");
      const vapid = checkVapid(req.headers.authorization, `http://127.0.0.1:${port}`);
      const payload = JSON.parse(decryptPush(Buffer.concat(chunks), browser)) as Record<string, any>;
      messages.push({
        browser: name,
        ttl,
        urgency: req.headers.urgency as string,
        encoding: req.headers["content-encoding"],
        vapid,
        payload,
      });
      const location = `/message/${messages.length}`;
      // Slow to answer, not to take: a sender that dies meanwhile never hears of a message delivered.
      if (service.delayMs > 0) await new Promise((r) => setTimeout(r, service.delayMs));
      res.writeHead(201, { location }).end();
    } catch (err) {
      res.writeHead(400).end((err as Error).message);
    }
  };

  const service: PushService = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    messages,
    attempts,
    delayMs: 0,
    browser(name) {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const authSecret = randomBytes(16);
      const b: TestBrowser = {
        name,
        endpoint: `http://127.0.0.1:${port}/push/${encodeURIComponent(name)}`,
        p256dh: ecdh.getPublicKey().toString("base64url"),
        auth: authSecret.toString("base64url"),
        ecdh,
        authSecret,
      };
      browsers.set(name, b);
      return b;
    },
    answer(status, name) {
      if (name === undefined) everyone = status;
      else if (status === undefined) answers.delete(name);
      else answers.set(name, status);
    },
    up: async () => {
      server = http.createServer(handler);
      await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
      port = (server.address() as AddressInfo).port;
    },
    down: async () => {
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    stop: () => service.down(),
  };
  await service.up();
  return service;
}
