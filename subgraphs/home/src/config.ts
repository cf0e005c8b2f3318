import {
  ConfigError,
  productionSecretProblems,
  httpUrl,
  positiveInt,
  subgraphConfigFrom,
  subgraphEnvSchema,
  type Env,
  type SubgraphConfig,
} from "@homegraph/common";
import { z } from "zod";
import type { CommandQueueLimits } from "./services/command-queue.js";
import type { RetentionDefaults } from "./services/retention.js";
import { hubitatConfigFrom, hubitatEnvSchema, loadHubitatEnv, type HubitatConfig } from "./hubitat/config.js";

export const envSchema = subgraphEnvSchema(6103)
  .extend(hubitatEnvSchema.shape)
  .extend({
    HUB_RESYNC_SILENCE_SECONDS: positiveInt(900),
    HUB_PROBE_INTERVAL_MS: positiveInt(30_000),
    HUB_RECONCILE_INTERVAL_SECONDS: positiveInt(900),
    // Hours, fractions allowed: a test hides a removed device within seconds.
    DEVICE_REMOVED_GRACE_HOURS: z.coerce.number({ error: "must be a number" }).nonnegative().default(24),
    DEVICE_EVENT_RETENTION_DAYS: positiveInt(30),
    DEVICE_ROLLUP_RETENTION_DAYS: positiveInt(730),
    // Automations' notify actions hand their mail to the email service, as this service itself.
    EMAIL_URL: httpUrl.default("http://127.0.0.1:6102"),
    SERVICE_SECRET: z.string().min(32, "must be at least 32 characters (e.g. openssl rand -hex 32)").optional(),
    DATA_DIR: z.string().default(".data"),
    HUB_COMMAND_RATE_PER_SECOND: positiveInt(8),
    HUB_COMMAND_CONCURRENCY: positiveInt(2),
    HUB_COMMAND_QUEUE_LIMIT: positiveInt(200),
    // Lock codes at rest are encrypted with a key derived from this (else from SERVICE_SECRET).
    LOCK_CODE_SECRET: z.string().min(32, "must be at least 32 characters (e.g. openssl rand -hex 32)").optional(),
    // The hub never reports HSM's exit delay; 0: unknown, and arming shows no countdown.
    HSM_EXIT_DELAY_SECONDS: z.coerce
      .number({ error: "must be a number of seconds" })
      .int("must be a whole number of seconds")
      .min(0, "must be 0 or more seconds")
      .max(3600, "must be at most 3600 seconds")
      .default(0),
    // Built-in alerts (services/alerts.ts), handed to the email service's POST /notifications.
    HOME_BATTERY_ALERT_PERCENT: z.coerce
      .number({ error: "must be a percentage" })
      .min(1, "must be between 1 and 100")
      .max(100, "must be between 1 and 100")
      .default(15),
    // Hours, fractions allowed (a test uses seconds).
    HOME_DEVICE_OFFLINE_HOURS: z.coerce.number({ error: "must be a number of hours" }).positive().default(24),
    HOME_HUB_DOWN_ALERT_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).positive().default(300),
    // The longest wait between two attempts of one outbox message while the email service is away.
    HOME_OUTBOX_MAX_BACKOFF_SECONDS: positiveInt(60),
  });

export interface HomeConfig extends SubgraphConfig {
  /**
   * The hubs, the primary one first (HUBITAT_HUBS, or the one of HUBITAT_HUB_IP); empty when none
   * is configured: the service runs, the hub reads as not connected, commands are UNAVAILABLE.
   */
  hubs: HubitatConfig[];
  hub: {
    /** A hub this quiet for this long may have lost the event URL or dropped events: resync. */
    resyncSilenceMs: number;
    /** How often the hub is asked whether it is there (faster while it is away). */
    probeIntervalMs: number;
    /** How often every device is compared with the hub's list, even when nothing seems wrong. */
    reconcileIntervalMs: number;
  };
  /** Default retention of raw events and of their hourly and daily rollups; a device may have its own. */
  retention: RetentionDefaults;
  /** How long a device the hub no longer lists still shows in `devices` (marked removed). */
  devices: { removedGraceMs: number };
  emailUrl: string;
  serviceSecret?: string;
  dataDir: string;
  /** How commands reach the hub without flooding it (services/command-queue.ts). */
  commandQueue: CommandQueueLimits;
  /** HSM's exit delay as set on the hub, which does not report it; 0 when not told. */
  hsm: { exitDelayMs: number };
  /** When built-in alerts fire (services/alerts.ts). */
  alerts: { batteryPercent: number; deviceOfflineMs: number; hubDownMs: number };
  /** The outbox to the email service (notifications, activity): its longest backoff. */
  outbox: { maxBackoffMs: number };
  /** What the lock code key is derived from: LOCK_CODE_SECRET, else SERVICE_SECRET; unset only in development. */
  lockCodeSecret?: string;
}

export function configFromEnv(env: Env = process.env): HomeConfig {
  const e = loadHubitatEnv(envSchema, env);
  const problems = productionSecretProblems(e.NODE_ENV, {
    SERVICE_SECRET: {
      value: e.SERVICE_SECRET,
      purpose: "it trades it with auth for the service token that mails automation notices",
    },
  });
  if (problems.length) throw new ConfigError(problems);
  return {
    ...subgraphConfigFrom(e, "home"),
    hubs: hubitatConfigFrom(e, env),
    hub: {
      resyncSilenceMs: e.HUB_RESYNC_SILENCE_SECONDS * 1000,
      probeIntervalMs: e.HUB_PROBE_INTERVAL_MS,
      reconcileIntervalMs: e.HUB_RECONCILE_INTERVAL_SECONDS * 1000,
    },
    retention: { eventDays: e.DEVICE_EVENT_RETENTION_DAYS, rollupDays: e.DEVICE_ROLLUP_RETENTION_DAYS },
    devices: { removedGraceMs: Math.round(e.DEVICE_REMOVED_GRACE_HOURS * 3_600_000) },
    emailUrl: e.EMAIL_URL.replace(/\/+$/, ""),
    serviceSecret: e.SERVICE_SECRET,
    dataDir: e.DATA_DIR,
    commandQueue: {
      ratePerSecond: e.HUB_COMMAND_RATE_PER_SECOND,
      concurrency: e.HUB_COMMAND_CONCURRENCY,
      maxQueued: e.HUB_COMMAND_QUEUE_LIMIT,
    },
    hsm: { exitDelayMs: e.HSM_EXIT_DELAY_SECONDS * 1000 },
    lockCodeSecret: e.LOCK_CODE_SECRET ?? e.SERVICE_SECRET,
    alerts: {
      batteryPercent: e.HOME_BATTERY_ALERT_PERCENT,
      deviceOfflineMs: Math.round(e.HOME_DEVICE_OFFLINE_HOURS * 3_600_000),
      hubDownMs: Math.round(e.HOME_HUB_DOWN_ALERT_SECONDS * 1000),
    },
    outbox: { maxBackoffMs: e.HOME_OUTBOX_MAX_BACKOFF_SECONDS * 1000 },
  };
}
