import { createServiceClient, resolveServiceSecret, type Logger, type Orm } from "@homegraph/common";
import type { AuthConfig } from "./config.js";
import { AccountService } from "./services/account.service.js";
import { SecretBox } from "./services/crypto.js";
import { KeyStore } from "./services/key-store.js";
import { Outbox } from "./services/outbox.service.js";
import { OutboxWorker } from "./services/outbox-worker.js";
import { PasswordHasher } from "./services/password-hasher.js";
import { PasswordService } from "./services/password.service.js";
import { RateLimiter } from "./services/rate-limit.service.js";
import { RevocationHub } from "./services/revocations.js";
import { resolveAuthSecret } from "./services/secret.js";
import { SessionService } from "./services/session.service.js";
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
  outboxWorker: OutboxWorker;
  /** A fresh-enough service token (`service:auth`) for this service's own calls. */
  serviceToken: () => Promise<string>;
  /** What other services present to get a service token; undefined in production without SERVICE_SECRET. */
  serviceSecret?: string;
  sessions: SessionService;
  passwords: PasswordService;
  accounts: AccountService;
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
  const hasher = new PasswordHasher(settings.bcryptCost, settings.passwordWorkers, settings.passwordWorkerNice);
  const tokens = new TokenService(keys, revocations, settings);
  const limiter = new RateLimiter();
  const systemSettings = new SettingsService(logger);
  const outbox = new Outbox(new SecretBox(secret, "outbox"));
  const sessions = new SessionService({ settings, logger, hasher, tokens, revocations, limiter, systemSettings });
  const passwords = new PasswordService({ settings, logger, hasher, limiter, systemSettings, outbox, sessions });
  const accounts = new AccountService({ settings, logger, hasher, systemSettings, outbox, sessions });
  const serviceToken = serviceTokenCache(tokens);
  const outboxWorker = new OutboxWorker({
    orm,
    outbox,
    email: createServiceClient({
      target: "email",
      baseUrl: settings.emailUrl,
      logger,
      headers: async () => ({ authorization: `Bearer ${await serviceToken()}` }),
    }),
    databaseUrl: config.db.url,
    logger: logger.child({ component: "outbox" }),
    pollMs: settings.outboxPollMs,
  });
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
    outboxWorker,
    serviceToken,
    serviceSecret: resolveServiceSecret({
      secret: settings.serviceSecret,
      nodeEnv: config.nodeEnv,
      dataDir: settings.dataDir,
      logger,
    }),
    sessions,
    passwords,
    accounts,
  };
  const maintenance = setInterval(() => {
    Promise.all([keys.rotateIfDue(), limiter.prune(orm.em.fork())]).catch((err: unknown) =>
      logger.warn({ err }, "auth maintenance failed"),
    );
  }, MAINTENANCE_MS);
  maintenance.unref();
  await outboxWorker.start();
  return {
    runtime,
    stop: async () => {
      clearInterval(maintenance);
      await outboxWorker.stop();
      await revocations.stop();
      await hasher.close();
    },
  };
}

/** Mints a service token per few minutes rather than per call: signing is cheap, but not free. */
function serviceTokenCache(tokens: TokenService): () => Promise<string> {
  let current: { token: string; expiresAt: Date } | undefined;
  return async () => {
    if (!current || current.expiresAt.getTime() - Date.now() < 60_000) {
      current = await tokens.signServiceToken("auth");
    }
    return current.token;
  };
}
