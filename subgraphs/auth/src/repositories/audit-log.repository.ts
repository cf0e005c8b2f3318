import type { EntityManager } from "@mikro-orm/postgresql";
import { AuditLogEntry, type AuditEvent } from "../entities/audit-log.entity.js";

export interface AuditLogQuery {
  /** The person the events are about, as the API gives it (an id that names no one matches nothing). */
  userId?: string | null;
  eventTypes?: AuditEvent[] | null;
  since?: Date | null;
  until?: Date | null;
}

/** One page of security events, newest first. */
export function findAuditPage(
  em: EntityManager,
  filter: AuditLogQuery | null,
  page: { limit: number; offset: number },
): Promise<[AuditLogEntry[], number]> {
  const where: Record<string, unknown> = {};
  if (filter?.userId) where.userId = Number(filter.userId) || -1;
  if (filter?.eventTypes?.length) where.eventType = { $in: filter.eventTypes };
  if (filter?.since || filter?.until) {
    where.createdAt = {
      ...(filter.since ? { $gte: filter.since } : {}),
      ...(filter.until ? { $lt: filter.until } : {}),
    };
  }
  return em.findAndCount(AuditLogEntry, where, { orderBy: { createdAt: "desc", id: "desc" }, ...page });
}
