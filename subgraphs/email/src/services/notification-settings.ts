import { BadUserInputError } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { DEFAULT_ROUTES, NotificationChannel, NotificationKind } from "../entities/notification-enums.js";

export interface QuietHours {
  enabled: boolean;
  start: string;
  end: string;
  timeZone: string;
}

export interface NotificationRoute {
  kind: NotificationKind;
  channels: NotificationChannel[];
}

export interface NotificationSettings {
  routes: NotificationRoute[];
  quietHours: QuietHours;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { enabled: false, start: "22:00", end: "07:00", timeZone: "UTC" };
export const RETENTION_DAYS = { min: 1, max: 3650, default: 90 };

const CHANNEL_ORDER = Object.values(NotificationChannel);
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Channels in a stable order, each once; refuses anything but the three channels. */
export function checkChannels(channels: unknown, field: string): NotificationChannel[] {
  if (!Array.isArray(channels)) throw new BadUserInputError(`${field} must be a list of channels.`, field);
  for (const c of channels) {
    if (!CHANNEL_ORDER.includes(c as NotificationChannel)) {
      throw new BadUserInputError(`${field} may hold only ${CHANNEL_ORDER.join(", ")}.`, field);
    }
  }
  return CHANNEL_ORDER.filter((c) => channels.includes(c));
}

export function checkTimeZone(zone: string, field = "timeZone"): string {
  try {
    // Intl knows the IANA database; its canonical spelling is what we keep.
    return new Intl.DateTimeFormat("en-GB", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw new BadUserInputError(`${field} must be an IANA time zone such as Europe/Paris.`, field);
  }
}

export function checkQuietHours(input: QuietHours): QuietHours {
  for (const field of ["start", "end"] as const) {
    if (typeof input[field] !== "string" || !HHMM.test(input[field])) {
      throw new BadUserInputError(`${field} must be a time as HH:MM (00:00 to 23:59).`, `input.${field}`);
    }
  }
  if (input.start === input.end) throw new BadUserInputError("end must differ from start.", "input.end");
  return {
    enabled: input.enabled,
    start: input.start,
    end: input.end,
    timeZone: checkTimeZone(input.timeZone, "input.timeZone"),
  };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` falls in the quiet hours, read on the wall clock of their time zone (overnight spans wrap). */
export function isQuiet(quiet: QuietHours | undefined, at: Date): boolean {
  if (!quiet?.enabled) return false;
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: quiet.timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const now = part("hour") * 60 + part("minute");
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

interface RouteRow {
  user_id: number;
  kind: NotificationKind;
  channels: NotificationChannel[];
}

interface QuietRow {
  user_id: number;
  enabled: boolean;
  start: string;
  end: string;
  time_zone: string;
}

/** Each person's channels for `kind` (their choice or the default) and their quiet hours, in two queries. */
export async function routingOf(
  em: EntityManager,
  userIds: number[],
  kind: NotificationKind,
): Promise<{ channels: Map<number, NotificationChannel[]>; quiet: Map<number, QuietHours> }> {
  const ids = JSON.stringify(userIds);
  const [routes, quiet] = await Promise.all([
    em.execute<RouteRow[]>(
      `select user_id, kind, channels from "email"."notification_routes"
        where kind = ? and user_id in (select json_array_elements_text(?::json)::int)`,
      [kind, ids],
    ),
    em.execute<QuietRow[]>(
      `select user_id, enabled, start, "end", time_zone from "email"."notification_quiet_hours"
        where enabled and user_id in (select json_array_elements_text(?::json)::int)`,
      [ids],
    ),
  ]);
  const channels = new Map(userIds.map((id) => [id, DEFAULT_ROUTES[kind]]));
  for (const r of routes) channels.set(r.user_id, r.channels);
  return {
    channels,
    quiet: new Map(
      quiet.map((q) => [q.user_id, { enabled: q.enabled, start: q.start, end: q.end, timeZone: q.time_zone }]),
    ),
  };
}

export async function settingsOf(em: EntityManager, userId: number): Promise<NotificationSettings> {
  const [routes, quiet] = await Promise.all([
    em.execute<RouteRow[]>(`select user_id, kind, channels from "email"."notification_routes" where user_id = ?`, [
      userId,
    ]),
    em.execute<QuietRow[]>(
      `select user_id, enabled, start, "end", time_zone from "email"."notification_quiet_hours" where user_id = ?`,
      [userId],
    ),
  ]);
  const chosen = new Map(routes.map((r) => [r.kind, r.channels]));
  const q = quiet[0];
  return {
    routes: Object.values(NotificationKind).map((kind) => ({
      kind,
      channels: chosen.get(kind) ?? DEFAULT_ROUTES[kind],
    })),
    quietHours: q ? { enabled: q.enabled, start: q.start, end: q.end, timeZone: q.time_zone } : DEFAULT_QUIET_HOURS,
  };
}

export async function setRoute(
  em: EntityManager,
  userId: number,
  kind: NotificationKind,
  channels: NotificationChannel[],
): Promise<void> {
  await em.execute(
    `insert into "email"."notification_routes" (user_id, kind, channels) values (?, ?, ?::text[])
     on conflict (user_id, kind) do update set channels = excluded.channels, updated_at = now()`,
    [userId, kind, `{${checkChannels(channels, "channels").join(",")}}`],
  );
}

export async function setQuietHours(em: EntityManager, userId: number, input: QuietHours): Promise<void> {
  const q = checkQuietHours(input);
  await em.execute(
    `insert into "email"."notification_quiet_hours" (user_id, enabled, start, "end", time_zone) values (?, ?, ?, ?, ?)
     on conflict (user_id) do update set enabled = excluded.enabled, start = excluded.start, "end" = excluded."end",
       time_zone = excluded.time_zone, updated_at = now()`,
    [userId, q.enabled, q.start, q.end, q.timeZone],
  );
}

export async function retentionDays(em: EntityManager): Promise<number> {
  const [row] = await em.execute<{ retention_days: number }[]>(
    `select retention_days from "email"."notification_household" where id = 1`,
  );
  return row?.retention_days ?? RETENTION_DAYS.default;
}

export async function setRetentionDays(em: EntityManager, days: number, by: number): Promise<number> {
  if (!Number.isInteger(days) || days < RETENTION_DAYS.min || days > RETENTION_DAYS.max) {
    throw new BadUserInputError(`days must be between ${RETENTION_DAYS.min} and ${RETENTION_DAYS.max}.`, "days");
  }
  await em.execute(
    `insert into "email"."notification_household" (id, retention_days, updated_by) values (1, ?, ?)
     on conflict (id) do update set retention_days = excluded.retention_days, updated_by = excluded.updated_by, updated_at = now()`,
    [days, by],
  );
  return days;
}

/** Deletes notifications older than the household's retention; their delivery records go with them. */
export async function deleteExpired(em: EntityManager, now: Date): Promise<number> {
  const days = await retentionDays(em);
  const [row] = await em.execute<{ n: number }[]>(
    `with gone as (delete from "email"."notifications" where created_at < ?::timestamptz - make_interval(days => ?) returning 1)
     select count(*)::int as n from gone`,
    [now.toISOString(), days],
  );
  return row?.n ?? 0;
}
