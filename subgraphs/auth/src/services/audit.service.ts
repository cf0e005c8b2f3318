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
  /** Whether the client has hung up (its connection closed): work only it would see may be skipped. */
  gone?: () => boolean;
}

export interface AuditRecord {
  userId?: number | null;
  actorId?: number | null;
  meta?: RequestMeta;
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  event: AuditEvent;
  record?: AuditRecord;
}

/** Writes the audit row through `em` (so it commits or rolls back with the change) and logs the event. */
export function recordAudit(
  em: EntityManager,
  logger: Logger,
  event: AuditEvent,
  record: AuditRecord = {},
): Promise<void> {
  return recordAudits(em, logger, [{ event, record }]);
}

/** Several audit rows in one statement (a sign-in writes two), each logged. */
export async function recordAudits(em: EntityManager, logger: Logger, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await em.insertMany(AuditLogEntry, auditRows(entries));
  logAudits(logger, entries);
}

/** The audit_log rows of `entries`, all at one time, for a caller that inserts them in a statement of its own. */
export function auditRows(entries: AuditEntry[], createdAt = new Date()) {
  return entries.map(({ event, record = {} }) => ({
    eventType: event,
    userId: record.userId ?? null,
    actorId: record.actorId ?? null,
    ip: record.meta?.ip?.slice(0, 64) ?? null,
    userAgent: record.meta?.userAgent?.slice(0, 512) ?? null,
    details: record.details ?? {},
    createdAt,
  }));
}

/** The log line of each audited event, once its row is written. */
export function logAudits(logger: Logger, entries: AuditEntry[]): void {
  for (const { event, record = {} } of entries) {
    // Never a token or a password here: details hold ids, reasons and roles only.
    const details = record.details ?? {};
    logger.info({ event, userId: record.userId, actorId: record.actorId, ip: record.meta?.ip, details }, "auth event");
  }
}
