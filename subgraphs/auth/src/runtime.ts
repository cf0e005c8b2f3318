import type { Logger, Orm } from "@homegraph/common";
import type { AuthConfig } from "./config.js";
import { AuthService } from "./services/auth.service.js";
import { SecretBox } from "./services/crypto.js";
import { KeyStore } from "./services/key-store.js";
import { Outbox } from "./services/outbox.service.js";
import { PasswordHasher } from "./services/password-hasher.js";
import { RateLimiter } from "./services/rate-limit.service.js";
import { RevocationHub } from "./services/revocations.js";
import { resolveAuthSecret } from "./services/secret.js";
import { SettingsService } from "./services/settings.service.js";
import { createLocalIdentityVerifier, TokenService, type IdentityVerifier } from "./services/token.service.js";

/** Everything the auth service holds for its lifetime, built once the database is migrated. */
export interface AuthRuntime {
  config: AuthConfig;
  orm: Orm;
  logger: Logger;
  hasher: PasswordHasher;
  keys: KeyStore;
  revocations: RevocationHub;
  tokens: TokenService;
  verifier: IdentityVerifier;
  limiter: RateLimiter;
  systemSettings: SettingsService;
  outbox: Outbox;
  auth: AuthService;
}

const MAINTENANCE_MS = 60 * 60_000;

export async function startRuntime(
  config: AuthConfig,
  orm: Orm,
  logger: Logger,
): Promise<{ runtime: AuthRuntime; stop: () => Promise<void> }> {
  const settings = config.auth;
  const secret = resolveAuthSecret(config, logger);
  const keys = new KeyStore(orm, settings, new SecretBox(secret, "signing-keys"), logger);
  await keys.init();
  // An access token outlives its session's revocation by at most its lifetime plus clock tolerance.
  const revocations = new RevocationHub(orm, config.db.url, settings.accessTokenTtlSeconds + 5, logger);
  await revocations.start();
  const hasher = new PasswordHasher(settings.bcryptCost, settings.passwordWorkers);
  const tokens = new TokenService(keys, revocations, settings);
  const limiter = new RateLimiter();
  const systemSettings = new SettingsService(logger);
  const outbox = new Outbox(new SecretBox(secret, "outbox"));
  const auth = new AuthService({ settings, logger, hasher, tokens, revocations, limiter, systemSettings, outbox });
  const runtime: AuthRuntime = {
    config,
    orm,
    logger,
    hasher,
    keys,
    revocations,
    tokens,
    verifier: createLocalIdentityVerifier(tokens),
    limiter,
    systemSettings,
    outbox,
    auth,
  };
  const maintenance = setInterval(() => {
    Promise.all([keys.rotateIfDue(), limiter.prune(orm.em.fork())]).catch((err: unknown) =>
      logger.warn({ err }, "auth maintenance failed"),
    );
  }, MAINTENANCE_MS);
  maintenance.unref();
  return {
    runtime,
    stop: async () => {
      clearInterval(maintenance);
      await revocations.stop();
      await hasher.close();
    },
  };
}
