import { BadUserInputError, type Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { z } from "zod";
import { SystemSetting } from "../entities/system-setting.entity.js";

interface SettingDefinition<T> {
  schema: z.ZodType<T>;
  default: T;
  type: "boolean" | "integer" | "choice";
  /** A choice's allowed values. */
  choices?: readonly string[];
  description: string;
  /** An integer's bounds, given to clients so a form can refuse what the server would. */
  min?: number;
  max?: number;
}

const bool = (fallback: boolean, description: string): SettingDefinition<boolean> => ({
  schema: z.boolean({ error: "must be true or false" }),
  default: fallback,
  type: "boolean",
  description,
});
const int = (fallback: number, min: number, max: number, description: string): SettingDefinition<number> => ({
  schema: z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`),
  default: fallback,
  type: "integer",
  description,
  min,
  max,
});

const choice = <T extends string>(values: readonly [T, ...T[]], fallback: T, description: string) =>
  ({
    schema: z.enum(values, { error: `must be one of ${values.join(", ")}` }),
    default: fallback,
    type: "choice",
    description,
    choices: values,
  }) as SettingDefinition<T>;

/** Every setting the household admin may change. Keys not listed here are refused. */
export const SETTINGS = {
  "signUp.enabled": bool(false, "Let anyone who reaches Homegraph create a MEMBER account (off: invitations only)."),
  "rateLimit.login.maxFailuresPerAccount": int(5, 1, 1000, "Failed sign-ins per account per window before refusing."),
  "rateLimit.login.maxFailuresPerIp": int(20, 1, 10000, "Failed sign-ins per IP address per window before refusing."),
  "rateLimit.login.windowSeconds": int(900, 10, 86400, "Length of the sign-in failure window, in seconds."),
  "rateLimit.delay.afterFailures": int(
    3,
    1,
    1000,
    "Failures after which each new attempt must wait (1 s, 2 s, 4 s ...).",
  ),
  "rateLimit.delay.maxSeconds": int(60, 1, 3600, "Longest wait between attempts imposed by the growing delay."),
  "rateLimit.passwordReset.maxPerAccount": int(3, 1, 1000, "Password reset requests per email address per window."),
  "rateLimit.passwordReset.maxPerIp": int(10, 1, 10000, "Password reset requests per IP address per window."),
  "rateLimit.passwordReset.windowSeconds": int(3600, 10, 86400, "Length of the password reset window, in seconds."),
  "rateLimit.refresh.maxPerIp": int(120, 1, 100000, "Token refreshes per IP address per window."),
  "rateLimit.refresh.maxPerAccount": int(60, 1, 100000, "Token refreshes per account per window."),
  "rateLimit.refresh.windowSeconds": int(60, 1, 86400, "Length of the refresh window, in seconds."),
  "rateLimit.passkey.maxPerIp": int(300, 1, 100000, "Passkey sign-ins started per IP address per minute."),
  "secondFactor.required": choice(
    ["NONE", "ADMINS", "EVERYONE"] as const,
    "NONE",
    "Who must sign in with a second factor (an authenticator app): nobody, admins, or everyone.",
  ),
  "secondFactor.graceDays": int(
    7,
    0,
    365,
    "Days a person may still sign in without a second factor once it is required of them; then only enrolment is open.",
  ),
} satisfies Record<string, SettingDefinition<any>>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValues = { [K in SettingKey]: (typeof SETTINGS)[K]["default"] };

export interface SettingView {
  key: SettingKey;
  value: unknown;
  defaultValue: unknown;
  type: string;
  description: string;
  min?: number;
  max?: number;
  choices?: readonly string[];
  updatedAt?: Date;
}

/** A request's settings, shared by its EntityManager's forks (a class instance: copied by reference). */
class SettingsScope {
  views?: Promise<SettingView[]>;
  wrote = false;
}

function requestScope(em: EntityManager): SettingsScope {
  const context = em.getLoggerContext<{ homegraphSettings?: SettingsScope }>();
  return (context.homegraphSettings ??= new SettingsScope());
}

interface SettingRow {
  key: string;
  value: string | null;
  updated_at: Date | null;
}

function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTINGS, key);
}

/** Typed system settings: stored as JSON text in auth.system_settings, validated on the way in and out. */
export class SettingsService {
  constructor(private readonly logger: Logger) {}

  async all(em: EntityManager): Promise<SettingValues> {
    return Object.fromEntries((await this.list(em)).map((s) => [s.key, s.value])) as SettingValues;
  }

  /**
   * Read once per request: a passkey sign-in consults the settings four times (limits, policy), and
   * each read was a round trip. The request's snapshot rides on its EntityManager's logger context,
   * which MikroORM copies into every fork (a transaction's too) by reference. Requests that ask while
   * a read is on its way share it (a burst of sign-ins makes one read, not twenty). A request that
   * has written a setting reads through its own EntityManager from then on, so it sees its write.
   */
  private shared: Promise<SettingRow[]> | undefined;

  list(em: EntityManager): Promise<SettingView[]> {
    const scope = requestScope(em);
    if (!scope.views) {
      const views = this.rows(em, scope).then((rows) => this.views(rows));
      scope.views = views;
      views.catch(() => {
        if (scope.views === views) scope.views = undefined;
      });
    }
    return scope.views;
  }

  private rows(em: EntityManager, scope: SettingsScope): Promise<SettingRow[]> {
    const sql = `select key, value, updated_at from auth.system_settings`;
    // Inside a transaction, through it: a second connection from the pool, asked for while this one
    // is held, would starve the pool under a burst (each sign-in's transaction waiting on another).
    if (scope.wrote || em.isInTransaction()) return em.execute(sql) as Promise<SettingRow[]>;
    if (!this.shared) {
      this.shared = (em.getConnection().execute(sql) as Promise<SettingRow[]>).finally(() => {
        this.shared = undefined;
      });
    }
    return this.shared;
  }

  private views(rows: SettingRow[]): SettingView[] {
    const byKey = new Map(
      rows.map((r) => [r.key, { value: r.value, updatedAt: r.updated_at ? new Date(r.updated_at) : undefined }]),
    );
    return (Object.keys(SETTINGS) as SettingKey[]).map((key) => {
      const def = SETTINGS[key] as SettingDefinition<unknown>;
      const row = byKey.get(key);
      let value = def.default;
      if (row?.value != null) {
        try {
          value = def.schema.parse(JSON.parse(row.value));
        } catch {
          this.logger.warn({ key }, "stored setting is not valid; using its default");
        }
      }
      return {
        key,
        value,
        defaultValue: def.default,
        type: def.type,
        description: def.description,
        min: def.min,
        max: def.max,
        choices: def.choices,
        updatedAt: row?.updatedAt,
      };
    });
  }

  /** `raw` is JSON (`true`, `5`) or a bare string; the value must fit the key's type. */
  async set(em: EntityManager, key: string, raw: string): Promise<{ previous: unknown; value: unknown }> {
    if (!isSettingKey(key)) {
      throw new BadUserInputError(
        `Unknown setting "${key}". Known settings: ${Object.keys(SETTINGS).join(", ")}.`,
        "key",
      );
    }
    const def = SETTINGS[key] as SettingDefinition<unknown>;
    let candidate: unknown = raw;
    try {
      candidate = JSON.parse(raw);
    } catch {
      // not JSON: validate the bare string
    }
    const parsed = def.schema.safeParse(candidate);
    if (!parsed.success) {
      throw new BadUserInputError(`"${key}" ${parsed.error.issues[0]?.message ?? "is not valid"}.`, "value");
    }
    const previous = (await this.all(em))[key];
    const row = (await em.findOne(SystemSetting, { key })) ?? em.create(SystemSetting, { key, updatedAt: new Date() });
    row.value = JSON.stringify(parsed.data);
    row.updatedAt = new Date();
    await em.flush();
    const scope = requestScope(em);
    scope.wrote = true;
    scope.views = undefined;
    return { previous, value: parsed.data };
  }
}
