// Topic and payload of `bulkEmailProgress`: the contract between the delivery worker, which moves a
// mail of a bulk run to SENT or FAILED, and the subscription that tells admins how far the run got.
// Payloads cross Redis as JSON, so they hold only JSON values (dates as ISO strings).
import type { Logger, ServicePubSub } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { EmailStatus } from "../entities/enums.js";

export const BULK_EMAIL_PROGRESS = "email.bulkEmailProgress";

/** A run's counts at one moment, as `BulkEmailRun` shows them. */
export interface BulkProgressPayload {
  id: string;
  createdAt: string;
  templateKey: string | null;
  subject: string | null;
  total: number;
  queued: number;
  sent: number;
  failed: number;
  suppressed: number;
  done: boolean;
}

/** Reads the run's counts now; undefined when there is no such run. */
export async function bulkProgressSnapshot(em: EntityManager, runId: number): Promise<BulkProgressPayload | undefined> {
  const rows: {
    created_at: Date;
    template_key: string | null;
    subject: string | null;
    total: number;
    status: EmailStatus | null;
    count: string;
  }[] = await em.execute(
    `select r.created_at, r.template_key, r.subject, r.total, l.status, count(l.id) as count
       from "email"."email_bulk_runs" r left join "email"."email_logs" l on l.bulk_run_id = r.id
      where r.id = ? group by r.id, l.status`,
    [runId],
  );
  const first = rows[0];
  if (!first) return undefined;
  const n = (s: EmailStatus) => Number(rows.find((r) => r.status === s)?.count ?? 0);
  const queued = n(EmailStatus.QUEUED) + n(EmailStatus.SENDING);
  return {
    id: String(runId),
    createdAt: new Date(first.created_at).toISOString(),
    templateKey: first.template_key,
    subject: first.subject,
    total: first.total,
    queued,
    sent: n(EmailStatus.SENT),
    failed: n(EmailStatus.FAILED),
    suppressed: n(EmailStatus.SUPPRESSED),
    done: queued === 0,
  };
}

/** Tells every `bulkEmailProgress(runId)` subscriber, on every replica, the run's counts. */
export function publishBulkProgress(pubSub: ServicePubSub, payload: BulkProgressPayload): void {
  pubSub.publish(BULK_EMAIL_PROGRESS, payload.id, payload);
}

/**
 * What the delivery worker calls, with the run's id, once mails of a bulk run have left for good
 * (SENT or FAILED). Counting a run
 * costs a query, so mails settling while one count of their run is in flight share the next one:
 * at most one count per run at a time, and always one that starts after the last change
 * committed, so the final event carries `done`; a count equal to the last one published is dropped.
 * Never throws: progress must not fail a delivery.
 */
export function createBulkProgressPublisher(
  pubSub: ServicePubSub,
  newEm: () => EntityManager,
  logger: Logger,
): (runId: number) => Promise<void> {
  const counting = new Map<number, { again: boolean; finished: Promise<void> }>();
  // Mails settling together often count to the same state; subscribers need it once. Bounded, as
  // runs never say goodbye to this map otherwise.
  const lastPublished = new Map<number, string>();

  const count = async (runId: number) => {
    try {
      const payload = await bulkProgressSnapshot(newEm(), runId);
      if (!payload) return;
      const key = JSON.stringify(payload);
      if (lastPublished.get(runId) === key) return;
      lastPublished.delete(runId);
      lastPublished.set(runId, key);
      if (lastPublished.size > 1000) lastPublished.delete(lastPublished.keys().next().value!);
      publishBulkProgress(pubSub, payload);
    } catch (err) {
      logger.warn({ err, bulkRunId: runId }, "could not publish bulk email progress");
    }
  };

  const schedule = (runId: number): Promise<void> => {
    const inFlight = counting.get(runId);
    if (inFlight) {
      inFlight.again = true;
      return inFlight.finished;
    }
    const entry = { again: false, finished: Promise.resolve() };
    entry.finished = (async () => {
      do {
        entry.again = false;
        await count(runId);
      } while (entry.again);
      counting.delete(runId);
    })();
    counting.set(runId, entry);
    return entry.finished;
  };

  return async (runId) => {
    try {
      await schedule(runId);
    } catch (err) {
      logger.warn({ err, bulkRunId: runId }, "could not publish bulk email progress");
    }
  };
}
