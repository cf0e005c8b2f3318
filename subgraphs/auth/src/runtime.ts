import {
  buildOrClose,
  createServiceClient,
  openSubgraph,
  resolveServiceSecret,
  type SubgraphBase,
} from "@homegraph/common";
import type { AuthConfig } from "./config.js";
import { entities } from "./entities/index.js";
import { migrations } from "./migrations/index.js";
import { deleteExpiredChallenges } from "./repositories/passkey.repository.js";
import { AccountService } from "./services/account.service.js";
import { ApiTokenService } from "./services/api-token.service.js";
import { KeyedHash, SecretBox } from "./services/crypto.js";
import { refuseDemoHousehold, seedFirstRun } from "./services/first-run.js";
import { EmailChangeService } from "./services/email-change.service.js";
import { GuestPassCloser } from "./services/guest-pass-closer.js";
import { GuestPassService } from "./services/guest-pass.service.js";
import { HomeGraphqlAccess, type HomeAccessPort } from "./services/home-access.js";
import { KeyStore } from "./services/key-store.js";
import { Outbox } from "./services/outbox.service.js";
import { OutboxWorker } from "./services/outbox-worker.js";
import { PasswordHasher } from "./services/password-hasher.js";
import { PasswordService } from "./services/password.service.js";
import { PasskeyCeremonies } from "./services/passkey-ceremony.js";
import { PasskeySignInService } from "./services/passkey-sign-in.service.js";
import { PasskeyService } from "./services/passkey.service.js";
import { RateLimiter } from "./services/rate-limit.service.js";
import { RevocationHub } from "./services/revocations.js";
import { resolveAuthSecret } from "./services/secret.js";
import { SessionService } from "./services/session.service.js";
import { SettingsService } from "./services/settings.service.js";
import { SecondFactorPolicy } from "./services/second-factor-policy.js";
import { alertOnNewBrowser } from "./services/security-alerts.js";
import { SignInService } from "./services/sign-in.service.js";
import { TotpService } from "./services/totp.service.js";
import { createLocalIdentityVerifier, TokenService, type IdentityVerifier } from "./services/token.service.js";

/** Everything the auth service holds for its lifetime; `close()` stops it all, the database last. */
export interface AuthRuntime extends SubgraphBase<AuthConfig> {
  hasher: PasswordHasher;
  keys: KeyStore;
  revocations: RevocationHub;
  tokens: TokenService;
  /** Keys and revocations are local here: no HTTP to itself, and revocations apply the moment they commit. */
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
  totp: TotpService;
  policy: SecondFactorPolicy;
  /** Sign-in with a second factor, and step-up. */
  signIn: SignInService;
  apiTokens: ApiTokenService;
  emailChanges: EmailChangeService;
  /** A person's passkeys (add, rename, remove). */
  passkeys: PasskeyService;
  /** Signing in and stepping up with a passkey. */
  passkeySignIn: PasskeySignInService;
  guestPasses: GuestPassService;
  /** Ends passes on time (timers, sweep) and has home remove their access, retried until it does. */
  guestPassCloser: GuestPassCloser;
}

export interface AuthRuntimeOptions {
  /** The home service's side of guest passes; by default its /graphql at HOME_URL with auth's service token. */
  home?: HomeAccessPort;
}

const MAINTENANCE_MS = 60 * 60_000;

/**
 * The auth service without HTTP: its database migrated, keys loaded, revocations listened to, the
 * outbox worker running and the first admin (or the demo household) seeded.
 */
export async function createAuthRuntime(config: AuthConfig, options: AuthRuntimeOptions = {}): Promise<AuthRuntime> {
  const base = await openSubgraph({ name: "auth", dbSchema: "auth", config, entities, migrations });
  return buildOrClose(base, async () => {
    const { orm, logger } = base;
    // Before the key store reads anything: the demo household alone is reason enough not to start.
    await refuseDemoHousehold({ config, orm });
    const settings = config.auth;
    const secret = resolveAuthSecret(config, logger);
    const keys = new KeyStore(orm, settings, new SecretBox(secret, "signing-keys"), logger);
    await keys.init();
    // An access token outlives its session's revocation by at most its lifetime plus clock tolerance.
    const revocations = new RevocationHub(orm, config.db.url, settings.accessTokenTtlSeconds + 5, logger);
    await revocations.start();
    base.onClose(() => revocations.stop());
    const hasher = new PasswordHasher(settings.bcryptCost, settings.passwordWorkers, settings.passwordWorkerNice);
    base.onClose(() => hasher.close());
    const tokens = new TokenService(keys, revocations, settings);
    const limiter = new RateLimiter();
    const systemSettings = new SettingsService(logger);
    const outbox = new Outbox(new SecretBox(secret, "outbox"));
    const policy = new SecondFactorPolicy(systemSettings);
    const sessions = new SessionService({
      settings,
      logger,
      hasher,
      tokens,
      revocations,
      limiter,
      systemSettings,
      enrolmentOnly: (em, user) => policy.enrolmentOnly(em, user),
      onSignIn: (em, user, meta) => alertOnNewBrowser(em, { outbox, publicUrl: settings.publicUrl }, user, meta),
    });
    const passwords = new PasswordService({
      settings,
      logger,
      hasher,
      limiter,
      systemSettings,
      outbox,
      sessions,
      codes: new KeyedHash(secret, "reset-codes"),
    });
    const accounts = new AccountService({ settings, logger, hasher, systemSettings, outbox, sessions });
    const totp = new TotpService({
      settings,
      logger,
      limiter,
      systemSettings,
      outbox,
      box: new SecretBox(secret, "totp"),
      codes: new KeyedHash(secret, "recovery-codes"),
    });
    const signIn = new SignInService({ logger, sessions, totp, hasher, limiter, systemSettings, policy });
    const apiTokens = new ApiTokenService({
      logger,
      tokens,
      revocations,
      limiter,
      hashes: new KeyedHash(secret, "api-tokens"),
      enrolmentOnly: (em, user) => policy.enrolmentOnly(em, user),
    });
    const emailChanges = new EmailChangeService({
      settings,
      logger,
      limiter,
      outbox,
      codes: new KeyedHash(secret, "email-change-codes"),
    });
    const ceremonies = new PasskeyCeremonies({ settings, logger });
    const passkeys = new PasskeyService({ settings, logger, outbox, ceremonies });
    const passkeySignIn = new PasskeySignInService({ logger, sessions, limiter, systemSettings, ceremonies });
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
    const home =
      options.home ??
      new HomeGraphqlAccess(
        createServiceClient({
          target: "home",
          baseUrl: settings.homeUrl,
          logger,
          // Creation waits on this inside its transaction: fail soon rather than hold the row.
          timeoutMs: 3000,
          retries: 1,
          headers: async () => ({ authorization: `Bearer ${await serviceToken()}` }),
        }),
        logger,
      );
    const guestPassCloser = new GuestPassCloser({ orm, logger, sessions, home, pollMs: settings.outboxPollMs });
    const guestPasses = new GuestPassService({
      logger,
      publicUrl: settings.publicUrl,
      sessions,
      limiter,
      systemSettings,
      home,
      closer: guestPassCloser,
      hashes: new KeyedHash(secret, "guest-passes"),
    });
    const runtime: AuthRuntime = {
      ...base,
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
      totp,
      policy,
      signIn,
      apiTokens,
      emailChanges,
      passkeys,
      passkeySignIn,
      guestPasses,
      guestPassCloser,
    };
    const maintenance = setInterval(() => {
      Promise.all([keys.rotateIfDue(), limiter.prune(orm.em.fork()), deleteExpiredChallenges(orm.em.fork())]).catch(
        (err: unknown) => logger.warn({ err }, "auth maintenance failed"),
      );
    }, MAINTENANCE_MS);
    maintenance.unref();
    base.onClose(() => clearInterval(maintenance));
    await outboxWorker.start();
    base.onClose(() => outboxWorker.stop());
    await guestPassCloser.start();
    base.onClose(() => guestPassCloser.stop());
    await seedFirstRun(runtime);
    return runtime;
  });
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
