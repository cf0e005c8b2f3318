import { inSpan, SpanKind, traceCarrier, type Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";
import PgBoss from "pg-boss";

export const EMAIL_QUEUE = "email-send";

/** Longest a stop waits for pg-boss's workers to end what they fetched (as the graceful stop's own wait). */
const WORKERS_STOP_MS = 10_000;

interface PgBossWorker {
  stopping: boolean;
  stopped: boolean;
}
type PgBossManager = Record<string, unknown> & { getWorkers(): PgBossWorker[] };

/**
 * Two places where pg-boss 10 lets work run on after it should not; each is mended on its manager.
 *
 * - It calls `complete` (or `fail`) after a work handler returns without awaiting or catching it
 *   (manager.js, `work` → `onFetch`): PostgreSQL restarting between a delivery and that call
 *   becomes an unhandled rejection, which ends the process. Each call's promise gets a handler of
 *   its own, so that one is dropped; a caller that awaits still sees the error. Nothing is lost:
 *   the email_logs row is the truth (a SENT row is never sent again) and a job left active
 *   expires and runs again.
 * - Its stop asks each worker to stop (`offWork`) and leaves a loop polling every second until
 *   they have, without waiting for it. A worker whose fetch was in flight then runs what it
 *   fetched after `boss.stop` has resolved and closed the pool, and that loop outlives the
 *   service. The manager's stop now waits for the workers it stopped (at most WORKERS_STOP_MS),
 *   so a fetched job runs with its database open and nothing of the queue outlives a close.
 */
function mendPgBossManager(): void {
  const manager = createRequire(__filename)("pg-boss/src/manager.js") as {
    prototype: PgBossManager & { __homegraphMended?: boolean };
  };
  const proto = manager.prototype;
  if (proto.__homegraphMended) return;
  for (const name of ["complete", "fail"]) {
    const original = proto[name] as (...args: unknown[]) => Promise<unknown>;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args);
      result.catch(() => undefined);
      return result;
    };
  }
  const stop = proto.stop as (this: PgBossManager) => Promise<void>;
  proto.stop = async function (this: PgBossManager) {
    await stop.call(this);
    const until = Date.now() + WORKERS_STOP_MS;
    while (this.getWorkers().some((w) => w.stopping && !w.stopped) && Date.now() < until) await sleep(20);
  };
  proto.__homegraphMended = true;
}
mendPgBossManager();

export interface EmailJob {
  logId: number;
  /** W3C trace context of the request that queued the mail: its delivery continues that trace. */
  traceparent?: string;
  tracestate?: string;
}

export interface QueueOptions {
  databaseUrl: string;
  /** Longest a connection to PostgreSQL may take to open (DB_CONNECT_TIMEOUT_MS). Default 5000. */
  connectTimeoutMs?: number;
  logger: Logger;
  maxAttempts: number;
  retryBaseSeconds: number;
  /** Longest one delivery may take before another worker may take the mail over. */
  expireSeconds: number;
  pollMs: number;
  /** Runs pg-boss's cron monitor in this process (the digest schedules). */
  schedule?: boolean;
}

/**
 * pg-boss's SQL uses `$1` placeholders; knex (under MikroORM) wants `?`. Rewriting them lets a job
 * ride on the caller's transaction (`em.transactional`), so the log row and its job commit or
 * vanish together.
 */
export function transactionalDb(em: EntityManager): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const bindings: unknown[] = [];
      const sql = text
        .replace(/\?/g, "\\?")
        .replace(/\$(\d+)/g, (_m, n: string) => (bindings.push(values[Number(n) - 1] ?? null), "?"));
      const query = em.getKnex().raw(sql, bindings as never[]);
      const trx = em.getTransactionContext();
      if (trx) query.transacting(trx as never);
      const result = (await query) as { rows?: unknown[] };
      return { rows: result.rows ?? [] };
    },
  };
}

export class EmailQueue {
  private workerIds: string[] = [];

  private constructor(
    readonly boss: PgBoss,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  static async start(options: QueueOptions): Promise<EmailQueue> {
    // pg-boss hands its options to pg's Pool, whose connect has no timeout unless given one.
    const poolTimeouts = { connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000 } as PgBoss.ConstructorOptions;
    const boss = new PgBoss({
      ...poolTimeouts,
      connectionString: options.databaseUrl,
      schema: "pgboss",
      // Two more for the digest schedules' monitor and workers, so they never wait on delivery's.
      max: options.schedule ? 6 : 4,
      application_name: "homegraph-email-queue",
      // Cron (the digest) comes with its own issue; nothing here schedules yet.
      schedule: options.schedule ?? false,
      supervise: true,
      // Expiry runs in maintenance: a short lease wants it as often, so an abandoned mail is not
      // left waiting up to half a minute past its lease.
      maintenanceIntervalSeconds: Math.max(1, Math.min(30, options.expireSeconds)),
    });
    boss.on("error", (err) => options.logger.error({ err }, "email queue error"));
    try {
      await boss.start();
      const queue = {
        name: EMAIL_QUEUE,
        // Our own attempt count decides when a mail FAILS; pg-boss's limit only has to be higher so
        // it never gives up first (a crash mid-send costs a retry that is not an SMTP attempt).
        retryLimit: options.maxAttempts + 5,
        retryDelay: options.retryBaseSeconds,
        retryBackoff: true,
        expireInSeconds: options.expireSeconds,
      };
      // Both calls are idempotent; updateQueue keeps a changed EMAIL_MAX_ATTEMPTS or delay effective.
      await boss.createQueue(EMAIL_QUEUE, queue);
      await boss.updateQueue(EMAIL_QUEUE, queue);
    } catch (err) {
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      throw err;
    }
    return new EmailQueue(boss, options.logger, options.pollMs);
  }

  /** Adds one job per log row inside the caller's transaction. */
  async enqueue(em: EntityManager, logIds: number[]): Promise<void> {
    if (logIds.length === 0) return;
    const trace = traceCarrier();
    const jobs = logIds.map((logId) => ({ name: EMAIL_QUEUE, data: { logId, ...trace } satisfies EmailJob }));
    await this.boss.insert(jobs, { db: transactionalDb(em) });
  }

  /** Wakes this process's workers now rather than at their next poll. */
  notify(): void {
    for (const id of this.workerIds) this.boss.notifyWorker(id);
  }

  /**
   * Hands jobs to `deliver` in batches: `workers` pollers each fetch up to `batchSize` jobs at a
   * time, and the jobs of one batch that share a trace (a bulk send's) are delivered together, so
   * their claims and log writes are one statement each rather than one per mail. A job whose
   * outcome asks for a retry, or whose batch throws, goes back to pg-boss, which retries it with
   * exponential backoff and jitter; the others complete. Several workers rather than one big batch:
   * a batch completes only when its slowest mail does, and the next fetch waits for that.
   */
  async work(
    workers: number,
    batchSize: number,
    deliver: (jobs: EmailJob[]) => Promise<{ logId: number; retry?: Error }[]>,
  ): Promise<void> {
    for (let i = 0; i < workers; i++) {
      let workerId = "";
      workerId = await this.boss.work<EmailJob>(
        EMAIL_QUEUE,
        { batchSize, pollingIntervalSeconds: this.pollMs / 1000 },
        async (jobs) => {
          const groups = new Map<string, PgBoss.Job<EmailJob>[]>();
          for (const job of jobs) {
            const key = job.data.traceparent ?? "";
            groups.set(key, [...(groups.get(key) ?? []), job]);
          }
          await Promise.all([...groups.values()].map((group) => this.deliverGroup(group, deliver)));
          // A full batch means more may be waiting: skip the polling pause.
          if (jobs.length === batchSize) this.boss.notifyWorker(workerId);
        },
      );
      this.workerIds.push(workerId);
    }
  }

  private async deliverGroup(
    group: PgBoss.Job<EmailJob>[],
    deliver: (jobs: EmailJob[]) => Promise<{ logId: number; retry?: Error }[]>,
  ): Promise<void> {
    const first = group[0]!.data;
    const attributes =
      group.length === 1 ? { "email.log_id": first.logId } : { "email.log_ids": group.map((j) => j.data.logId) };
    let retries: { jobId: string; err: Error }[];
    try {
      const outcomes = await inSpan(
        "email deliver",
        { kind: SpanKind.CONSUMER, parent: { ...first }, attributes },
        () => deliver(group.map((job) => job.data)),
      );
      const retry = new Map(outcomes.filter((o) => o.retry).map((o) => [o.logId, o.retry!]));
      retries = group
        .filter((job) => retry.has(job.data.logId))
        .map((job) => ({ jobId: job.id, err: retry.get(job.data.logId)! }));
    } catch (err) {
      retries = group.map((job) => ({ jobId: job.id, err: err as Error }));
    }
    await Promise.all(
      retries.map(({ jobId, err }) =>
        this.boss
          .fail(EMAIL_QUEUE, jobId, { message: err.message })
          .catch((e: unknown) => this.logger.error({ err: e, jobId }, "could not hand a job back")),
      ),
    );
  }

  /**
   * Runs `handler` on `cron` (UTC): pg-boss keeps the schedule in PostgreSQL and makes one job per
   * tick however many replicas schedule it, so exactly one replica runs each tick; a failed run is
   * retried a few times.
   */
  async cron(name: string, cron: string, handler: () => Promise<void>): Promise<void> {
    const queue = { name, retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 15 * 60 };
    await this.boss.createQueue(name, queue);
    await this.boss.schedule(name, cron, {}, { tz: "UTC" });
    // Cron ticks once a minute at best: a slow poll costs nothing and keeps the pool for delivery.
    await this.boss.work(name, { pollingIntervalSeconds: 30 }, async () => handler());
  }

  /** Lets running deliveries finish, then closes the pool. */
  async stop(): Promise<void> {
    this.workerIds = [];
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
