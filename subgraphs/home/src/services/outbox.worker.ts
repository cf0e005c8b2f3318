// Hands the outbox to the email service: notifications one by one (POST /notifications, the row's
// dedupe key as the idempotency key too), activity in batches (POST /activity). Rows are claimed
// with FOR UPDATE SKIP LOCKED, so replicas share the work and never send one row at once twice; a
// refusal that will not change (BAD_USER_INPUT) fails the row, anything else (the email service
// down, overloaded, our token not yet trusted) waits 1 s doubling up to the configured cap.
import { AppError, ErrorCode, WakeableLoop, type Logger, type Orm, type ServiceClient } from "@homegraph/common";
import { createHash } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { NotificationAudiences } from "./notification-audience.js";
import type { ActivityMessage, NotificationMessage } from "./outbox.js";

const BATCH = 50;
/** The longest the worker sleeps with nothing due: a row another replica wrote is found by then. */
const IDLE_MS = 5_000;
/** Sent rows are kept this long (what was said, for an admin reading the database), then purged. */
const KEEP_SENT_MS = 7 * 86_400_000;
const PERMANENT = new Set<string>([ErrorCode.BAD_USER_INPUT, ErrorCode.NOT_FOUND]);

const marks = (ids: readonly string[]) => ids.map(() => "?").join(", ");

interface Row {
  id: string;
  kind: "notification" | "activity";
  dedupe_key: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export interface OutboxWorkerOptions {
  orm: Orm;
  email: ServiceClient;
  audiences: NotificationAudiences;
  logger: Logger;
  maxBackoffMs: number;
}

export class OutboxWorker {
  private readonly loop = new WakeableLoop(
    () => this.pass(),
    (err) => this.options.logger.warn({ err }, "outbox pass failed; trying again shortly"),
  );
  private lastPurge = 0;

  constructor(private readonly options: OutboxWorkerOptions) {}

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  wake(): void {
    this.loop.wake();
  }

  /** Waits for the pass under way and those it woke (tests). */
  settled(): Promise<void> {
    return this.loop.settled();
  }

  private em(): EntityManager {
    return this.options.orm.em.fork() as EntityManager;
  }

  private async pass(): Promise<number | undefined> {
    try {
      for (;;) {
        const claimed = await this.batch();
        if (claimed < BATCH || this.loop.isStopped) break;
      }
      if (Date.now() - this.lastPurge > 3_600_000) {
        this.lastPurge = Date.now();
        await this.em().execute(
          `delete from "home"."outbox" where "status" <> 'PENDING' and "created_at" < now() - make_interval(secs => ?)`,
          [KEEP_SENT_MS / 1000],
        );
      }
    } catch (err) {
      this.options.logger.warn({ err }, "outbox pass failed; trying again shortly");
    }
    return this.loop.isStopped ? undefined : this.untilNext();
  }

  private async untilNext(): Promise<number> {
    const [row] = await this.em().execute<{ at: Date | null }[]>(
      `select min("next_attempt_at") as at from "home"."outbox" where "status" = 'PENDING'`,
    );
    const at = row?.at ? new Date(row.at).getTime() : Infinity;
    return Math.max(20, Math.min(IDLE_MS, at - Date.now() + 10));
  }

  private async batch(): Promise<number> {
    return this.em().transactional(async (tx) => {
      const rows = (await tx.execute(
        `select "id", "kind", "dedupe_key", "payload", "attempts" from "home"."outbox"
          where "status" = 'PENDING' and "next_attempt_at" <= now()
          order by "id" limit ? for update skip locked`,
        [BATCH],
      )) as Row[];
      const activity = rows.filter((r) => r.kind === "activity");
      for (const row of rows) {
        if (this.loop.isStopped) break;
        if (row.kind === "notification") await this.settle(tx, [row], () => this.sendNotification(tx, row));
      }
      if (activity.length && !this.loop.isStopped) await this.settle(tx, activity, () => this.sendActivity(activity));
      return rows.length;
    });
  }

  private async sendNotification(tx: EntityManager, row: Row): Promise<void> {
    const message = row.payload as unknown as NotificationMessage;
    const audience = await this.options.audiences.resolve(tx, message.audience);
    await this.options.email.post(
      "/notifications",
      {
        audience,
        kind: message.kind,
        severity: message.severity,
        title: message.title,
        body: message.body,
        ...(message.url ? { url: message.url } : {}),
        dedupeKey: message.dedupeKey,
        ...(message.channels ? { channels: message.channels } : {}),
      },
      { idempotencyKey: `home:${message.dedupeKey}` },
    );
  }

  private async sendActivity(rows: Row[]): Promise<void> {
    const entries = rows.map((r) => ({ ...(r.payload as unknown as ActivityMessage), source: "home" }));
    // The batch's own key: a retry of these very rows may be answered from the email service's memory.
    const key = createHash("sha256")
      .update(rows.map((r) => r.dedupe_key).join("\n"))
      .digest("base64url");
    await this.options.email.post("/activity", entries, { idempotencyKey: `home:activity:${key}` });
  }

  /** Runs one hand-off and records what became of its rows. */
  private async settle(tx: EntityManager, rows: Row[], send: () => Promise<void>): Promise<void> {
    const ids = rows.map((r) => r.id);
    const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
    try {
      await send();
    } catch (err) {
      const code = err instanceof AppError ? err.code : ErrorCode.INTERNAL;
      const error = `${code}: ${(err as Error).message}`.slice(0, 1000);
      if (PERMANENT.has(code)) {
        await tx.execute(
          `update "home"."outbox" set "status" = 'FAILED', "attempts" = ?, "last_error" = ? where "id" in (${marks(ids)})`,
          [attempts, error, ...ids],
        );
        this.options.logger.error(
          { outboxIds: ids, kind: rows[0]!.kind, error },
          "the email service refused an outbox message",
        );
        return;
      }
      const delayMs = Math.min(this.options.maxBackoffMs, 1000 * 2 ** Math.min(attempts - 1, 16));
      await tx.execute(
        `update "home"."outbox" set "attempts" = ?, "last_error" = ?, "next_attempt_at" = now() + make_interval(secs => ?)
          where "id" in (${marks(ids)})`,
        [attempts, error, delayMs / 1000, ...ids],
      );
      this.options.logger.warn(
        { outboxIds: ids, kind: rows[0]!.kind, attempts, retryInMs: delayMs, code },
        "the email service did not take an outbox message; will retry",
      );
      return;
    }
    await tx.execute(
      `update "home"."outbox" set "status" = 'SENT', "attempts" = ?, "sent_at" = now(), "last_error" = null where "id" in (${marks(ids)})`,
      [attempts, ...ids],
    );
    this.options.logger.info({ outboxIds: ids, kind: rows[0]!.kind, attempts }, "outbox message handed to email");
  }
}
