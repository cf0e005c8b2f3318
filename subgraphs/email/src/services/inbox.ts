import { NotFoundError } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { NotificationKind, NotificationSeverity } from "../entities/notification-enums.js";

/** A notification as the inbox shows it. */
export interface InboxItem {
  id: number;
  kind: NotificationKind;
  severity: NotificationSeverity;
  title: string;
  body: string;
  url: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** The same fields as the database names them. */
type Row = Omit<InboxItem, "createdAt" | "readAt"> & { created_at: Date; read_at: Date | null };

const COLUMNS = `id, kind, severity, title, body, url, created_at, read_at`;
const toItem = (r: Row): InboxItem => ({
  id: Number(r.id),
  kind: r.kind,
  severity: r.severity,
  title: r.title,
  body: r.body,
  url: r.url,
  createdAt: new Date(r.created_at),
  readAt: r.read_at ? new Date(r.read_at) : null,
});

// Every query names `in_app` (and `read_at is null` for unread) as the partial indexes do, so each
// is an index scan over one person's rows however many the household keeps.

export async function inboxPage(
  em: EntityManager,
  userId: number,
  opts: { offset: number; limit: number; unreadOnly: boolean },
): Promise<{ items: InboxItem[]; total: number }> {
  const unread = opts.unreadOnly ? " and read_at is null" : "";
  const [rows, count] = await Promise.all([
    em.execute<Row[]>(
      `select ${COLUMNS} from "email"."notifications" where user_id = ? and in_app${unread}
        order by created_at desc, id desc limit ? offset ?`,
      [userId, opts.limit, opts.offset],
    ),
    em.execute<{ n: number }[]>(
      `select count(*)::int as n from "email"."notifications" where user_id = ? and in_app${unread}`,
      [userId],
    ),
  ]);
  return { items: rows.map(toItem), total: count[0]?.n ?? 0 };
}

export async function unreadCount(em: EntityManager, userId: number): Promise<number> {
  const [row] = await em.execute<{ n: number }[]>(
    `select count(*)::int as n from "email"."notifications" where user_id = ? and in_app and read_at is null`,
    [userId],
  );
  return row?.n ?? 0;
}

/** Marks one of the person's own read (again is harmless); another person's id is NOT_FOUND. */
export async function markRead(em: EntityManager, userId: number, id: number): Promise<InboxItem> {
  const [row] = await em.execute<Row[]>(
    `update "email"."notifications" set read_at = coalesce(read_at, now())
      where id = ? and user_id = ? and in_app returning ${COLUMNS}`,
    [id, userId],
  );
  if (!row) throw new NotFoundError(`You have no notification ${id}.`);
  return toItem(row);
}

export async function markAllRead(em: EntityManager, userId: number): Promise<number> {
  const [row] = await em.execute<{ n: number }[]>(
    `with changed as (update "email"."notifications" set read_at = now()
       where user_id = ? and in_app and read_at is null returning 1)
     select count(*)::int as n from changed`,
    [userId],
  );
  return row?.n ?? 0;
}
