import { buildOrClose, openSubgraph, type Logger, type SubgraphBase } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { EmailConfig } from "./config.js";
import type { EmailServices } from "./context.js";
import { DigestFrequency } from "./entities/enums.js";
import { entities } from "./entities/index.js";
import { migrations } from "./migrations/index.js";
import { startNotifications } from "./notification-runtime.js";
import { createBulkProgressPublisher } from "./services/bulk-progress.pubsub.js";
import { Deliverer } from "./services/deliverer.js";
import { startCatcher, type Catcher } from "./services/dev-mailbox.js";
import { registerMailMetrics } from "./services/mail-metrics.js";
import { runDigest, type DigestPeriod, type DigestResult } from "./services/digest.js";
import { MailService } from "./services/mail-service.js";
import { createMailer, type Mailer } from "./services/mailer.js";
import { Peers } from "./services/peers.js";
import { ActivityAccess } from "./services/activity-access.js";
import { publishActivity } from "./services/activity.js";
import { EmailQueue } from "./services/queue.js";
import { ensureBuiltInTemplates } from "./services/templates.js";

/** Everything the email service holds for its lifetime; `close()` stops it all, the database last. */
export interface EmailRuntime extends SubgraphBase<EmailConfig> {
  services: EmailServices;
  /** Sends the digest of the period ending `now` at once, as the schedule would (tests, operators). */
  runDigest: (period: DigestPeriod, now?: Date) => Promise<DigestResult>;
}

/**
 * The email service without HTTP: built-in templates in place, the SMTP transport (or the dev
 * mailbox), the delivery queue with its workers and the digest schedule running.
 */
export async function createEmailRuntime(config: EmailConfig): Promise<EmailRuntime> {
  const base = await openSubgraph({ name: "email", dbSchema: "email", config, entities, migrations });
  return buildOrClose(base, async () => {
    const { orm, logger, pubSub } = base;
    // Once closed, mail is refused as "not running" rather than handed to a stopped queue.
    let open = true;
    base.onClose(() => void (open = false));
    const newEm = () => orm.em.fork() as EntityManager;
    await ensureBuiltInTemplates(newEm());
    const { mailer, catcher } = await openTransport(base, newEm);
    const deliverer = new Deliverer(config, newEm, () => mailer, logger, registerMailMetrics(base.metrics, orm));
    deliverer.onActivity = (rows) => void publishActivity(pubSub, rows);
    const queue = await EmailQueue.start({
      databaseUrl: config.db.url,
      connectTimeoutMs: config.db.connectTimeoutMs,
      logger,
      maxAttempts: config.delivery.maxAttempts,
      retryBaseSeconds: config.delivery.retryBaseSeconds,
      expireSeconds: deliverer.staleSeconds,
      pollMs: config.delivery.pollMs,
      schedule: config.digest.schedule,
    });
    // Registered again once the notification parts are up, so the workers finish first on close
    // (closes run last-registered first) and the push sender they use closes after them.
    let stopping: Promise<void> | undefined;
    const stopQueue = () => (stopping ??= queue.stop());
    base.onClose(stopQueue);
    const mail = new MailService(config, () => (open ? queue : undefined), logger);
    const peers = new Peers(config, logger);
    const notificationParts = await startNotifications(base, {
      emailQueue: queue,
      mail,
      peers,
      newEm,
      isOpen: () => open,
    });
    base.onClose(stopQueue);
    const activityAccess = new ActivityAccess((id, role) => peers.homeAccess(id, role), logger, pubSub);
    activityAccess.start();
    base.onClose(() => activityAccess.stop());
    const services: EmailServices = {
      config,
      mail,
      devMailbox: () => open && catcher !== undefined,
      peers,
      ...notificationParts,
      activityAccess,
    };
    const digest = (period: DigestPeriod, now?: Date) =>
      runDigest({ newEm, mail: services.mail, peers: services.peers, logger }, period, now);
    if (config.digest.schedule) {
      for (const [period, cron] of [
        [DigestFrequency.DAILY, config.digest.dailyCron],
        [DigestFrequency.WEEKLY, config.digest.weeklyCron],
      ] as const) {
        await queue.cron(`email-digest-${period.toLowerCase()}`, cron, async () => void (await digest(period)));
      }
    }
    if (config.delivery.workers) {
      const bulkProgress = createBulkProgressPublisher(pubSub, newEm, logger);
      const { concurrency, batchSize } = config.delivery;
      await queue.work(Math.ceil(concurrency / batchSize), batchSize, async (jobs) => {
        // Not awaited: the count runs beside the next deliveries.
        return deliverer.deliverMany(
          jobs.map((job) => job.logId),
          (settled) => void (settled.bulkRunId != null && bulkProgress(settled.bulkRunId)),
        );
      });
    }
    return { ...base, services, runDigest: digest };
  });
}

/** SMTP_URL's server, or (unset) the built-in catcher that keeps every mail in the dev mailbox. */
async function openTransport(
  base: SubgraphBase<EmailConfig>,
  newEm: () => EntityManager,
): Promise<{ mailer: Mailer; catcher?: Catcher }> {
  const { config, logger } = base;
  const { url, catcher } = await smtpTarget(config, newEm, logger);
  if (catcher) base.onClose(() => catcher.stop());
  const mailer = createMailer({
    url,
    poolMax: config.smtp.poolMax,
    timeoutMs: config.smtp.timeoutMs,
    ignoreTLS: !config.smtp.url,
  });
  base.onClose(() => mailer.close());
  return { mailer, catcher };
}

async function smtpTarget(
  config: EmailConfig,
  newEm: () => EntityManager,
  logger: Logger,
): Promise<{ url: string; catcher?: Catcher }> {
  if (config.smtp.url) return { url: config.smtp.url };
  if (config.nodeEnv === "production") {
    logger.warn("SMTP_URL is unset in production: mail goes to the dev mailbox, not to anyone's inbox");
  }
  const catcher = await startCatcher({
    host: "127.0.0.1",
    port: config.catcher.port,
    keep: config.catcher.keep,
    newEm,
    logger,
  });
  return { url: `smtp://127.0.0.1:${catcher.port}`, catcher };
}
