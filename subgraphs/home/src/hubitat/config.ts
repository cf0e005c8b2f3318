import { ConfigError, httpUrl, loadConfig, positiveInt, type Env } from "@homegraph/common";
import { z } from "zod";

/** An address on the LAN: `192.168.1.50`, `hub.local`, `192.168.1.50:8080`, optionally with http:// in front. */
const hubAddress = z
  .string()
  .regex(
    /^(https?:\/\/)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?\/?$/,
    "must be the hub's address, like 192.168.1.50 or 192.168.1.50:8080",
  );

/**
 * The hub's part of the home subgraph's environment, to be merged into its envSchema
 * (`.extend(hubitatEnvSchema.shape)`); `hubitatConfigFrom` does the checks across variables.
 */
export const hubitatEnvSchema = z.object({
  HUBITAT_HUB_IP: hubAddress.optional(),
  HUBITAT_APP_ID: z
    .string()
    .regex(/^\d{1,10}$/, "must be the Maker API app's number, like 1 or 42")
    .optional(),
  HUBITAT_ACCESS_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9._-]{8,200}$/, "must be the Maker API access token (letters, digits and dashes)")
    .optional(),
  HUBITAT_CLOUD_URL: httpUrl.optional(),
  HUBITAT_TIMEOUT_MS: positiveInt(5000),
  HUBITAT_EVENT_TRANSPORT: z.enum(["post", "eventsocket"], { error: "must be post or eventsocket" }).default("post"),
  HUBITAT_EVENT_BASE_URL: httpUrl.optional(),
  HUBITAT_EVENT_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,128}$/, "must be 16 to 128 letters, digits, dashes or underscores")
    .optional(),
});

export interface HubitatConfig {
  /** Where Maker API paths start: `http://HUB/apps/api/APPID`, or HUBITAT_CLOUD_URL. */
  baseUrl: string;
  accessToken: string;
  /** `ws://HUB/eventsocket`; null through the cloud, which has no eventsocket. */
  eventSocketUrl: string | null;
  timeoutMs: number;
  transport: "post" | "eventsocket";
  /** Where the hub reaches this service; unset: the service's own address. */
  eventBaseUrl: string | null;
  /** Unset: a new random secret on every start (the URL is registered again on start anyway). */
  eventSecret: string | null;
}

/**
 * The hub's settings, or null when no hub is configured (no HUBITAT_HUB_IP nor HUBITAT_CLOUD_URL:
 * the service runs, and reports the hub as not connected). A half-configured hub is an error
 * naming what is missing.
 */
export function hubitatConfigFrom(env: z.infer<typeof hubitatEnvSchema>): HubitatConfig | null {
  const local = env.HUBITAT_HUB_IP;
  const cloud = env.HUBITAT_CLOUD_URL;
  if (!local && !cloud) return null;
  const problems: { variable: string; message: string }[] = [];
  if (!env.HUBITAT_ACCESS_TOKEN) {
    problems.push({
      variable: "HUBITAT_ACCESS_TOKEN",
      message: "is required with HUBITAT_HUB_IP or HUBITAT_CLOUD_URL",
    });
  }
  if (local && !cloud && !env.HUBITAT_APP_ID) {
    problems.push({ variable: "HUBITAT_APP_ID", message: "is required with HUBITAT_HUB_IP" });
  }
  if (!local && env.HUBITAT_EVENT_TRANSPORT === "eventsocket") {
    problems.push({
      variable: "HUBITAT_EVENT_TRANSPORT",
      message: "eventsocket needs HUBITAT_HUB_IP (the cloud has none)",
    });
  }
  if (problems.length) throw new ConfigError(problems);
  const origin = local ? (/^https?:\/\//.test(local) ? local : `http://${local}`).replace(/\/$/, "") : null;
  return {
    baseUrl: cloud ? cloud.replace(/\/$/, "") : `${origin}/apps/api/${env.HUBITAT_APP_ID}`,
    accessToken: env.HUBITAT_ACCESS_TOKEN!,
    eventSocketUrl: origin ? `${origin.replace(/^http/, "ws")}/eventsocket` : null,
    timeoutMs: env.HUBITAT_TIMEOUT_MS,
    transport: env.HUBITAT_EVENT_TRANSPORT,
    eventBaseUrl: env.HUBITAT_EVENT_BASE_URL?.replace(/\/$/, "") ?? null,
    eventSecret: env.HUBITAT_EVENT_SECRET ?? null,
  };
}

/** Just the hub's variables, for tests and tools; the service merges the schema into its own. */
export function hubitatConfigFromEnv(env: Env): HubitatConfig | null {
  return hubitatConfigFrom(loadConfig(hubitatEnvSchema, env));
}
