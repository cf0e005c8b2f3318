import { z } from "zod";

/**
 * Thrown when the environment does not satisfy a service's schema. It carries every problem at
 * once so an operator fixes them in one pass instead of one restart per variable.
 */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    // One problem reads as one line (what an operator sees when a single secret is missing).
    super(
      problems.length === 1
        ? `Invalid configuration: ${problems[0]!.variable}: ${problems[0]!.message}`
        : `Invalid configuration:\n` + problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

export type Env = Record<string, string | undefined>;

/** Parses `env` with `schema`; empty strings count as unset so `FOO=` falls back to a default. */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.infer<S> {
  const cleaned: Env = {};
  for (const [k, v] of Object.entries(env)) cleaned[k] = v === "" ? undefined : v;
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: issue.path.map(String).join(".") || "(environment)",
      message: issue.message,
    })),
  );
}

export const port = (fallback: number) =>
  z.coerce
    .number({ error: "must be a port number" })
    .int("must be a whole number")
    .min(0, "must be between 0 and 65535")
    .max(65535, "must be between 0 and 65535")
    .default(fallback);

export const positiveInt = (fallback: number) =>
  z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .positive("must be positive")
    .default(fallback);

const postgresUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === "postgres:" || u.protocol === "postgresql:") && u.hostname !== "";
  } catch {
    return false;
  }
}, "must be a URL like postgres://user:password@host:5432/database");

export const httpUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}, "must be an http(s) URL");

export const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info");

export const nodeEnv = z.enum(["development", "production", "test"]).default("development");

/** Variables every service reads. */
export const baseEnvSchema = z.object({
  NODE_ENV: nodeEnv,
  LOG_LEVEL: logLevel,
  HOST: z.string().default("127.0.0.1"),
});

/** Variables of every service that owns a PostgreSQL schema. */
export const databaseEnvSchema = z.object({
  DATABASE_URL: postgresUrl,
  DB_POOL_MIN: z.coerce.number({ error: "must be a number" }).int().min(0).default(0),
  DB_POOL_MAX: positiveInt(10),
  DB_CONNECT_TIMEOUT_MS: positiveInt(5000),
  DB_STATEMENT_TIMEOUT_MS: positiveInt(10000),
});

export interface DatabaseConfig {
  url: string;
  poolMin: number;
  poolMax: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

export function databaseConfigFrom(env: z.infer<typeof databaseEnvSchema>): DatabaseConfig {
  return {
    url: env.DATABASE_URL,
    poolMin: env.DB_POOL_MIN,
    poolMax: env.DB_POOL_MAX,
    connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
  };
}

/** Values copied from examples and docs rather than generated: such a secret is no secret. */
const PLACEHOLDER_SECRET = /change|example|placeholder|secret|password|default|^(.)\1*$/i;

/**
 * In production every listed secret must be set by the operator, and not to a placeholder: the
 * generated fallbacks (files under DATA_DIR, per-process values) are for development only. Returns
 * one problem per variable, each naming it; empty outside production.
 */
export function productionSecretProblems(
  nodeEnv: string,
  secrets: Record<string, { value: string | undefined; purpose: string }>,
): { variable: string; message: string }[] {
  if (nodeEnv !== "production") return [];
  return Object.entries(secrets).flatMap(([variable, { value, purpose }]) => {
    if (!value) return [{ variable, message: `is required in production: ${purpose} (openssl rand -hex 32)` }];
    if (PLACEHOLDER_SECRET.test(value)) {
      return [
        { variable, message: `looks like a placeholder, not a secret: set a random value (openssl rand -hex 32)` },
      ];
    }
    return [];
  });
}
