import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createServiceClient } from "../clients/service-client.js";
import { UnavailableError } from "../errors/errors.js";
import type { Logger } from "../logging/logger.js";

/** Where a Homegraph service trades the shared SERVICE_SECRET for a short-lived service token. */
export const SERVICE_TOKEN_PATH = "/internal/service-token";

// One process, one secret: the services a test starts in-process must agree without a file.
let testSecret: string | undefined;

/**
 * The secret Homegraph's services share to obtain service tokens from auth (docs/identity.md,
 * "Service tokens"). SERVICE_SECRET when set; outside production a random one kept in
 * DATA_DIR/service-secret (mode 600), which every service `npm start` runs finds; in tests one
 * per process. In production without it, nobody can get a service token and what needs one
 * (the digest, bulk mail by role) says so.
 */
export function resolveServiceSecret(options: {
  secret?: string;
  nodeEnv: string;
  dataDir: string;
  logger: Logger;
}): string | undefined {
  if (options.secret) return options.secret;
  if (options.nodeEnv === "production") return undefined;
  if (options.nodeEnv === "test") return (testSecret ??= randomBytes(32).toString("hex"));
  return developmentSecret(
    path.resolve(options.dataDir, "service-secret"),
    options.logger,
    "SERVICE_SECRET is unset: generated a development secret file",
  );
}

/**
 * A random secret kept in `file` (mode 600) outside production, made on first use. Several
 * services (or replicas) may start at once: the first to create the file wins and the rest read it.
 */
export function developmentSecret(file: string, logger: Logger, warning: string): string {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  try {
    fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    logger.warn({ file }, warning);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
    throw err;
  }
}

/** Constant-time comparison (of hashes, so the lengths always match). */
export function serviceSecretMatches(presented: string | undefined, secret: string | undefined): boolean {
  if (!presented || !secret) return false;
  const digest = (v: string) => createHash("sha256").update(v, "utf8").digest();
  return timingSafeEqual(digest(presented), digest(secret));
}

/**
 * A service's own token for calling other services: fetched from auth with the shared secret,
 * cached until a minute before it expires. Throws UnavailableError when auth cannot be reached or
 * no secret is configured.
 */
export function createServiceTokenSource(options: {
  authUrl: string;
  service: string;
  secret: string | undefined;
  logger: Logger;
}): () => Promise<string> {
  const auth = createServiceClient({ target: "auth", baseUrl: options.authUrl, logger: options.logger });
  let current: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  const fetchToken = async () => {
    if (!options.secret) {
      throw new UnavailableError("SERVICE_SECRET is not set, so this service cannot call the other services.");
    }
    const { body } = await auth.post<{ token: string; expiresAt: string }>(
      SERVICE_TOKEN_PATH,
      { service: options.service },
      // Minting has no side effect, so a retried request is harmless: the key only allows retries.
      { idempotencyKey: randomUUID(), headers: { authorization: `Service ${options.secret}` } },
    );
    current = { token: body.token, expiresAt: Date.parse(body.expiresAt) };
    return body.token;
  };
  return async () => {
    if (current && current.expiresAt - Date.now() > 60_000) return current.token;
    return (inflight ??= fetchToken().finally(() => (inflight = undefined)));
  };
}
