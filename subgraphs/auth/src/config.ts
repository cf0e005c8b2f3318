import {
  ConfigError,
  httpUrl,
  loadConfig,
  positiveInt,
  productionSecretProblems,
  subgraphConfigFrom,
  subgraphEnvSchema,
  type Env,
  type SubgraphConfig,
} from "@homegraph/common";
import { z } from "zod";
import { checkPasswordPolicy, normalizeEmail } from "./services/validation.js";

const flag = (fallback: boolean) =>
  z
    .enum(["1", "0", "true", "false", "yes", "no"], { error: "must be true or false (or 1 or 0)" })
    .transform((v) => v === "1" || v === "true" || v === "yes")
    .optional()
    .transform((v) => v ?? fallback);

export const envSchema = subgraphEnvSchema(6101).extend({
  // JWT_ISSUER and JWT_AUDIENCE come from common's subgraph schema (every verifier reads them too).
  JWT_ALGORITHM: z.enum(["ES256", "RS256"], { error: "must be ES256 or RS256" }).default("ES256"),
  /** PEM private key (EC P-256 or RSA); when set it signs instead of generated keys. */
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_ROTATE_DAYS: positiveInt(90),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt(900),
  REFRESH_TOKEN_TTL_DAYS: positiveInt(30),
  REFRESH_TOKEN_IDLE_DAYS: positiveInt(7),
  REFRESH_REUSE_GRACE_SECONDS: z.coerce.number({ error: "must be a number" }).int().min(0).default(10),
  BCRYPT_COST: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(10, "must be at least 10: lower costs make stolen hashes cheap to crack")
    .max(15, "must be at most 15")
    .default(12),
  PASSWORD_WORKERS: z.coerce.number({ error: "must be a number" }).int().min(1).max(16).default(2),
  PASSWORD_WORKER_NICE: z.coerce.number({ error: "must be a number" }).int().min(0).max(19).default(10),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (e.g. openssl rand -hex 32)").optional(),
  PUBLIC_URL: httpUrl.default("http://localhost:6003"),
  ADMIN_EMAIL: z.string().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  DEMO_SEED: flag(false),
  TRUST_PROXY: z.string().default("loopback"),
  DATA_DIR: z.string().default(".data"),
  // Where auth's outbox hands its emails (welcome, reset, security notices).
  EMAIL_URL: httpUrl.default("http://127.0.0.1:6102"),
  // Where guest passes have their grants and lock codes applied and removed (the home subgraph).
  HOME_URL: httpUrl.default("http://127.0.0.1:6103"),
  SERVICE_SECRET: z.string().min(32, "must be at least 32 characters (e.g. openssl rand -hex 32)").optional(),
  OUTBOX_POLL_MS: z.coerce.number({ error: "must be a number" }).int().min(100, "must be at least 100").default(1000),
  /**
   * Origins besides PUBLIC_URL's that may finish a passkey ceremony (comma list), e.g. the Vite dev
   * server's http://localhost:5173. Their host must be PUBLIC_URL's host (the RP ID) or under it.
   */
  WEBAUTHN_ORIGINS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(httpUrl)),
});

export interface AuthSettings {
  issuer: string;
  audience: string;
  algorithm: "ES256" | "RS256";
  privateKeyPem?: string;
  rotateDays: number;
  accessTokenTtlSeconds: number;
  refreshAbsoluteDays: number;
  refreshIdleDays: number;
  refreshReuseGraceSeconds: number;
  bcryptCost: number;
  passwordWorkers: number;
  /** The password threads' nice value: above 0, requests are served before sign-ins when CPU is short. */
  passwordWorkerNice: number;
  /** Undefined outside production: the key store then uses a local secret file (see README). */
  secret?: string;
  publicUrl: string;
  adminEmail?: string;
  adminPassword?: string;
  demoSeed: boolean;
  trustProxy: string;
  dataDir: string;
  emailUrl: string;
  homeUrl: string;
  outboxPollMs: number;
  serviceSecret?: string;
  /** Passkeys: the RP ID (PUBLIC_URL's hostname) and the origins a ceremony may come from. */
  webauthn: {
    rpId: string;
    rpName: string;
    origins: string[];
    /**
     * Outside production, with PUBLIC_URL on localhost: any localhost port may finish a ceremony
     * (the Vite dev server, a test stack on a free port). Browsers already tie passkeys to the host.
     */
    anyLocalhostPort: boolean;
  };
}

export interface AuthConfig extends SubgraphConfig {
  auth: AuthSettings;
}

export function configFromEnv(env: Env = process.env): AuthConfig {
  const parsed = loadConfig(envSchema, env);
  const problems: { variable: string; message: string }[] = [];
  problems.push(
    ...productionSecretProblems(parsed.NODE_ENV, {
      AUTH_SECRET: { value: parsed.AUTH_SECRET, purpose: "it encrypts the JWT signing keys at rest" },
      SERVICE_SECRET: { value: parsed.SERVICE_SECRET, purpose: "the other services trade it for service tokens" },
    }),
  );
  if (parsed.NODE_ENV === "production" && parsed.DEMO_SEED) {
    problems.push({
      variable: "DEMO_SEED",
      message: "must be off in production: the demo household signs in with published passwords",
    });
  }
  if (Boolean(parsed.ADMIN_EMAIL) !== Boolean(parsed.ADMIN_PASSWORD)) {
    problems.push({
      variable: parsed.ADMIN_EMAIL ? "ADMIN_PASSWORD" : "ADMIN_EMAIL",
      message: "ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither",
    });
  }
  // The operator chose these: the same rules as anyone's password, refused before anything starts.
  for (const [variable, check] of [
    ["ADMIN_EMAIL", () => parsed.ADMIN_EMAIL && normalizeEmail(parsed.ADMIN_EMAIL)],
    ["ADMIN_PASSWORD", () => parsed.ADMIN_PASSWORD && checkPasswordPolicy(parsed.ADMIN_PASSWORD)],
  ] as const) {
    try {
      check();
    } catch (err) {
      problems.push({ variable, message: (err as Error).message });
    }
  }
  if (parsed.REFRESH_TOKEN_IDLE_DAYS > parsed.REFRESH_TOKEN_TTL_DAYS) {
    problems.push({ variable: "REFRESH_TOKEN_IDLE_DAYS", message: "must not exceed REFRESH_TOKEN_TTL_DAYS" });
  }
  const rpId = new URL(parsed.PUBLIC_URL).hostname;
  const origins = [new URL(parsed.PUBLIC_URL).origin];
  for (const extra of parsed.WEBAUTHN_ORIGINS) {
    const url = new URL(extra);
    // A browser refuses a ceremony whose RP ID is not the page's host or one of its parents.
    if (url.hostname !== rpId && !url.hostname.endsWith(`.${rpId}`)) {
      problems.push({
        variable: "WEBAUTHN_ORIGINS",
        message: `${url.origin} is not on ${rpId} (PUBLIC_URL's host, the passkeys' RP ID)`,
      });
    }
    if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    ...subgraphConfigFrom(parsed, "auth"),
    auth: {
      issuer: parsed.JWT_ISSUER,
      audience: parsed.JWT_AUDIENCE,
      algorithm: parsed.JWT_ALGORITHM,
      privateKeyPem: parsed.JWT_PRIVATE_KEY?.replace(/\\n/g, "\n"),
      rotateDays: parsed.JWT_ROTATE_DAYS,
      accessTokenTtlSeconds: parsed.ACCESS_TOKEN_TTL_SECONDS,
      refreshAbsoluteDays: parsed.REFRESH_TOKEN_TTL_DAYS,
      refreshIdleDays: parsed.REFRESH_TOKEN_IDLE_DAYS,
      refreshReuseGraceSeconds: parsed.REFRESH_REUSE_GRACE_SECONDS,
      bcryptCost: parsed.BCRYPT_COST,
      passwordWorkers: parsed.PASSWORD_WORKERS,
      passwordWorkerNice: parsed.PASSWORD_WORKER_NICE,
      secret: parsed.AUTH_SECRET,
      publicUrl: parsed.PUBLIC_URL.replace(/\/+$/, ""),
      adminEmail: parsed.ADMIN_EMAIL,
      adminPassword: parsed.ADMIN_PASSWORD,
      demoSeed: parsed.DEMO_SEED,
      trustProxy: parsed.TRUST_PROXY,
      dataDir: parsed.DATA_DIR,
      emailUrl: parsed.EMAIL_URL.replace(/\/+$/, ""),
      homeUrl: parsed.HOME_URL.replace(/\/+$/, ""),
      outboxPollMs: parsed.OUTBOX_POLL_MS,
      serviceSecret: parsed.SERVICE_SECRET,
      webauthn: {
        rpId,
        rpName: "Homegraph",
        origins,
        anyLocalhostPort: parsed.NODE_ENV !== "production" && rpId === "localhost",
      },
    },
  };
}
