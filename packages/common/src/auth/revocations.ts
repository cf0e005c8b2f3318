import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { Logger } from "../logging/logger.js";

export interface Revocation {
  sid: string;
  /** Unix seconds after which no access token of this session can be alive. */
  exp: number;
}

/** Sessions that have ended while their access tokens may still be unexpired. */
export interface RevocationSet {
  add(sid: string, exp: number): void;
  has(sid: string): boolean;
  readonly size: number;
}

export function createRevocationSet(now: () => number = Date.now): RevocationSet {
  const entries = new Map<string, number>();
  let lastSweep = now();
  const sweep = () => {
    const t = now();
    lastSweep = t;
    for (const [sid, exp] of entries) if (exp * 1000 <= t) entries.delete(sid);
  };
  return {
    add(sid, exp) {
      // Revocations only ever accumulate, so a late or repeated message can never undo one.
      entries.set(sid, Math.max(exp, entries.get(sid) ?? 0));
      if (now() - lastSweep > 60_000) sweep();
    },
    has(sid) {
      const exp = entries.get(sid);
      if (exp === undefined) return false;
      if (exp * 1000 > now()) return true;
      entries.delete(sid);
      return false;
    },
    get size() {
      sweep();
      return entries.size;
    },
  };
}

function isRevocation(value: unknown): value is Revocation {
  const r = value as Revocation;
  return !!r && typeof r.sid === "string" && r.sid.length > 0 && typeof r.exp === "number" && Number.isFinite(r.exp);
}

/** Loads `GET /auth/revocations` into `set`; throws when auth does not answer properly. */
export async function loadRevocations(authUrl: string, set: RevocationSet, timeoutMs = 3000): Promise<number> {
  const res = await fetch(`${authUrl.replace(/\/$/, "")}/auth/revocations`, {
    signal: AbortSignal.timeout(timeoutMs),
    headers: { accept: "application/json" },
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = (await res.json()) as { revoked?: unknown };
  if (!Array.isArray(body.revoked)) throw new Error("the answer has no revoked list");
  const list = body.revoked.filter(isRevocation);
  for (const r of list) set.add(r.sid, r.exp);
  return list.length;
}

export interface RevocationStreamOptions {
  timeoutMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Auth pings every 15 s; a connection silent for longer than this is presumed dead. */
  idleTimeoutMs?: number;
}

export interface RevocationStream {
  /** Resolves when the first connection attempt (and list load) has succeeded or failed. */
  firstAttempt: Promise<void>;
  readonly connected: boolean;
  stop(): Promise<void>;
}

/**
 * Keeps `set` current: follows `GET /auth/revocations/stream` and, each time the stream (re)opens,
 * reloads the full list, so whatever was revoked while disconnected is not missed. Revocations
 * only add up, so the list and the stream may interleave in any order.
 */
export function connectRevocationStream(
  authUrl: string,
  set: RevocationSet,
  logger: Logger,
  options: RevocationStreamOptions = {},
): RevocationStream {
  const base = authUrl.replace(/\/$/, "");
  const timeoutMs = options.timeoutMs ?? 3000;
  const initialBackoff = options.initialBackoffMs ?? 250;
  const maxBackoff = options.maxBackoffMs ?? 10_000;
  const idleTimeout = options.idleTimeoutMs ?? 45_000;
  let stopped = false;
  let connected = false;
  let controller: AbortController | undefined;
  let wakeUp: (() => void) | undefined;
  let settleFirst!: () => void;
  const firstAttempt = new Promise<void>((resolve) => (settleFirst = resolve));

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const onEvent = (event: EventSourceMessage) => {
    if (event.event !== "revoked") return;
    try {
      const r = JSON.parse(event.data) as unknown;
      if (isRevocation(r)) set.add(r.sid, r.exp);
      else logger.warn({ data: event.data.slice(0, 200) }, "ignoring a malformed revocation event");
    } catch {
      logger.warn({ data: event.data.slice(0, 200) }, "ignoring a revocation event that is not JSON");
    }
  };

  /** One connection, from open to close; resolves when it ends for any reason. */
  const connectOnce = async (): Promise<boolean> => {
    controller = new AbortController();
    const abort = controller;
    let idle: NodeJS.Timeout | undefined;
    const resetIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => abort.abort(new Error("no data or ping from the revocation stream")), idleTimeout);
      idle.unref();
    };
    let opened = false;
    try {
      const connectTimer = setTimeout(() => abort.abort(new Error("timed out connecting")), timeoutMs);
      connectTimer.unref();
      const res = await fetch(`${base}/auth/revocations/stream`, {
        signal: abort.signal,
        headers: { accept: "text/event-stream", "cache-control": "no-cache" },
      });
      clearTimeout(connectTimer);
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      resetIdle();
      const loaded = await loadRevocations(base, set, timeoutMs);
      opened = true;
      connected = true;
      logger.info({ revoked: loaded }, "revocation stream connected");
      settleFirst();
      const parser = createParser({ onEvent, onComment: () => undefined });
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        resetIdle();
        parser.feed(decoder.decode(chunk, { stream: true }));
      }
      if (!stopped) logger.warn("revocation stream closed by the auth service; reconnecting");
    } catch (err) {
      if (!stopped) {
        logger.warn(
          { err: (abort.signal.reason as Error | undefined)?.message ?? (err as Error).message },
          "revocation stream unavailable; keeping the revocations known so far and retrying",
        );
      }
    } finally {
      clearTimeout(idle);
      connected = false;
      abort.abort();
    }
    return opened;
  };

  void (async () => {
    let attempt = 0;
    while (!stopped) {
      const opened = await connectOnce();
      settleFirst();
      if (stopped) break;
      attempt = opened ? 0 : attempt + 1;
      // Jitter, so services restarted together do not reconnect to auth in lockstep.
      const cap = Math.min(maxBackoff, initialBackoff * 2 ** attempt);
      await sleep(Math.round(cap / 2 + Math.random() * (cap / 2)));
    }
  })();

  return {
    firstAttempt,
    get connected() {
      return connected;
    },
    async stop() {
      stopped = true;
      controller?.abort();
      wakeUp?.();
      settleFirst();
    },
  };
}
