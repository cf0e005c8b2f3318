import { AppError, type Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { EmailConfig } from "../config.js";
import { NotificationChannel, NotificationKind, type NotificationSeverity } from "../entities/notification-enums.js";
import type { MailService } from "./mail-service.js";
import type { JobOutcome } from "./notification-queue.js";
import type { PushSender } from "./push-sender.js";
import type { PushSubscriptions } from "./push-subscriptions.js";
import { writeThroughOutage } from "./write-through-outage.js";

interface Claimed {
  id: number;
  notification_id: number;
  channel: NotificationChannel;
  recipient: string | null;
  attempts: number;
  user_id: number;
  kind: NotificationKind;
  severity: NotificationSeverity;
  title: string;
  body: string;
  url: string | null;
}

/** How one delivery ended this time: SENT, FAILED for good, or back to QUEUED for a retry. */
interface Result {
  id: number;
  status: "SENT" | "FAILED" | "QUEUED";
  error: string | null;
}

const ids = (list: number[]) => JSON.stringify(list);

/**
 * Delivers notifications' push and mail. Each delivery row is claimed (QUEUED → SENDING, counting
 * the attempt) before anything goes out, so a duplicate job finds nothing to do; a SENDING row
 * whose lease ran out (its worker died) may be claimed again. Push keeps a receipt per browser,
 * so a retry after one browser failed does not push again to the others; mail goes through the
 * mail pipeline with the idempotency key `notification:<id>`, which sends it once however often
 * it is handed over.
 */
export class NotificationDeliverer {
  constructor(
    private readonly config: EmailConfig,
    private readonly newEm: () => EntityManager,
    private readonly mail: MailService,
    private readonly push: { sender: PushSender; subscriptions: PushSubscriptions },
    private readonly logger: Logger,
    readonly leaseSeconds: number,
  ) {}

  async deliverMany(deliveryIds: number[]): Promise<JobOutcome[]> {
    const em = this.newEm();
    const claimed = await em.execute<Claimed[]>(
      `with c as (
         update "email"."notification_deliveries" set status = 'SENDING', attempts = attempts + 1, updated_at = now()
          where id in (select json_array_elements_text(?::json)::int)
            and (status = 'QUEUED' or (status = 'SENDING' and updated_at < now() - make_interval(secs => ?)))
          returning id, notification_id, channel, recipient, attempts)
       select c.*, n.user_id, n.kind, n.severity, n.title, n.body, n.url
         from c join "email"."notifications" n on n.id = c.notification_id`,
      [ids(deliveryIds), this.leaseSeconds],
    );
    const outcomes: JobOutcome[] = [];
    const claimedIds = new Set(claimed.map((c) => Number(c.id)));
    const unclaimed = deliveryIds.filter((id) => !claimedIds.has(id));
    if (unclaimed.length > 0) {
      // Held by another worker right now: look again once its lease could have run out.
      const busy = await em.execute<{ id: number }[]>(
        `select id from "email"."notification_deliveries" where status = 'SENDING' and id in (select json_array_elements_text(?::json)::int)`,
        [ids(unclaimed)],
      );
      for (const row of busy) outcomes.push({ deliveryId: Number(row.id), retryInSeconds: this.leaseSeconds });
    }
    if (claimed.length === 0) return outcomes;
    const pushes = claimed.filter((c) => c.channel === NotificationChannel.PUSH);
    const mails = claimed.filter((c) => c.channel === NotificationChannel.EMAIL);
    const results = [
      ...(await this.deliverPushes(pushes)),
      ...(await Promise.all(mails.map((m) => this.handToMail(m)))),
    ];
    await writeThroughOutage(this.logger, this.leaseSeconds, () =>
      this.newEm().execute(
        `update "email"."notification_deliveries" d set status = r.status, last_error = r.error, updated_at = now()
           from json_to_recordset(?::json) as r(id int, status text, error text)
          where d.id = r.id and d.status = 'SENDING'`,
        [JSON.stringify(results)],
      ),
    );
    const attempts = new Map(claimed.map((c) => [Number(c.id), c.attempts]));
    for (const r of results) {
      outcomes.push(
        r.status === "QUEUED"
          ? { deliveryId: r.id, retryInSeconds: this.backoff(attempts.get(r.id)!) }
          : { deliveryId: r.id },
      );
    }
    return outcomes;
  }

  /** Doubling from the base, never past the ceiling, with jitter so a recovered service is not hit all at once. */
  private backoff(attempts: number): number {
    const { retryBaseSeconds, retryMaxSeconds } = this.config.notifications;
    const delay = Math.min(retryMaxSeconds, retryBaseSeconds * 2 ** Math.max(0, attempts - 1));
    return delay * (0.75 + Math.random() * 0.25);
  }

  private retryOrFail(row: Claimed, error: string): Result {
    const final = row.attempts >= this.config.notifications.maxAttempts;
    return { id: Number(row.id), status: final ? "FAILED" : "QUEUED", error };
  }

  private async deliverPushes(rows: Claimed[]): Promise<Result[]> {
    if (rows.length === 0) return [];
    const targets = await this.newEm().execute<{ delivery_id: number; id: number; sealed: string; origin: string }[]>(
      `select d.delivery_id, s.id, s.sealed, s.origin
         from json_to_recordset(?::json) as d(delivery_id int, notification_id int, user_id int)
         join "email"."push_subscriptions" s on s.user_id = d.user_id
        where not exists (select 1 from "email"."push_receipts" r where r.notification_id = d.notification_id and r.subscription_id = s.id)`,
      [
        JSON.stringify(
          rows.map((r) => ({ delivery_id: r.id, notification_id: r.notification_id, user_id: r.user_id })),
        ),
      ],
    );
    const byDelivery = new Map(rows.map((r) => [Number(r.id), r]));
    const sent: { notification_id: number; subscription_id: number }[] = [];
    const gone: number[] = [];
    const failures = new Map<number, { permanent: boolean; reason: string }[]>();
    await Promise.all(
      targets.map(async (t) => {
        const row = byDelivery.get(Number(t.delivery_id))!;
        const payload = JSON.stringify({
          id: String(row.notification_id),
          kind: row.kind,
          severity: row.severity,
          title: row.title,
          body: row.body,
          url: row.url,
        });
        let result;
        try {
          result = await this.push.sender.send(this.push.subscriptions.open(t.sealed), payload, row.severity);
        } catch (err) {
          result = {
            ok: false as const,
            gone: false,
            permanent: true,
            reason: `unreadable subscription: ${(err as Error).message}`,
          };
        }
        if (result.ok) {
          sent.push({ notification_id: row.notification_id, subscription_id: Number(t.id) });
          return;
        }
        // Only the endpoint's origin is logged: the rest of the URL is the capability.
        this.logger.info(
          { notificationId: row.notification_id, origin: t.origin, reason: result.reason },
          "push not delivered",
        );
        if (result.gone) gone.push(Number(t.id));
        else
          failures.set(row.id, [
            ...(failures.get(row.id) ?? []),
            { permanent: result.permanent, reason: result.reason },
          ]);
      }),
    );
    await writeThroughOutage(this.logger, this.leaseSeconds, () =>
      this.newEm().execute(
        `with receipts as (
           insert into "email"."push_receipts" (notification_id, subscription_id)
           select r.notification_id, r.subscription_id from json_to_recordset(?::json) as r(notification_id int, subscription_id int)
           on conflict do nothing returning subscription_id),
         touched as (update "email"."push_subscriptions" set last_success_at = now(), last_error = null
           where id in (select subscription_id from receipts) returning 1),
         pruned as (delete from "email"."push_subscriptions" where id in (select json_array_elements_text(?::json)::int) returning 1)
         select (select count(*) from touched) + (select count(*) from pruned) as n`,
        [JSON.stringify(sent), ids(gone)],
      ),
    );
    return rows.map((row) => {
      const failed = failures.get(Number(row.id)) ?? [];
      if (failed.length === 0) return { id: Number(row.id), status: "SENT", error: null };
      const reason = failed.map((f) => f.reason).join("; ");
      return failed.some((f) => !f.permanent)
        ? this.retryOrFail(row, reason)
        : { id: Number(row.id), status: "FAILED", error: reason };
    });
  }

  private async handToMail(row: Claimed): Promise<Result> {
    if (!row.recipient) return { id: Number(row.id), status: "FAILED", error: "The person has no e-mail address." };
    try {
      await this.mail.send(this.newEm(), {
        to: row.recipient,
        userId: row.user_id,
        templateKey: row.kind === NotificationKind.SECURITY ? "security-notification" : "notification",
        variables: {
          title: row.title,
          body: row.body,
          severity: row.severity,
          kind: row.kind,
          link: row.url ? `${this.config.publicUrl}${row.url}` : null,
        },
        idempotencyKey: `notification:${row.notification_id}`,
      });
      return { id: Number(row.id), status: "SENT", error: null };
    } catch (err) {
      // Bad input (an address the mail service refuses) stays bad; anything else may pass later.
      if (err instanceof AppError && err.code === "BAD_USER_INPUT") {
        return { id: Number(row.id), status: "FAILED", error: err.message };
      }
      return this.retryOrFail(row, (err as Error).message);
    }
  }
}
