import { baseEnvSchema, loadConfig, port, positiveInt, type Env } from "@homegraph/common";
import { z } from "zod";

/** The token `npm start` and `npm run hub:sim` share when HUBITAT_ACCESS_TOKEN is unset; never use it on a real hub. */
export const DEV_ACCESS_TOKEN = "5a1e7d2c-0b3f-4c6e-9d8a-00000000618f";

const bool = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

/** HSM's exit delay under `npm start`: long enough to watch the alarm panel count down. */
export const DEFAULT_HSM_EXIT_DELAY_SECONDS = 15;

export const envSchema = baseEnvSchema.extend({
  PORT: port(6180),
  HUBITAT_APP_ID: z
    .string()
    .regex(/^[0-9]{1,10}$/, "must be the Maker API app's number, like 1 or 42")
    .default("1"),
  HUBITAT_ACCESS_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9._-]{8,200}$/, "must be 8 to 200 letters, digits, dots, dashes or underscores")
    .default(DEV_ACCESS_TOKEN),
  SIM_ACTIVITY: bool.default(true),
  SIM_ACTIVITY_INTERVAL_MS: positiveInt(8000),
  SIM_EXTRA_SWITCHES: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(0, "must be 0 to 500")
    .max(500, "must be 0 to 500")
    .default(0),
  SIM_HSM_EXIT_DELAY_SECONDS: z.coerce
    .number({ error: "must be a number of seconds" })
    .min(0, "must be 0 or more seconds")
    .max(3600, "must be at most 3600 seconds")
    .default(DEFAULT_HSM_EXIT_DELAY_SECONDS),
  SIM_SEED: z.coerce.number({ error: "must be a number" }).int("must be a whole number").optional(),
});

export interface SimulatorConfig {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  logLevel: string;
  appId: string;
  accessToken: string;
  /** Background motion, doors and drifting climate readings, for a home that looks alive. */
  activity: boolean;
  /** Mean pause between two background events. */
  activityIntervalMs: number;
  /** Switches added to the household, for load tests. */
  extraSwitches?: number;
  /** Makes the background activity (and nothing else) repeatable. */
  seed: number;
  /** How long a shade takes to travel; 0 moves it at once (tests). */
  shadeTravelMs?: number;
  /** HSM's exit delay: arming reports armingAway (Home, Night) for this long, then armedAway; 0 or unset arms at once. */
  hsmExitDelayMs?: number;
  /** Delay added to every Maker API answer, to make concurrency visible (tests). */
  latencyMs?: number;
}

export function configFromEnv(env: Env = process.env): SimulatorConfig {
  const e = loadConfig(envSchema, env);
  return {
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    appId: e.HUBITAT_APP_ID,
    accessToken: e.HUBITAT_ACCESS_TOKEN,
    activity: e.SIM_ACTIVITY,
    activityIntervalMs: e.SIM_ACTIVITY_INTERVAL_MS,
    extraSwitches: e.SIM_EXTRA_SWITCHES,
    hsmExitDelayMs: Math.round(e.SIM_HSM_EXIT_DELAY_SECONDS * 1000),
    seed: e.SIM_SEED ?? Math.floor(Math.random() * 2 ** 31),
  };
}
