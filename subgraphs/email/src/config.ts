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
    digest: {
      schedule: e.DIGEST_SCHEDULE === "true",
      dailyCron: e.DIGEST_DAILY_CRON,
      weeklyCron: e.DIGEST_WEEKLY_CRON,
    },
  };
}
