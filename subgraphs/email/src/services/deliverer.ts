import { ACTIVITY_COLUMNS, type ActivityDbRow } from "./activity.js";
import type { Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { EmailConfig } from "../config.js";
import { EmailKind, EmailStatus } from "../entities/enums.js";
import { mailFailureReason, type DeliveryObserver } from "./mail-metrics.js";
import { describeSmtpError, isPermanentSmtpError, type Mailer, type OutgoingMail } from "./mailer.js";
import { issueUnsubscribeTokens } from "./unsubscribe.js";
import { writeThroughOutage } from "./write-through-outage.js";

interface ClaimedRow {
  id: number;
  user_id: number | null;
  recipient: string;
  subject: string | null;
  kind: EmailKind;
  attempts: number;
  idempotency_key: string;
  body_text: string | null;
  body_html: string | null;
  bulk_run_id: number | null;
}

/** What became of one job's mail: `settled` once SENT or FAILED for good; `retry` hands the job back. */
export interface DeliveryOutcome {
  logId: number;
  bulkRunId?: number | null;
  settled: boolean;
  retry?: Error;
}

/** Thrown to hand a job back to pg-boss for a later retry. */
export class RetryLater extends Error {}

function domainOf(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "homegraph.local";
}

/**
 * Delivers the mail of one log row, at least once and idempotently: a row already SENT, FAILED or
 * SUPPRESSED is skipped, so a job that runs twice (a crash after SMTP accepted it, an expired
 * lease) does not mail twice unless the crash came between SMTP's acceptance and our update.
 */
export class Deliverer {
  /** A mail SENDING for longer than this belongs to a worker that died; another may take it over. */
  readonly staleSeconds: number;
  private unwritten: { id: number; messageId: string; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private writing: Promise<void> | undefined;
  /** Told of the activity entries a person's mail sent added (the runtime publishes them). */
  onActivity?: (rows: ActivityDbRow[]) => void;

  constructor(
    private readonly config: EmailConfig,
    private readonly newEm: () => EntityManager,
    private readonly mailer: () => Mailer,
    private readonly logger: Logger,
    /** Told of each mail sent and each failed attempt (the service's metrics). */
    private readonly observer?: DeliveryObserver,
  ) {
    this.staleSeconds = config.delivery.leaseSeconds;
  }

  /** Delivers one log row's mail; throws RetryLater when it should be tried again later. */
  async deliver(logId: number): Promise<void> {
    const [outcome] = await this.deliverMany([logId]);
    if (outcome?.retry) throw outcome.retry;
  }

  /**
   * Delivers the mail of several log rows with few statements however many there are: one claim
   * and one insert of their unsubscribe tokens, then the SMTP sends side by side over the pool,
   * each marked SENT as soon as it is accepted (see markSent). Each row is still claimed (QUEUED →
   * SENDING) before it is sent and marked SENT only after the server accepted it, so the
   * guarantees of a single delivery hold for each. A failure touches only its own row.
   * `onSettled` hears of each mail SENT or FAILED for good as soon as it is.
   */
  async deliverMany(logIds: number[], onSettled?: (outcome: DeliveryOutcome) => void): Promise<DeliveryOutcome[]> {
    const em = this.newEm();
    const claimed: ClaimedRow[] = await em.execute(
      `update "email"."email_logs" set status = 'SENDING', attempts = attempts + 1, updated_at = now()
       where id in (select json_array_elements_text(?::json)::int) and (status = 'QUEUED' or (status = 'SENDING' and updated_at < now() - make_interval(secs => ?)))
       returning id, user_id, recipient, subject, kind, attempts, idempotency_key, body_text, body_html, bulk_run_id`,
      [JSON.stringify(logIds), this.staleSeconds],
    );
    const outcomes: DeliveryOutcome[] = [];
    const claimedIds = new Set(claimed.map((row) => Number(row.id)));
    const unclaimed = logIds.filter((id) => !claimedIds.has(id));
    if (unclaimed.length > 0) {
      const current = await em.execute<{ id: number; status: string }[]>(
        `select id, status from "email"."email_logs" where id in (select json_array_elements_text(?::json)::int)`,
        [JSON.stringify(unclaimed)],
      );
      const sending = new Set(current.filter((r) => r.status === EmailStatus.SENDING).map((r) => Number(r.id)));
      for (const id of unclaimed) {
        // Another worker holds it right now; look again later in case that worker dies.
        outcomes.push({
          logId: id,
          retry: sending.has(id) ? new RetryLater(`email ${id} is being sent elsewhere`) : undefined,
          settled: false,
        });
      }
    }
    if (claimed.length === 0) return outcomes;
    const tokens = await issueUnsubscribeTokens(
      em,
      claimed.map((row) => ({ userId: row.user_id, recipient: row.recipient, kind: row.kind })),
    );
    const started = Date.now();
    // Each mail is reported as it settles, not when its whole batch has: progress moves per mail.
    const settle = (outcome: DeliveryOutcome) => {
      outcomes.push(outcome);
      if (outcome.settled) onSettled?.(outcome);
    };
    await Promise.all(
      claimed.map(async (row, i) => {
        const bulkRunId = row.bulk_run_id === null ? null : Number(row.bulk_run_id);
        const log = this.logger.child({ emailId: row.id, attempt: row.attempts });
        let messageId: string;
        try {
          messageId = (await this.mailer().send(this.compose(row, tokens[i]))).messageId;
        } catch (err) {
          try {
            const final = await this.recordFailure(em, row, err, log, started);
            settle({ logId: Number(row.id), bulkRunId, settled: final });
          } catch (retry) {
            outcomes.push({ logId: Number(row.id), bulkRunId, settled: false, retry: retry as Error });
          }
          return;
        }
        // Counted once SMTP has it, before the log row says so: whoever sees SENT sees it counted.
        this.observer?.sent();
        try {
          await this.markSent(Number(row.id), messageId);
        } catch (err) {
          outcomes.push({ logId: Number(row.id), bulkRunId, settled: false, retry: err as Error });
          return;
        }
        settle({ logId: Number(row.id), bulkRunId, settled: true });
        log.info({ durationMs: Date.now() - started, messageId }, "email sent");
      }),
    );
    return outcomes;
  }

  private compose(row: ClaimedRow, token: string | undefined): OutgoingMail {
    const headers: Record<string, string> = { "X-Homegraph-Email-Id": String(row.id) };
    let text = row.body_text ?? "";
    let html = row.body_html ?? "";
    if (token !== undefined) {
      const url = `${this.config.publicUrl}/unsubscribe/${token}`;
      headers["List-Unsubscribe"] = `<${url}>`;
      headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
      text += `\n--\nUnsubscribe: ${url}\n`;
      const footer = `<p style="color:#888;font-size:12px"><a href="${url}">Unsubscribe</a></p>`;
      html = html.includes("</body>") ? html.replace("</body>", `${footer}</body>`) : html + footer;
    }
    return {
      from: this.config.smtp.from,
      to: row.recipient,
      subject: row.subject ?? "",
      text,
      html,
      // The same id on every attempt of one row, so a receiver can spot a duplicate.
      messageId: `<homegraph-${row.id}-${Buffer.from(row.idempotency_key).toString("base64url").slice(0, 40)}@${domainOf(this.config.smtp.from)}>`,
      headers,
    };
  }

  /**
   * Marks a mail SENT as soon as the server accepted it, not when the rest of its batch is done, so
   * the window in which a crash could send it twice stays one write long. Mails accepted while a
   * write is in flight share the next one: under load, one statement marks many.
   */
  private markSent(id: number, messageId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.unwritten.push({ id, messageId, resolve, reject });
      if (!this.writing) this.writing = this.writeSent().finally(() => (this.writing = undefined));
    });
  }

  private async writeSent(): Promise<void> {
    while (this.unwritten.length > 0) {
      const batch = this.unwritten.splice(0);
      try {
        await writeThroughOutage(this.logger, this.staleSeconds, () =>
          this.newEm()
            .execute(
              // One statement also adds a person's mail (not a bulk run's) to the household's activity.
              `with sent as (
                 update "email"."email_logs" l set status = 'SENT', sent_at = now(), updated_at = now(), message_id = s.message_id, last_error = null,
                   body_text = case when l.kind = 'SECURITY' then null else l.body_text end,
                   body_html = case when l.kind = 'SECURITY' then null else l.body_html end
                 from json_to_recordset(?::json) as s(id int, message_id text)
                 where l.id = s.id
                 returning l.id, l.user_id, l.subject, l.bulk_run_id)
               insert into "email"."activity_entries" ("at", "kind", "subject_user_id", "summary", "source", "dedupe_key")
               select now(), 'MAIL_SENT', user_id, left('Mail sent: ' || coalesce(subject, '(no subject)'), 500), 'email', 'mail:' || id
                 from sent where user_id is not null and bulk_run_id is null
               on conflict ("dedupe_key") do nothing
               returning ${ACTIVITY_COLUMNS}`,
              // knex would spread an array binding into a list: the rows travel as one JSON value.
              [JSON.stringify(batch.map((m) => ({ id: m.id, message_id: m.messageId })))],
            )
            .then((rows) => this.onActivity?.(rows as ActivityDbRow[])),
        );
        for (const m of batch) m.resolve();
      } catch (err) {
        for (const m of batch) m.reject(err);
      }
    }
  }

  /** Returns true when the mail FAILED for good; throws RetryLater when it goes back to the queue. */
  private async recordFailure(
    em: EntityManager,
    row: ClaimedRow,
    err: unknown,
    log: Logger,
    started: number,
  ): Promise<boolean> {
    const reason = describeSmtpError(err);
    const final = isPermanentSmtpError(err) || row.attempts >= this.config.delivery.maxAttempts;
    this.observer?.failed(mailFailureReason(err), final);
    await em.execute(
      `update "email"."email_logs" set status = ?, last_error = ?, updated_at = now(),
           body_text = case when ? and kind = 'SECURITY' then null else body_text end,
           body_html = case when ? and kind = 'SECURITY' then null else body_html end
         where id = ? and status = 'SENDING'`,
      [final ? EmailStatus.FAILED : EmailStatus.QUEUED, reason, final, final, row.id],
    );
    if (final) {
      log.warn({ reason, durationMs: Date.now() - started }, "email failed for good");
      return true;
    }
    log.info({ reason, durationMs: Date.now() - started }, "email attempt failed; will retry");
    throw new RetryLater(reason);
  }
}
