import {
  AppError,
  ErrorCode,
  inSpan,
  SpanKind,
  WakeableLoop,
  type Logger,
  type Orm,
  type ServiceClient,
} from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { Client } from "pg";
import { ACTIVITY_TEMPLATE, NOTIFICATION_TEMPLATE, OUTBOX_CHANNEL, type Outbox } from "./outbox.service.js";

export interface OutboxWorkerOptions {
  orm: Orm;
  outbox: Outbox;
  /** The resilient client for the email service (circuit breaker, retries, request log). */
  email: ServiceClient;
  databaseUrl: string;
  logger: Logger;
  /** Idle poll: what finds rows whose backoff is over, and the fallback when LISTEN is down. */
  pollMs: number;
  batchSize?: number;
  /** Longest wait between two attempts of one row. */
  maxBackoffMs?: number;
}

interface DueRow {
  id: number;
  idempotency_key: string;
  template: string;
  to_address: string;
  user_id: number | null;
  variables: Record<string, unknown>;
  secret_variables_enc: string | null;
  attempts: number;
  traceparent: string | null;
  tracestate: string | null;
}

/**
 * Answers that will not change however often the mail is retried: the email service refused the
 * input or does not know the template. Everything else (down, overloaded, our token not yet
 * trusted there) is worth waiting out.
 */
const PERMANENT = new Set<string>([ErrorCode.BAD_USER_INPUT, ErrorCode.NOT_FOUND]);

/**
 * Hands the auth outbox to the email service: at least once, each row under its own idempotency
 * key so the email service sends it exactly once however often it is retried. Rows are claimed
 * with FOR UPDATE SKIP LOCKED, so replicas share the work without sending a row twice at once;
 * the worker wakes on NOTIFY (the enqueuing transaction's commit) and polls as a fallback.
 * While the email service is down rows stay PENDING with a growing `next_attempt_at`.
 */
export class OutboxWorker {
  private readonly loop = new WakeableLoop(
    () => this.passThenPoll(),
    (err) => this.options.logger.warn({ err }, "outbox pass failed; trying again shortly"),
  );
  private listener?: Client;

  constructor(private readonly options: OutboxWorkerOptions) {}

  private get stopped(): boolean {
    return this.loop.isStopped;
  }

  async start(): Promise<void> {
    await this.listen();
    this.loop.schedule(0);
  }

  async stop(): Promise<void> {
    const stopping = this.loop.stop();
    await this.listener?.end().catch(() => undefined);
    await stopping;
  }

  /** Runs a pass now (or right after the one in progress). */
  wake(): void {
    this.loop.wake();
  }

  /** Hands off every due row; resolves with how many were handed off (tests, and the loop). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const { claimed, handedOff } = await this.pass();
      total += handedOff;
      if (claimed < (this.options.batchSize ?? 20) || this.stopped) return total;
    }
  }

  /** One pass, then the idle poll (what finds rows whose backoff is over). */
  private async passThenPoll(): Promise<number> {
    try {
      await this.drain();
    } catch (err) {
      this.options.logger.warn({ err }, "outbox pass failed; trying again shortly");
    }
    if (!this.listener && !this.stopped) await this.listen();
    return this.options.pollMs;
  }

  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: "homegraph-auth-outbox",
    });
    const lost = () => {
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
    };
    client.on("error", lost);
    client.on("end", lost);
    client.on("notification", (msg) => msg.channel === OUTBOX_CHANNEL && this.wake());
    try {
      await client.connect();
      await client.query(`listen ${OUTBOX_CHANNEL}`);
      this.listener = client;
    } catch (err) {
      // The poll still finds every row; the next pass tries LISTEN again.
      this.options.logger.warn({ err: (err as Error).message }, "outbox listener could not connect; polling");
      lost();
    }
  }

  private async pass(): Promise<{ claimed: number; handedOff: number }> {
    const { orm, batchSize = 20 } = this.options;
    const em = orm.em.fork() as EntityManager;
    return em.transactional(async (tx) => {
      const rows = (await tx.execute(
        `select id, idempotency_key, template, to_address, user_id, variables, secret_variables_enc, attempts,
                traceparent, tracestate
           from auth.outbox_emails
          where status = 'PENDING' and next_attempt_at <= now()
          order by id
          limit ?
            for update skip locked`,
        [batchSize],
      )) as DueRow[];
      let handedOff = 0;
      for (const row of rows) {
        if (this.stopped) break;
        if (await this.handOffTraced(tx, row)) handedOff++;
      }
      return { claimed: rows.length, handedOff };
    });
  }

  /**
   * A row queued inside a traced request is handed off in that trace (its queries, the call to
   * the email service, whose queue and SMTP send follow), however much later and on whichever
   * replica. A row without one (tracing off when queued) starts no trace, like any background work.
   */
  private handOffTraced(tx: EntityManager, row: DueRow): Promise<boolean> {
    if (!row.traceparent) return this.handOff(tx, row);
    const parent = { traceparent: row.traceparent, ...(row.tracestate ? { tracestate: row.tracestate } : {}) };
    const attributes = { "messaging.system": "postgresql", "messaging.destination.name": "auth.outbox_emails" };
    return inSpan("outbox hand-off", { kind: SpanKind.CONSUMER, parent, attributes }, async (span) => {
      span.setAttribute("homegraph.outbox.id", row.id);
      span.setAttribute("homegraph.outbox.template", row.template);
      span.setAttribute("homegraph.outbox.attempt", row.attempts + 1);
      return this.handOff(tx, row);
    });
  }

  private async handOff(tx: EntityManager, row: DueRow): Promise<boolean> {
    const { logger } = this.options;
    const attempts = row.attempts + 1;
    let variables: Record<string, unknown>;
    try {
      // Opened only here, in memory, for this one call; the sealed copy is dropped once handed off.
      variables = this.options.outbox.variablesOf({
        variables: row.variables,
        secretVariablesEnc: row.secret_variables_enc,
      });
    } catch (err) {
      await this.fail(tx, row, attempts, `The sealed link cannot be opened (AUTH_SECRET changed?): ${String(err)}`);
      return false;
    }
    try {
      if (row.template === ACTIVITY_TEMPLATE) {
        await this.options.email.post("/activity", [variables], { idempotencyKey: row.idempotency_key });
      } else if (row.template === NOTIFICATION_TEMPLATE) {
        await this.options.email.post("/notifications", variables, { idempotencyKey: row.idempotency_key });
      } else {
        await this.options.email.post(
          "/send",
          { to: row.to_address, userId: row.user_id ?? undefined, templateKey: row.template, variables },
          { idempotencyKey: row.idempotency_key },
        );
      }
    } catch (err) {
      const code = err instanceof AppError ? err.code : ErrorCode.INTERNAL;
      const message = (err as Error).message;
      if (PERMANENT.has(code)) {
        await this.fail(tx, row, attempts, `${code}: ${message}`);
        return false;
      }
      const delayMs = Math.min(this.options.maxBackoffMs ?? 60_000, 1000 * 2 ** Math.min(attempts - 1, 16));
      await tx.execute(
        `update auth.outbox_emails
            set attempts = ?, last_error = ?, next_attempt_at = now() + make_interval(secs => ?)
          where id = ?`,
        [attempts, `${code}: ${message}`.slice(0, 1000), delayMs / 1000, row.id],
      );
      logger.warn(
        { outboxId: row.id, attempts, retryInMs: delayMs, code },
        "email service did not take an outbox email",
      );
      return false;
    }
    await tx.execute(
      `update auth.outbox_emails
          set status = 'HANDED_OFF', attempts = ?, handed_off_at = now(), last_error = null, secret_variables_enc = null
        where id = ?`,
      [attempts, row.id],
    );
    logger.info({ outboxId: row.id, template: row.template, attempts }, "outbox email handed to the email service");
    return true;
  }

  private async fail(tx: EntityManager, row: DueRow, attempts: number, reason: string): Promise<void> {
    await tx.execute(
      `update auth.outbox_emails set status = 'FAILED', attempts = ?, last_error = ?, secret_variables_enc = null where id = ?`,
      [attempts, reason.slice(0, 1000), row.id],
    );
    this.options.logger.error({ outboxId: row.id, template: row.template, reason }, "outbox email cannot be sent");
  }
}
