import { isDatabaseUnreachable, type Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { EmailConfig } from "../config.js";
import { EmailKind, EmailStatus } from "../entities/enums.js";
import { mailFailureReason, type DeliveryObserver } from "./mail-metrics.js";
import { describeSmtpError, isPermanentSmtpError, type Mailer } from "./mailer.js";
import { issueUnsubscribeToken } from "./unsubscribe.js";

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

  async deliver(logId: number): Promise<void> {
    const em = this.newEm();
    const claimed: ClaimedRow[] = await em.execute(
      `update "email"."email_logs" set status = 'SENDING', attempts = attempts + 1, updated_at = now()
       where id = ? and (status = 'QUEUED' or (status = 'SENDING' and updated_at < now() - make_interval(secs => ?)))
       returning id, user_id, recipient, subject, kind, attempts, idempotency_key, body_text, body_html`,
      [logId, this.staleSeconds],
    );
    const row = claimed[0];
    if (!row) {
      const [current] = await em.execute<{ status: string }[]>(`select status from "email"."email_logs" where id = ?`, [
        logId,
      ]);
      // Another worker holds it right now; look again later in case that worker dies.
      if (current?.status === EmailStatus.SENDING) throw new RetryLater(`email ${logId} is being sent elsewhere`);
      return;
    }
    const log = this.logger.child({ emailId: row.id, attempt: row.attempts });
    const started = Date.now();
    let info: { messageId: string };
    try {
      const headers: Record<string, string> = { "X-Homegraph-Email-Id": String(row.id) };
      let text = row.body_text ?? "";
      let html = row.body_html ?? "";
      if (row.kind !== EmailKind.SECURITY) {
        const token = await issueUnsubscribeToken(em, {
          userId: row.user_id,
          recipient: row.recipient,
          kind: row.kind,
        });
        const url = `${this.config.publicUrl}/unsubscribe/${token}`;
        headers["List-Unsubscribe"] = `<${url}>`;
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
        text += `\n--\nUnsubscribe: ${url}\n`;
        const footer = `<p style="color:#888;font-size:12px"><a href="${url}">Unsubscribe</a></p>`;
        html = html.includes("</body>") ? html.replace("</body>", `${footer}</body>`) : html + footer;
      }
      info = await this.mailer().send({
        from: this.config.smtp.from,
        to: row.recipient,
        subject: row.subject ?? "",
        text,
        html,
        // The same id on every attempt of one row, so a receiver can spot a duplicate.
        messageId: `<homegraph-${row.id}-${Buffer.from(row.idempotency_key).toString("base64url").slice(0, 40)}@${domainOf(this.config.smtp.from)}>`,
        headers,
      });
    } catch (err) {
      await this.recordFailure(em, row, err, log, started);
      return;
    }
    // Counted once SMTP has it, before the log row says so: whoever sees SENT sees it counted.
    this.observer?.sent();
    await this.recordSent(log, () =>
      em.execute(
        `update "email"."email_logs" set status = 'SENT', sent_at = now(), updated_at = now(), message_id = ?, last_error = null,
           body_text = case when kind = 'SECURITY' then null else body_text end,
           body_html = case when kind = 'SECURITY' then null else body_html end
         where id = ?`,
        [info.messageId, row.id],
      ),
    );
    log.info({ durationMs: Date.now() - started, messageId: info.messageId }, "email sent");
  }

  /**
   * The SMTP server has the mail: that must reach the log. Giving up while PostgreSQL is away (a
   * restart) would leave the row SENDING, and once its lease ran out the mail would go out again;
   * so keep trying, about once a second, while the database cannot be reached. Once it is back the
   * next try lands long before another worker could take the mail over.
   */
  private async recordSent(log: Logger, write: () => Promise<unknown>): Promise<void> {
    const deadline = Date.now() + Math.max(this.staleSeconds * 1000, 60_000);
    for (let wait = 200; ; wait = Math.min(wait * 2, 1_000)) {
      try {
        await write();
        return;
      } catch (err) {
        if (!isDatabaseUnreachable(err) || Date.now() + wait > deadline) throw err;
        log.warn({ err: (err as Error).message, retryInMs: wait }, "sent, but the database is unreachable: retrying");
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private async recordFailure(em: EntityManager, row: ClaimedRow, err: unknown, log: Logger, started: number) {
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
      return;
    }
    log.info({ reason, durationMs: Date.now() - started }, "email attempt failed; will retry");
    throw new RetryLater(reason);
  }
}
