// The household's activity feed: what each service contributes (POST /activity, or the email
// service's own mail) and what a person may read of it. Order is the bigserial id; the cursor is
// the last id read, so a page never repeats or skips an entry however many arrive meanwhile.
import { ACTIVITY_KINDS, BadUserInputError, type ActivityContribution, type ServicePubSub } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { ActivityKind } from "../entities/activity-entry.entity.js";

export const ACTIVITY_ADDED = "email.activityAdded";
const MAX_BATCH = 500;
export const MAX_PAGE = 100;

/** An entry as stored and as published (JSON values only: it crosses Redis). */
export interface ActivityRow {
  id: string;
  at: string;
  kind: ActivityKind;
  actorUserId: number | null;
  subjectUserId: number | null;
  deviceId: number | null;
  room: string | null;
  summary: string;
  source: string;
}

/** What a reader may see: everything (an admin), or their own and what home lets them VIEW. */
export type Visibility = { all: true } | { all: false; userId: number; deviceIds: number[]; rooms: string[] };

export interface ActivityFilter {
  personId?: number | null;
  room?: string | null;
  kinds?: ActivityKind[] | null;
}

const optionalId = (v: unknown, field: string): number | null => {
  if (v === undefined || v === null) return null;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
    throw new BadUserInputError(`${field} must be a positive whole number.`, field);
  }
  return v;
};

const text = (v: unknown, field: string, max: number, required: boolean): string | null => {
  if ((v === undefined || v === null) && !required) return null;
  if (typeof v !== "string" || !v.trim()) throw new BadUserInputError(`${field} must be a non-empty string.`, field);
  return v
    .replace(/[\r\n\u2028\u2029]+/g, " ")
    .trim()
    .slice(0, max);
};

/** Checks one contribution; `at` defaults to now, and may not be in the future. */
export function parseActivity(raw: unknown, index: number): Required<ActivityContribution> {
  const prefix = `[${index}]`;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new BadUserInputError(`${prefix} must be an object.`, prefix);
  }
  const r = raw as Record<string, unknown>;
  if (!(ACTIVITY_KINDS as readonly unknown[]).includes(r.kind)) {
    throw new BadUserInputError(`${prefix}.kind must be one of ${ACTIVITY_KINDS.join(", ")}.`, `${prefix}.kind`);
  }
  const at = r.at === undefined ? new Date() : new Date(String(r.at));
  if (Number.isNaN(at.getTime())) throw new BadUserInputError(`${prefix}.at must be an ISO date-time.`, `${prefix}.at`);
  return {
    at: new Date(Math.min(at.getTime(), Date.now())).toISOString(),
    kind: r.kind as ActivityKind,
    actorUserId: optionalId(r.actorUserId, `${prefix}.actorUserId`),
    subjectUserId: optionalId(r.subjectUserId, `${prefix}.subjectUserId`),
    deviceId: optionalId(r.deviceId, `${prefix}.deviceId`),
    room: text(r.room, `${prefix}.room`, 255, false),
    summary: text(r.summary, `${prefix}.summary`, 500, true)!,
    dedupeKey: text(r.dedupeKey, `${prefix}.dedupeKey`, 255, true)!,
  };
}

export const ACTIVITY_COLUMNS = `id::text as id, at, kind, actor_user_id, subject_user_id, device_id, room, summary, source`;

export interface ActivityDbRow {
  id: string;
  at: Date;
  kind: ActivityKind;
  actor_user_id: number | null;
  subject_user_id: number | null;
  device_id: number | null;
  room: string | null;
  summary: string;
  source: string;
}

const toRow = (r: ActivityDbRow): ActivityRow => ({
  id: String(r.id),
  at: new Date(r.at).toISOString(),
  kind: r.kind,
  actorUserId: r.actor_user_id,
  subjectUserId: r.subject_user_id,
  deviceId: r.device_id,
  room: r.room,
  summary: r.summary,
  source: r.source,
});

/**
 * Stores contributions (those whose dedupe key is new) and tells every `activityAdded` subscriber,
 * on every replica; the entries stored.
 */
export async function recordActivity(
  em: EntityManager,
  pubSub: ServicePubSub | undefined,
  source: string,
  raw: unknown[],
): Promise<ActivityRow[]> {
  if (raw.length > MAX_BATCH) throw new BadUserInputError(`Send at most ${MAX_BATCH} entries at a time.`);
  const entries = raw.map(parseActivity);
  if (!entries.length) return [];
  const values = entries.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ");
  const params = entries.flatMap((e) => [
    e.at,
    e.kind,
    e.actorUserId,
    e.subjectUserId,
    e.deviceId,
    e.room,
    e.summary,
    source,
    e.dedupeKey,
  ]);
  const rows = (await em.execute(
    `insert into "email"."activity_entries"
       ("at", "kind", "actor_user_id", "subject_user_id", "device_id", "room", "summary", "source", "dedupe_key")
     values ${values} on conflict ("dedupe_key") do nothing returning ${ACTIVITY_COLUMNS}`,
    params,
  )) as ActivityDbRow[];
  return publishActivity(pubSub, rows);
}

/** Tells every `activityAdded` subscriber, on every replica, of entries just stored (in order). */
export function publishActivity(pubSub: ServicePubSub | undefined, rows: ActivityDbRow[]): ActivityRow[] {
  const stored = rows.map(toRow).sort((a, b) => Number(a.id) - Number(b.id));
  for (const row of stored) pubSub?.publish(ACTIVITY_ADDED, row);
  return stored;
}

/** Whether one entry may be read (the subscription's check; the list does the same in SQL). */
export function visibleTo(row: ActivityRow, v: Visibility): boolean {
  if (v.all) return true;
  if (row.actorUserId === v.userId || row.subjectUserId === v.userId) return true;
  if (row.deviceId !== null) return v.deviceIds.includes(row.deviceId);
  return row.room !== null && v.rooms.includes(row.room);
}

export function matchesFilter(row: ActivityRow, f: ActivityFilter | null | undefined): boolean {
  if (!f) return true;
  if (f.personId != null && row.actorUserId !== f.personId && row.subjectUserId !== f.personId) return false;
  if (f.room != null && row.room !== f.room) return false;
  return !f.kinds?.length || f.kinds.includes(row.kind);
}

export const encodeCursor = (id: string) => Buffer.from(`activity:${id}`).toString("base64url");

function decodeCursor(cursor: string): string {
  const id = /^activity:(\d{1,19})$/.exec(Buffer.from(cursor, "base64url").toString())?.[1];
  if (!id) throw new BadUserInputError("after is not a cursor this feed gave out.", "after");
  return id;
}

const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** A page of the feed, newest first, of what `visibility` allows and `filter` asks for. */
export async function listActivity(
  em: EntityManager,
  options: { first: number; after?: string | null; filter?: ActivityFilter | null; visibility: Visibility },
): Promise<{ items: ActivityRow[]; endCursor: string | null; hasMore: boolean }> {
  const { first, after, filter, visibility } = options;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw new BadUserInputError(`first must be between 1 and ${MAX_PAGE}.`, "first");
  }
  const where: string[] = [];
  const params: unknown[] = [];
  if (after) {
    where.push(`id < ?`);
    params.push(decodeCursor(after));
  }
  if (!visibility.all) {
    const { userId, deviceIds, rooms } = visibility;
    const own = `actor_user_id = ? or subject_user_id = ?`;
    const devices = deviceIds.length ? `device_id in (${marks(deviceIds.length)})` : "false";
    const inRooms = rooms.length ? `(device_id is null and room in (${marks(rooms.length)}))` : "false";
    where.push(`(${own} or ${devices} or ${inRooms})`);
    params.push(userId, userId, ...deviceIds, ...rooms);
  }
  if (filter?.personId != null) {
    where.push(`(actor_user_id = ? or subject_user_id = ?)`);
    params.push(filter.personId, filter.personId);
  }
  if (filter?.room != null) {
    where.push(`room = ?`);
    params.push(filter.room);
  }
  if (filter?.kinds?.length) {
    where.push(`kind in (${marks(filter.kinds.length)})`);
    params.push(...filter.kinds);
  }
  const rows = (await em.execute(
    `select ${ACTIVITY_COLUMNS} from "email"."activity_entries"
      ${where.length ? `where ${where.join(" and ")}` : ""}
      order by id desc limit ?`,
    [...params, first + 1],
  )) as ActivityDbRow[];
  const items = rows.slice(0, first).map(toRow);
  return {
    items,
    endCursor: items.length ? encodeCursor(items.at(-1)!.id) : null,
    hasMore: rows.length > first,
  };
}
