import { createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { UnavailableError } from "../errors/errors.js";
import type { Logger } from "../logging/logger.js";

/** Finds the public key a token's `kid` names; `undefined` when no such key is published. */
export interface KeySource {
  getKey(kid: string): Promise<KeyObject | undefined>;
}

export type Jwk = JsonWebKey & { kid?: string; alg?: string; use?: string };
export interface Jwks {
  keys: Jwk[];
}

/**
 * The usable verification keys of a JWKS by kid. Symmetric keys, private parts and keys meant for
 * encryption are dropped: a verifier must never be handed something an attacker could sign with.
 */
export function keysFromJwks(jwks: unknown, logger?: Logger): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const list = (jwks as Jwks | undefined)?.keys;
  if (!Array.isArray(list)) throw new Error("JWKS has no keys array");
  for (const jwk of list) {
    if (!jwk || typeof jwk.kid !== "string" || (jwk.kty !== "EC" && jwk.kty !== "RSA")) continue;
    if (jwk.use !== undefined && jwk.use !== "sig") continue;
    try {
      // Only the public members: createPublicKey of a JWK with `d` would still be a public key,
      // but a JWKS that leaks `d` deserves to be noticed rather than used.
      const { kty, crv, x, y, n, e } = jwk;
      keys.set(jwk.kid, createPublicKey({ key: { kty, crv, x, y, n, e } as JsonWebKey, format: "jwk" }));
    } catch (err) {
      logger?.warn({ kid: jwk.kid, err: (err as Error).message }, "skipping a JWKS key that cannot be read");
    }
  }
  return keys;
}

/** Keys known in advance (the auth service's own, or a test's). */
export function createStaticKeySource(keys: Map<string, KeyObject> | Jwks): KeySource {
  const map = keys instanceof Map ? keys : keysFromJwks(keys);
  return { getKey: async (kid) => map.get(kid) };
}

export interface RemoteKeySourceOptions {
  logger?: Logger;
  timeoutMs?: number;
  /** Least time between two fetches caused by unknown kids, so made-up kids cannot flood auth. */
  minRefetchIntervalMs?: number;
  /** After a failed fetch auth is likely starting: try again sooner than after a good one. */
  retryAfterFailureMs?: number;
  /** Known keys are refreshed in the background this often, so retired keys drop out. */
  maxAgeMs?: number;
}

export interface RemoteKeySource extends KeySource {
  /** Fetches the JWKS now (shared with any fetch already running); never throws. */
  refresh(): Promise<boolean>;
  /** How many keys are known. */
  readonly size: number;
}

export function createRemoteKeySource(authUrl: string, options: RemoteKeySourceOptions = {}): RemoteKeySource {
  const url = `${authUrl.replace(/\/$/, "")}/.well-known/jwks.json`;
  const timeoutMs = options.timeoutMs ?? 3000;
  const minInterval = options.minRefetchIntervalMs ?? 30_000;
  const retryAfterFailure = options.retryAfterFailureMs ?? 1000;
  const maxAge = options.maxAgeMs ?? 300_000;
  let keys = new Map<string, KeyObject>();
  let everLoaded = false;
  let lastAttempt = 0;
  let lastSuccess = 0;
  let lastFailed = false;
  let inflight: Promise<boolean> | undefined;

  const fetchKeys = async (): Promise<boolean> => {
    lastAttempt = Date.now();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const fresh = keysFromJwks(await res.json(), options.logger);
      // An empty answer is more likely a fault on auth's side than every key being retired.
      if (fresh.size === 0 && keys.size > 0) throw new Error("JWKS is empty");
      keys = fresh;
      everLoaded = true;
      lastSuccess = Date.now();
      lastFailed = false;
      return true;
    } catch (err) {
      lastFailed = true;
      options.logger?.warn(
        { url, err: (err as Error).message, knownKeys: keys.size },
        "could not fetch the auth service's keys; keeping the last known ones",
      );
      return false;
    }
  };
  const refresh = () => (inflight ??= fetchKeys().finally(() => (inflight = undefined)));

  return {
    refresh,
    get size() {
      return keys.size;
    },
    async getKey(kid) {
      const known = keys.get(kid);
      if (known) {
        if (Date.now() - lastSuccess > maxAge && Date.now() - lastAttempt > retryAfterFailure) void refresh();
        return known;
      }
      const wait = lastFailed ? retryAfterFailure : minInterval;
      if (inflight) await inflight;
      else if (lastAttempt === 0 || Date.now() - lastAttempt >= wait) await refresh();
      const found = keys.get(kid);
      // A token cannot be judged without any key: that is auth being unreachable, not a bad token.
      if (!found && !everLoaded) {
        throw new UnavailableError("Sign-in cannot be checked right now because the auth service is unreachable.");
      }
      return found;
    },
  };
}
