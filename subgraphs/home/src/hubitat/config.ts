import { ConfigError, httpUrl, loadConfig, positiveInt, type Env } from "@homegraph/common";
import { z } from "zod";
import { EVENT_ROUTE_PREFIX } from "./events.js";

/** An address on the LAN: `192.168.1.50`, `hub.local`, `192.168.1.50:8080`, optionally with http:// in front. */
const hubAddress = z
  .string()
  .regex(
    /^(https?:\/\/)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?\/?$/,
    "must be the hub's address, like 192.168.1.50 or 192.168.1.50:8080",
  );
const appId = z.string().regex(/^\d{1,10}$/, "must be the Maker API app's number, like 1 or 42");
const accessToken = z
  .string()
  .regex(/^[A-Za-z0-9._-]{8,200}$/, "must be the Maker API access token (letters, digits and dashes)");
const transport = z.enum(["post", "eventsocket"], { error: "must be post or eventsocket" });
const eventSecret = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,128}$/, "must be 16 to 128 letters, digits, dashes or underscores");
/** A hub's name in HUBITAT_HUBS: it becomes part of variable names and is shown as `Device.hub`. */
const HUB_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** The name of the one hub of a single-hub configuration (HUBITAT_HUB_IP...), and of its stored rows. */
export const SINGLE_HUB = "main";

/**
 * The hub's part of the home subgraph's environment, to be merged into its envSchema
 * (`.extend(hubitatEnvSchema.shape)`); `hubitatConfigFrom` does the checks across variables and
 * reads each hub's own variables when HUBITAT_HUBS names several.
 */
export const hubitatEnvSchema = z.object({
  HUBITAT_HUBS: z.string().optional(),
  HUBITAT_HUB_IP: hubAddress.optional(),
  HUBITAT_APP_ID: appId.optional(),
  HUBITAT_ACCESS_TOKEN: accessToken.optional(),
  HUBITAT_CLOUD_URL: httpUrl.optional(),
  HUBITAT_TIMEOUT_MS: positiveInt(5000),
  HUBITAT_EVENT_TRANSPORT: transport.default("post"),
  HUBITAT_EVENT_URL: httpUrl
    .refine((v) => !/[?#]/.test(v), "must have no ? or # part: the hub adds /{secret} to it")
    .optional(),
  /** Deprecated: HUBITAT_EVENT_URL is `{HUBITAT_EVENT_BASE_URL}/hubitat/events`. */
  HUBITAT_EVENT_BASE_URL: httpUrl.optional(),
  HUBITAT_EVENT_SECRET: eventSecret.optional(),
});
type HubitatEnv = z.infer<typeof hubitatEnvSchema>;

export interface HubitatConfig {
  /** `main` for a single hub; a name of HUBITAT_HUBS otherwise. Its devices are stored under it. */
  name: string;
  /** Where Maker API paths start: `http://HUB/apps/api/APPID`, or the cloud URL. */
  baseUrl: string;
  accessToken: string;
  /** `ws://HUB/eventsocket`; null through the cloud, which has no eventsocket. */
  eventSocketUrl: string | null;
  timeoutMs: number;
  transport: "post" | "eventsocket";
  /**
   * The URL the hub posts to, before `/{secret}` (like `https://home.example.com/homegraph/hubitat/events`);
   * unset: the service's own `{url}/hubitat/events`.
   */
  eventUrl: string | null;
  /** Unset: a new random secret on every start (the URL is registered again on start anyway). */
  eventSecret: string | null;
}

/** One hub's variables, whether plain (single hub) or HUBITAT_{NAME}_... (several). */
interface HubVariables {
  HUB_IP?: string;
  APP_ID?: string;
  ACCESS_TOKEN?: string;
  CLOUD_URL?: string;
  EVENT_SECRET?: string;
  EVENT_TRANSPORT?: "post" | "eventsocket";
}

/** A hub's own variables, read as HUBITAT_{NAME}_{suffix}. */
const PER_HUB = z.object({
  HUB_IP: hubAddress.optional(),
  APP_ID: appId.optional(),
  ACCESS_TOKEN: accessToken.optional(),
  CLOUD_URL: httpUrl.optional(),
  EVENT_SECRET: eventSecret.optional(),
  EVENT_TRANSPORT: transport.optional(),
});
const PER_HUB_SUFFIXES = Object.keys(PER_HUB.shape);
/** Variables of a single hub that mean nothing once HUBITAT_HUBS names the hubs. */
const SINGLE_ONLY = [
  "HUBITAT_HUB_IP",
  "HUBITAT_APP_ID",
  "HUBITAT_ACCESS_TOKEN",
  "HUBITAT_CLOUD_URL",
  "HUBITAT_EVENT_SECRET",
];

export const hubVariable = (name: string, suffix: string) =>
  `HUBITAT_${name.toUpperCase().replace(/-/g, "_")}_${suffix}`;

type Problem = { variable: string; message: string };

function eventUrlOf(env: HubitatEnv): string | null {
  if (env.HUBITAT_EVENT_URL) return env.HUBITAT_EVENT_URL.replace(/\/+$/, "");
  if (env.HUBITAT_EVENT_BASE_URL) return `${env.HUBITAT_EVENT_BASE_URL.replace(/\/+$/, "")}${EVENT_ROUTE_PREFIX}`;
  return null;
}

/** One hub from its variables; `variable` names a variable as the household wrote it. */
function hubFrom(
  name: string,
  v: HubVariables,
  env: HubitatEnv,
  variable: (suffix: string) => string,
  problems: Problem[],
  required: boolean,
): HubitatConfig | null {
  const local = v.HUB_IP;
  const cloud = v.CLOUD_URL;
  const how = `${variable("HUB_IP")} or ${variable("CLOUD_URL")}`;
  const chosen = v.EVENT_TRANSPORT ?? env.HUBITAT_EVENT_TRANSPORT;
  if (!local && !cloud) {
    if (required) problems.push({ variable: variable("HUB_IP"), message: `is required (or ${variable("CLOUD_URL")})` });
    return null;
  }
  const before = problems.length;
  if (!v.ACCESS_TOKEN) problems.push({ variable: variable("ACCESS_TOKEN"), message: `is required with ${how}` });
  if (local && !cloud && !v.APP_ID) {
    problems.push({ variable: variable("APP_ID"), message: `is required with ${variable("HUB_IP")}` });
  }
  if (!local && chosen === "eventsocket") {
    problems.push({
      variable: v.EVENT_TRANSPORT ? variable("EVENT_TRANSPORT") : "HUBITAT_EVENT_TRANSPORT",
      message: `eventsocket needs ${variable("HUB_IP")} (the cloud has none)`,
    });
  }
  if (problems.length > before) return null;
  const origin = local ? (/^https?:\/\//.test(local) ? local : `http://${local}`).replace(/\/$/, "") : null;
  return {
    name,
    baseUrl: cloud ? cloud.replace(/\/$/, "") : `${origin}/apps/api/${v.APP_ID}`,
    accessToken: v.ACCESS_TOKEN!,
    eventSocketUrl: origin ? `${origin.replace(/^http/, "ws")}/eventsocket` : null,
    timeoutMs: env.HUBITAT_TIMEOUT_MS,
    transport: chosen,
    eventUrl: eventUrlOf(env),
    eventSecret: v.EVENT_SECRET ?? null,
  };
}

/** The hubs named by HUBITAT_HUBS, each from its HUBITAT_{NAME}_... variables; every problem at once. */
function severalHubs(list: string, env: HubitatEnv, raw: Env, problems: Problem[]): HubitatConfig[] {
  const names = list
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  if (!names.length)
    problems.push({ variable: "HUBITAT_HUBS", message: "must name at least one hub, like house,barn" });
  for (const name of names) {
    if (!HUB_NAME.test(name)) {
      problems.push({
        variable: "HUBITAT_HUBS",
        message: `"${name}" must start with a lower-case letter, then up to 31 lower-case letters, digits or dashes`,
      });
    }
  }
  const seen = new Set<string>();
  for (const name of names) {
    const key = hubVariable(name, "");
    if (seen.has(key)) problems.push({ variable: "HUBITAT_HUBS", message: `names "${name}" twice` });
    seen.add(key);
  }
  for (const variable of SINGLE_ONLY) {
    if (raw[variable]) {
      problems.push({
        variable,
        message: `is for a single hub: with HUBITAT_HUBS set, use ${variable.replace("HUBITAT_", "HUBITAT_{NAME}_")}`,
      });
    }
  }
  // A HUBITAT_{X}_{SUFFIX} of no listed hub, or a listed hub's variable of no known suffix, is a
  // typo or a forgotten name: say so rather than ignore it.
  const suffixes = PER_HUB_SUFFIXES.join("|");
  const shared = new Set(Object.keys(hubitatEnvSchema.shape));
  for (const variable of Object.keys(raw).sort()) {
    if (!raw[variable] || shared.has(variable)) continue;
    const m = new RegExp(`^HUBITAT_(.+)_(${suffixes})$`).exec(variable);
    if (m && !seen.has(`HUBITAT_${m[1]}_`)) {
      problems.push({ variable, message: `belongs to no hub of HUBITAT_HUBS (${names.join(", ")})` });
    } else if (!m && [...seen].some((prefix) => variable.startsWith(prefix))) {
      problems.push({
        variable,
        message: `is not a hub's variable (its suffix is one of ${PER_HUB_SUFFIXES.join(", ")})`,
      });
    }
  }
  const hubs: HubitatConfig[] = [];
  const secrets = new Map<string, string>();
  for (const name of names.filter((n) => HUB_NAME.test(n))) {
    const variable = (suffix: string) => hubVariable(name, suffix);
    const own: Env = {};
    for (const suffix of PER_HUB_SUFFIXES) own[suffix] = raw[variable(suffix)] || undefined;
    const parsed = PER_HUB.safeParse(own);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ variable: variable(String(issue.path[0])), message: issue.message });
      }
      continue;
    }
    const hub = hubFrom(name, parsed.data, env, variable, problems, true);
    if (!hub) continue;
    if (hub.eventSecret) {
      const other = secrets.get(hub.eventSecret);
      if (other)
        problems.push({
          variable: variable("EVENT_SECRET"),
          message: `is the same as ${other}'s: each hub needs its own`,
        });
      secrets.set(hub.eventSecret, name);
    }
    hubs.push(hub);
  }
  if (problems.length) throw new ConfigError(problems);
  return hubs;
}

/**
 * The hubs' settings, the first being the primary one (`hub` in GraphQL). Empty when no hub is
 * configured (no HUBITAT_HUBS, HUBITAT_HUB_IP nor HUBITAT_CLOUD_URL: the service runs, and reports
 * the hub as not connected). A half-configured hub is an error naming what is missing; with
 * several hubs, every bad variable is named at once. `raw` is the environment as given, for the
 * per-hub variables whose names depend on HUBITAT_HUBS.
 */
export function hubitatConfigFrom(env: HubitatEnv, raw: Env = {}): HubitatConfig[] {
  const problems: Problem[] = [];
  if (env.HUBITAT_EVENT_URL && env.HUBITAT_EVENT_BASE_URL) {
    problems.push({
      variable: "HUBITAT_EVENT_BASE_URL",
      message: "is the older form of HUBITAT_EVENT_URL ({it}/hubitat/events): set only HUBITAT_EVENT_URL",
    });
  }
  if (env.HUBITAT_HUBS !== undefined) return severalHubs(env.HUBITAT_HUBS, env, raw, problems);
  const hub = hubFrom(
    SINGLE_HUB,
    {
      HUB_IP: env.HUBITAT_HUB_IP,
      APP_ID: env.HUBITAT_APP_ID,
      ACCESS_TOKEN: env.HUBITAT_ACCESS_TOKEN,
      CLOUD_URL: env.HUBITAT_CLOUD_URL,
      EVENT_SECRET: env.HUBITAT_EVENT_SECRET,
    },
    env,
    (suffix) => `HUBITAT_${suffix}`,
    problems,
    false,
  );
  if (problems.length) throw new ConfigError(problems);
  return hub ? [hub] : [];
}

/**
 * What is wrong with the per-hub variables of HUBITAT_HUBS, read from the raw environment: for a
 * start that already fails on other variables, so that every bad variable is named at once.
 */
export function hubVariableProblems(raw: Env): Problem[] {
  const list = raw.HUBITAT_HUBS;
  if (!list) return [];
  const chosen = transport.safeParse(raw.HUBITAT_EVENT_TRANSPORT || "post");
  const env: HubitatEnv = {
    HUBITAT_HUBS: list,
    HUBITAT_TIMEOUT_MS: 5000,
    HUBITAT_EVENT_TRANSPORT: chosen.success ? chosen.data : "post",
  };
  try {
    severalHubs(list, env, raw, []);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

/** The hubs, from just the hub's variables, for tests and tools; the service merges the schema into its own. */
export function hubsConfigFromEnv(env: Env): HubitatConfig[] {
  return hubitatConfigFrom(loadHubitatEnv(hubitatEnvSchema, env), env);
}

/** `loadConfig`, whose error also names what is wrong with the per-hub variables. */
export function loadHubitatEnv<S extends z.ZodType>(schema: S, env: Env): z.infer<S> {
  try {
    return loadConfig(schema, env);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError([...err.problems, ...hubVariableProblems(env)]);
    throw err;
  }
}

/** The primary hub, or null when there is none. */
export function hubitatConfigFromEnv(env: Env): HubitatConfig | null {
  return hubsConfigFromEnv(env)[0] ?? null;
}
