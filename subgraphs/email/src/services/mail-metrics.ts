// The mail series on /metrics. What waits in the queue is the household's, read from email_logs
// when Prometheus scrapes (every replica reports the same: aggregate with max, not sum); mails
// sent and failed are counted by the process that delivered them (aggregate with sum).
import type { Orm, ServiceMetrics } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";

/**
 * Why a delivery attempt failed, in a handful of words: `rejected` (SMTP 5xx: permanent),
 * `deferred` (SMTP 4xx), `timeout`, `connection` (refused, dropped, DNS), `other`.
 */
export type MailFailureReason = "rejected" | "deferred" | "timeout" | "connection" | "other";

export function mailFailureReason(err: unknown): MailFailureReason {
  const e = err as { responseCode?: unknown; code?: unknown };
  if (typeof e.responseCode === "number" && e.responseCode >= 500 && e.responseCode < 600) return "rejected";
  if (typeof e.responseCode === "number" && e.responseCode >= 400 && e.responseCode < 500) return "deferred";
  const code = typeof e.code === "string" ? e.code : "";
  if (code === "ETIMEDOUT" || /timeout/i.test(code)) return "timeout";
  if (["ECONNECTION", "ECONNREFUSED", "ECONNRESET", "ESOCKET", "EDNS", "ENOTFOUND", "EHOSTUNREACH"].includes(code)) {
    return "connection";
  }
  return "other";
}

/** What the deliverer reports of each attempt. */
export interface DeliveryObserver {
  sent(): void;
  /** `final`: the mail is FAILED for good; otherwise it goes back to the queue for a retry. */
  failed(reason: MailFailureReason, final: boolean): void;
}

interface QueueRow {
  status: "QUEUED" | "SENDING";
  n: number;
  oldest_seconds: number | null;
}

export function registerMailMetrics(metrics: ServiceMetrics, orm: Orm): DeliveryObserver {
  // The two queue series share one read per scrape: a scrape collects every series at once, so
  // the second finds the first's query still running.
  let reading: Promise<QueueRow[]> | undefined;
  const queue = () =>
    (reading ??= (orm.em.fork() as EntityManager)
      .getConnection()
      .execute<QueueRow[]>(
        `select status, count(*)::int as n, extract(epoch from now() - min(created_at))::float8 as oldest_seconds
           from email.email_logs where status in ('QUEUED', 'SENDING') group by status`,
      )
      .finally(() => (reading = undefined)));
  metrics.gauge({
    name: "homegraph_mail_queue_depth",
    help: "Mails waiting to go out: queued (first try or a retry) and being sent now (the household's, the same on every replica).",
    labelNames: ["state"],
    read: async () => {
      const rows = await queue();
      return (["QUEUED", "SENDING"] as const).map((status) => ({
        labels: { state: status.toLowerCase() },
        value: rows.find((r) => r.status === status)?.n ?? 0,
      }));
    },
  });
  metrics.gauge({
    name: "homegraph_mail_queue_oldest_age_seconds",
    help: "How long the oldest mail still waiting to go out has waited; 0 when none waits.",
    read: async () => Math.max(0, ...(await queue()).map((r) => Number(r.oldest_seconds ?? 0))),
  });
  const sent = metrics.counter({
    name: "homegraph_mail_sent_total",
    help: "Mails this process handed to the SMTP server, which accepted them.",
  });
  const failed = metrics.counter({
    name: "homegraph_mail_failed_total",
    help: "Mails this process gave up on (FAILED for good), by the reason of the last attempt.",
    labelNames: ["reason"],
  });
  const retried = metrics.counter({
    name: "homegraph_mail_retries_total",
    help: "Delivery attempts that failed and went back to the queue for another try, by reason.",
    labelNames: ["reason"],
  });
  // Each reason is there from the start, so a rate over it has a series before the first failure.
  for (const reason of ["rejected", "deferred", "timeout", "connection", "other"]) {
    failed.inc({ reason }, 0);
    retried.inc({ reason }, 0);
  }
  return {
    sent: () => sent.inc(),
    failed: (reason, final) => (final ? failed : retried).inc({ reason }),
  };
}
