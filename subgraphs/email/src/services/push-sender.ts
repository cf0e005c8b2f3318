import http from "node:http";
import https from "node:https";
import webpush from "web-push";
import { NotificationSeverity } from "../entities/notification-enums.js";

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** A browser's subscription as the Push API hands it over (PushSubscription.toJSON()). */
export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export type PushResult =
  | { ok: true }
  /** `gone`: the push service forgot the subscription (404/410); `permanent`: retrying cannot help. */
  | { ok: false; gone: boolean; permanent: boolean; reason: string };

/** RFC 8030 §5.2–5.3: how long a push service may hold the message, and how eagerly a device should wake. */
export const PUSH_POLICY: Record<NotificationSeverity, { ttl: number; urgency: "high" | "normal" | "low" }> = {
  [NotificationSeverity.CRITICAL]: { ttl: 24 * 3600, urgency: "high" },
  [NotificationSeverity.WARNING]: { ttl: 12 * 3600, urgency: "normal" },
  [NotificationSeverity.INFO]: { ttl: 3600, urgency: "low" },
};

/** Where an endpoint points, for logs: the rest of the URL is the capability and stays out. */
export function originOf(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return "(invalid)";
  }
}

/**
 * The SSRF guard for push endpoints: https anywhere, plain http only to this machine outside
 * production (a local test push service). No credentials in the URL.
 */
export function endpointProblem(endpoint: string, production: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "endpoint must be a URL.";
  }
  if (url.username || url.password) return "endpoint may not carry credentials.";
  if (url.protocol === "https:") return undefined;
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol === "http:" && loopback && !production) return undefined;
  return production || !loopback
    ? "endpoint must be an https:// URL."
    : "endpoint must be an https:// URL (or http:// on this machine, outside production).";
}

/**
 * Sends Web Push messages: web-push encrypts the payload (RFC 8291, aes128gcm) and signs the VAPID
 * header (RFC 8292); the request itself goes over keep-alive agents of our own, so many pushes to
 * one push service share a few connections (and a local http test service works too).
 */
export class PushSender {
  private readonly agents = {
    "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
    "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };

  /** VAPID headers by push service origin: one signature serves many pushes (RFC 8292 §2 allows reuse until exp). */
  private readonly vapidHeaders = new Map<string, { authorization: string; renewAt: number }>();

  constructor(
    private readonly vapid: VapidKeys,
    private readonly timeoutMs: number,
    private readonly production: boolean,
  ) {}

  async send(target: PushTarget, payload: string, severity: NotificationSeverity): Promise<PushResult> {
    const problem = endpointProblem(target.endpoint, this.production);
    if (problem) return { ok: false, gone: false, permanent: true, reason: problem };
    const { ttl, urgency } = PUSH_POLICY[severity];
    let details: webpush.RequestDetails;
    try {
      details = webpush.generateRequestDetails(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        payload,
        {
          headers: { Authorization: this.authorizationFor(new URL(target.endpoint).origin) },
          TTL: ttl,
          urgency,
          contentEncoding: "aes128gcm",
        },
      );
    } catch (err) {
      // The subscription's keys cannot be used: no retry will change that.
      return { ok: false, gone: false, permanent: true, reason: `cannot encrypt: ${(err as Error).message}` };
    }
    return this.post(details);
  }

  /** A VAPID JWT for the origin, valid 12 hours and renewed an hour before it ends. */
  private authorizationFor(origin: string): string {
    const cached = this.vapidHeaders.get(origin);
    if (cached && cached.renewAt > Date.now()) return cached.authorization;
    const expires = Math.floor(Date.now() / 1000) + 12 * 3600;
    const { publicKey, privateKey, subject } = this.vapid;
    const headers = webpush.getVapidHeaders(origin, subject, publicKey, privateKey, "aes128gcm", expires);
    const authorization = String(headers.Authorization);
    if (this.vapidHeaders.size > 100) this.vapidHeaders.clear();
    this.vapidHeaders.set(origin, { authorization, renewAt: (expires - 3600) * 1000 });
    return authorization;
  }

  private post(details: webpush.RequestDetails): Promise<PushResult> {
    const url = new URL(details.endpoint);
    const client = url.protocol === "https:" ? https : http;
    return new Promise((resolve) => {
      const req = client.request(
        url,
        {
          method: "POST",
          headers: details.headers as http.OutgoingHttpHeaders,
          agent: this.agents[url.protocol as "http:" | "https:"],
        },
        (res) => {
          res.resume();
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve({ ok: true });
          const reason = `push service answered ${status}`;
          // 404/410: the subscription expired or was withdrawn. 400/403/413: our request is wrong
          // for it (bad keys, another VAPID key, too large), which a retry will not mend.
          resolve({
            ok: false,
            gone: status === 404 || status === 410,
            permanent: [400, 403, 404, 410, 413].includes(status),
            reason,
          });
        },
      );
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on("error", (err) =>
        resolve({
          ok: false,
          gone: false,
          permanent: false,
          reason: (err as NodeJS.ErrnoException).code ?? err.message,
        }),
      );
      req.end(details.body ?? undefined);
    });
  }

  close(): void {
    this.agents["http:"].destroy();
    this.agents["https:"].destroy();
  }
}
