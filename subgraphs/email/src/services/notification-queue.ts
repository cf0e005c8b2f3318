import { inSpan, SpanKind, traceCarrier, type Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type PgBoss from "pg-boss";
import { transactionalDb } from "./queue.js";

export const NOTIFICATION_QUEUE = "notification-deliver";

export interface NotificationJob {
  deliveryId: number;
  traceparent?: string;
  tracestate?: string;
}

/** What became of a delivery's job: done, or to be tried again after `retryInSeconds`. */
export interface JobOutcome {
  deliveryId: number;
  retryInSeconds?: number;
}

export interface NotificationQueueOptions {
  logger: Logger;
  /** Longest one delivery may take before another worker may take it over (pg-boss expiry too). */
  leaseSeconds: number;
  retryBaseSeconds: number;
  maxAttempts: number;
  pollMs: number;
}

/**
 * Push and mail hand-offs of notifications, on the email service's pg-boss (the same PostgreSQL):
 * one job per delivery row, written in the transaction that wrote the notification. A retry is a
 * new job due after a delay the deliverer chose (doubling, capped), not pg-boss's own backoff,
 * which doubles without a ceiling; pg-boss's retry only covers a batch that threw.
 */
export class NotificationQueue {
  private workerIds: string[] = [];

  constructor(
    private readonly boss: PgBoss,
    private readonly options: NotificationQueueOptions,
  ) {}

  async init(): Promise<void> {
    const queue = {
      name: NOTIFICATION_QUEUE,
      retryLimit: this.options.maxAttempts + 5,
      retryDelay: this.options.retryBaseSeconds,
      retryBackoff: true,
      expireInSeconds: this.options.leaseSeconds,
    };
    await this.boss.createQueue(NOTIFICATION_QUEUE, queue);
    await this.boss.updateQueue(NOTIFICATION_QUEUE, queue);
  }

  /** One job per delivery row, inside the caller's transaction. */
  async enqueue(em: EntityManager, deliveryIds: number[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    const trace = traceCarrier();
    const jobs = deliveryIds.map((deliveryId) => ({
      name: NOTIFICATION_QUEUE,
      data: { deliveryId, ...trace } satisfies NotificationJob,
    }));
    await this.boss.insert(jobs, { db: transactionalDb(em) });
  }

  notify(): void {
    for (const id of this.workerIds) this.boss.notifyWorker(id);
  }

  /** `workers` pollers, each fetching up to `batchSize` jobs and delivering them together. */
  async work(workers: number, batchSize: number, deliver: (jobs: NotificationJob[]) => Promise<JobOutcome[]>) {
    for (let i = 0; i < workers; i++) {
      let workerId = "";
      workerId = await this.boss.work<NotificationJob>(
        NOTIFICATION_QUEUE,
        { batchSize, pollingIntervalSeconds: this.options.pollMs / 1000 },
        async (jobs) => {
          const first = jobs[0]!.data;
          const outcomes = await inSpan(
            "notification deliver",
            { kind: SpanKind.CONSUMER, parent: { ...first }, attributes: { "notification.jobs": jobs.length } },
            () => deliver(jobs.map((j) => j.data)),
          );
          const later = outcomes.filter((o) => o.retryInSeconds !== undefined);
          // Written before this batch completes: a crash in between leaves the old job active, which
          // expires and runs again; the delivery's claim keeps the two from sending twice.
          await Promise.all(
            later.map((o) =>
              this.boss.send(NOTIFICATION_QUEUE, { deliveryId: o.deliveryId } satisfies NotificationJob, {
                startAfter: Math.max(1, Math.round(o.retryInSeconds!)),
              }),
            ),
          );
          if (jobs.length === batchSize) this.boss.notifyWorker(workerId);
        },
      );
      this.workerIds.push(workerId);
    }
  }

  stop(): void {
    this.workerIds = [];
  }
}
