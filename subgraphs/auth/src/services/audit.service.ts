import type { Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { AuditLogEntry, type AuditEvent } from "../entities/audit-log.entity.js";

/** Where a request came from (the client's address, through TRUST_PROXY, and its user agent). */
export interface RequestMeta {
  ip?: string;
  userAgent?: string;
  /**
   * The gateway's long-lived random browser cookie (`x-homegraph-browser`), to recognise a browser
   * seen before; never logged or stored as such (only hashed, in known_browsers).
   */
  browserId?: string;
}

export interface AuditRecord {
  userId?: number | null;
  actorId?: number | null;
  meta?: RequestMeta;
  details?: Record<string, unknown>;
}

/** Writes the audit row through `em` (so it commits or rolls back with the change) and logs the event. */
export async function recordAudit(
  em: EntityManager,
  logger: Logger,
  event: AuditEvent,
  record: AuditRecord = {},
): Promise<void> {
  const details = record.details ?? {};
  await em.insert(AuditLogEntry, {
    eventType: event,
    userId: record.userId ?? null,
    actorId: record.actorId ?? null,
    ip: record.meta?.ip?.slice(0, 64) ?? null,
    userAgent: record.meta?.userAgent?.slice(0, 512) ?? null,
    details,
    createdAt: new Date(),
  });
  // Never a token or a password here: details hold ids, reasons and roles only.
  logger.info({ event, userId: record.userId, actorId: record.actorId, ip: record.meta?.ip, details }, "auth event");
}
