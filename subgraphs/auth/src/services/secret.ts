import { randomBytes } from "node:crypto";
import path from "node:path";
import { developmentSecret, type Logger } from "@homegraph/common";
import type { AuthConfig } from "../config.js";

// Tests in one process share one secret, so two app instances on one database read each other's keys.
let testSecret: string | undefined;

/**
 * The secret that encrypts private signing keys and emailed links at rest. Production requires
 * AUTH_SECRET (config.ts refuses to start without it). In development a random secret is kept in
 * DATA_DIR/auth-secret (mode 600), next to the embedded database's data but outside the database,
 * so a dump or backup of the database alone never yields a private key. In tests it lives in memory.
 */
export function resolveAuthSecret(config: AuthConfig, logger: Logger): string {
  if (config.auth.secret) return config.auth.secret;
  if (config.nodeEnv === "test") return (testSecret ??= randomBytes(32).toString("hex"));
  return developmentSecret(
    path.resolve(config.auth.dataDir, "auth-secret"),
    logger,
    "AUTH_SECRET is unset: generated a development secret file (set AUTH_SECRET in production)",
  );
}
