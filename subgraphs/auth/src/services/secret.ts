import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Logger } from "@homegraph/common";
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
  const file = path.resolve(config.auth.dataDir, "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  try {
    fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    logger.warn({ file }, "AUTH_SECRET is unset: generated a development secret file (set AUTH_SECRET in production)");
    return secret;
  } catch (err) {
    // Another replica created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
    throw err;
  }
}
