import {
  ConfigError,
  productionSecretProblems,
  httpUrl,
  loadConfig,
  port,
  positiveInt,
  subgraphConfigFrom,
  subgraphEnvSchema,
  type Env,
  type SubgraphConfig,
} from "@homegraph/common";
import { createECDH } from "node:crypto";
import { z } from "zod";

const smtpUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === "smtp:" || u.protocol === "smtps:") && u.hostname !== "";
  } catch {
    return false;
  }
}, "must be a URL like smtp://user:password@host:587 or smtps://host:465");

export const envSchema = subgraphEnvSchema(6102).extend({
  SMTP_URL: smtpUrl.optional(),
  SMTP_FROM: z.string().min(3).default("Homegraph <homegraph@localhost>"),
  SMTP_POOL_MAX: positiveInt(10),
  SMTP_TIMEOUT_MS: positiveInt(15000),
  SMTP_CATCHER_PORT: port(6125),
  DEV_MAILBOX_MAX: positiveInt(200),
  PUBLIC_URL: httpUrl.default("http://localhost:6003"),
  EMAIL_MAX_ATTEMPTS: positiveInt(8),
  EMAIL_RETRY_BASE_SECONDS: positiveInt(10),
  EMAIL_LEASE_SECONDS: z.coerce.number({ error: "must be a number" }).int().positive("must be positive").optional(),
  EMAIL_CONCURRENCY: positiveInt(40),
  EMAIL_BATCH_SIZE: positiveInt(20),
  EMAIL_WORKERS: z.enum(["true", "false"], { error: "must be true or false" }).default("true"),
  EMAIL_BULK_MAX: positiveInt(1000),
  // The digest reads the home's activity here, and the household's people from AUTH_URL.
  HOME_URL: httpUrl.default("http://127.0.0.1:6103"),
  SERVICE_SECRET: z.string().min(32, "must be at least 32 characters (e.g. openssl rand -hex 32)").optional(),
  DATA_DIR: z.string().default(".data"),
  DIGEST_DAILY_CRON: z.string().min(9).default("0 7 * * *"),
  DIGEST_WEEKLY_CRON: z.string().min(9).default("0 7 * * 1"),
  DIGEST_SCHEDULE: z.enum(["true", "false"], { error: "must be true or false" }).default("true"),
  EMAIL_POLL_MS: z.coerce.number({ error: "must be a number" }).int().min(500, "must be at least 500").default(1000),
  VAPID_PUBLIC_KEY: z.string().optional(),
  VAPID_PRIVATE_KEY: z.string().optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, "must be mailto:someone@example.com or an https:// URL")
    .optional(),
  PUSH_TIMEOUT_MS: positiveInt(10000),
  NOTIFICATION_CONCURRENCY: positiveInt(50),
  NOTIFICATION_MAX_ATTEMPTS: positiveInt(10),
  NOTIFICATION_RETRY_BASE_SECONDS: positiveInt(5),
  NOTIFICATION_RETRY_MAX_SECONDS: positiveInt(300),
});

export interface EmailConfig extends SubgraphConfig {
  smtp: {
    /** Unset: the built-in catcher (dev mailbox) receives every mail. */
    url?: string;
    from: string;
    poolMax: number;
    timeoutMs: number;
  };
  catcher: { port: number; keep: number };
  publicUrl: string;
  delivery: {
    maxAttempts: number;
    retryBaseSeconds: number;
    /**
     * How long a mail may stay SENDING before it counts as abandoned by a worker that died, and
     * another worker takes it over.
     */
    leaseSeconds: number;
    concurrency: number;
    /** Jobs one poller fetches and delivers together; concurrency / batchSize pollers run. */
    batchSize: number;
    /** false: this replica only accepts mail; other replicas deliver it. */
    workers: boolean;
    pollMs: number;
  };
  bulkMax: number;
  homeUrl: string;
  serviceSecret?: string;
  dataDir: string;
  notifications: {
    /** From VAPID_*; unset: the key pair generated on first start and kept sealed in the database. */
    vapid?: { publicKey: string; privateKey: string; subject: string };
    /** The VAPID subject when the keys are generated: an https PUBLIC_URL, else SMTP_FROM's address. */
    defaultSubject: string;
    pushTimeoutMs: number;
    /** Push and mail hand-offs in flight per replica. */
    concurrency: number;
    maxAttempts: number;
    retryBaseSeconds: number;
    /** The longest wait between two attempts (the backoff doubles up to it). */
    retryMaxSeconds: number;
  };
  digest: {
    /** false: this replica schedules no digests (another does, or nobody wants them). */
    schedule: boolean;
    dailyCron: string;
    weeklyCron: string;
  };
}

export function configFromEnv(env: Env = process.env): EmailConfig {
  const e = loadConfig(envSchema, env);
  const problems = productionSecretProblems(e.NODE_ENV, {
    SERVICE_SECRET: {
      value: e.SERVICE_SECRET,
      purpose: "it trades it with auth for the service token that reads the household and the home activity",
    },
  });
  // One delivery may take up to four SMTP timeouts (connect, greeting, and a socket timeout of
  // two); a shorter lease would hand a mail still being sent to a second worker.
  const minLease = Math.ceil((e.SMTP_TIMEOUT_MS * 4) / 1000) + 1;
  if (e.EMAIL_LEASE_SECONDS !== undefined && e.EMAIL_LEASE_SECONDS < minLease) {
    problems.push({
      variable: "EMAIL_LEASE_SECONDS",
      message: `must be at least ${minLease} (four times SMTP_TIMEOUT_MS, plus one second)`,
    });
  }
  problems.push(...vapidProblems(e));
  if (problems.length) throw new ConfigError(problems);
  return {
    ...subgraphConfigFrom(e, "email"),
    smtp: { url: e.SMTP_URL, from: e.SMTP_FROM, poolMax: e.SMTP_POOL_MAX, timeoutMs: e.SMTP_TIMEOUT_MS },
    catcher: { port: e.SMTP_CATCHER_PORT, keep: e.DEV_MAILBOX_MAX },
    publicUrl: e.PUBLIC_URL.replace(/\/+$/, ""),
    delivery: {
      maxAttempts: e.EMAIL_MAX_ATTEMPTS,
      retryBaseSeconds: e.EMAIL_RETRY_BASE_SECONDS,
      leaseSeconds: e.EMAIL_LEASE_SECONDS ?? minLease + 29,
      concurrency: e.EMAIL_CONCURRENCY,
      batchSize: Math.min(e.EMAIL_BATCH_SIZE, e.EMAIL_CONCURRENCY),
      workers: e.EMAIL_WORKERS === "true",
      pollMs: e.EMAIL_POLL_MS,
    },
    bulkMax: e.EMAIL_BULK_MAX,
    homeUrl: e.HOME_URL.replace(/\/+$/, ""),
    serviceSecret: e.SERVICE_SECRET,
    dataDir: e.DATA_DIR,
    notifications: {
      vapid: e.VAPID_PUBLIC_KEY
        ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY!, subject: e.VAPID_SUBJECT! }
        : undefined,
      defaultSubject: e.PUBLIC_URL.startsWith("https://")
        ? e.PUBLIC_URL.replace(/\/+$/, "")
        : `mailto:${/<([^>]+)>/.exec(e.SMTP_FROM)?.[1] ?? e.SMTP_FROM.trim()}`,
      pushTimeoutMs: e.PUSH_TIMEOUT_MS,
      concurrency: e.NOTIFICATION_CONCURRENCY,
      maxAttempts: e.NOTIFICATION_MAX_ATTEMPTS,
      retryBaseSeconds: e.NOTIFICATION_RETRY_BASE_SECONDS,
      retryMaxSeconds: Math.max(e.NOTIFICATION_RETRY_MAX_SECONDS, e.NOTIFICATION_RETRY_BASE_SECONDS),
    },
    digest: {
      schedule: e.DIGEST_SCHEDULE === "true",
      dailyCron: e.DIGEST_DAILY_CRON,
      weeklyCron: e.DIGEST_WEEKLY_CRON,
    },
  };
}

const fromBase64Url = (v: string) => (/^[A-Za-z0-9_-]+$/.test(v) ? Buffer.from(v, "base64url") : Buffer.alloc(0));

/** VAPID_* come together or not at all, and the keys must be a P-256 pair (as `web-push generate-vapid-keys` prints). */
function vapidProblems(e: z.infer<typeof envSchema>): { variable: string; message: string }[] {
  const given = {
    VAPID_PUBLIC_KEY: e.VAPID_PUBLIC_KEY,
    VAPID_PRIVATE_KEY: e.VAPID_PRIVATE_KEY,
    VAPID_SUBJECT: e.VAPID_SUBJECT,
  };
  const set = Object.entries(given).filter(([, v]) => v);
  if (set.length === 0) return [];
  if (set.length < 3) {
    return Object.entries(given)
      .filter(([, v]) => !v)
      .map(([variable]) => ({ variable, message: "must be set with the other VAPID_* variables (all three or none)" }));
  }
  const pub = fromBase64Url(e.VAPID_PUBLIC_KEY!);
  const priv = fromBase64Url(e.VAPID_PRIVATE_KEY!);
  if (pub.length !== 65 || pub[0] !== 4) {
    return [
      { variable: "VAPID_PUBLIC_KEY", message: "must be an uncompressed P-256 public key, base64url (65 bytes)" },
    ];
  }
  if (priv.length !== 32)
    return [{ variable: "VAPID_PRIVATE_KEY", message: "must be a P-256 private key, base64url (32 bytes)" }];
  try {
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(priv);
    if (!ecdh.getPublicKey().equals(pub)) {
      return [{ variable: "VAPID_PRIVATE_KEY", message: "does not belong to VAPID_PUBLIC_KEY" }];
    }
  } catch {
    return [{ variable: "VAPID_PRIVATE_KEY", message: "is not a valid P-256 private key" }];
  }
  return [];
}
