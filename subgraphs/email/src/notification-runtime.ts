import { resolveServiceSecret, SecretBox, type SubgraphBase } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { EmailConfig } from "./config.js";
import type { MailService } from "./services/mail-service.js";
import { NotificationDeliverer } from "./services/notification-deliverer.js";
import { NotificationQueue } from "./services/notification-queue.js";
import { NotificationService } from "./services/notification-service.js";
import type { Peers } from "./services/peers.js";
import { PushSender } from "./services/push-sender.js";
import { PushSubscriptions } from "./services/push-subscriptions.js";
import type { EmailQueue } from "./services/queue.js";
import { loadVapidKeys } from "./services/vapid-keys.js";

export interface NotificationParts {
  notifications: NotificationService;
  push: { publicKey: string; subscriptions: PushSubscriptions };
}

/**
 * Notifications on the email service's queue: the VAPID keys (from config or sealed in the
 * database), the push sender, the delivery workers, and (with DIGEST_SCHEDULE) the schedules that
 * sum up what quiet hours held back and delete what is past the household's retention.
 */
export async function startNotifications(
  base: SubgraphBase<EmailConfig>,
  deps: { emailQueue: EmailQueue; mail: MailService; peers: Peers; newEm: () => EntityManager; isOpen: () => boolean },
): Promise<NotificationParts> {
  const { config, logger, pubSub } = base;
  const { newEm } = deps;
  const secret = resolveServiceSecret({
    secret: config.serviceSecret,
    nodeEnv: config.nodeEnv,
    dataDir: config.dataDir,
    logger,
  });
  if (!secret) throw new Error("SERVICE_SECRET is required to keep the push keys and subscriptions sealed");
  const box = new SecretBox(secret, "email", "web push v1");
  const vapid = await loadVapidKeys(newEm(), config, box);
  const production = config.nodeEnv === "production";
  const sender = new PushSender(vapid, config.notifications.pushTimeoutMs, production);
  base.onClose(() => sender.close());
  const subscriptions = new PushSubscriptions(box, production);
  // A delivery may wait for two push timeouts (connect and answer) plus the database writes.
  const leaseSeconds = Math.ceil((config.notifications.pushTimeoutMs * 2) / 1000) + 30;
  const queue = new NotificationQueue(deps.emailQueue.boss, {
    logger,
    leaseSeconds,
    retryBaseSeconds: config.notifications.retryBaseSeconds,
    maxAttempts: config.notifications.maxAttempts,
    pollMs: config.delivery.pollMs,
  });
  await queue.init();
  base.onClose(() => queue.stop());
  const notifications = new NotificationService(
    () => (deps.isOpen() ? queue : undefined),
    newEm,
    pubSub,
    deps.peers,
    logger,
  );
  if (config.delivery.workers) {
    const deliverer = new NotificationDeliverer(
      config,
      newEm,
      deps.mail,
      { sender, subscriptions },
      logger,
      leaseSeconds,
    );
    const { concurrency } = config.notifications;
    const batchSize = Math.max(1, Math.min(50, Math.ceil(concurrency / 2)));
    await queue.work(Math.max(1, Math.ceil(concurrency / batchSize)), batchSize, (jobs) =>
      deliverer.deliverMany(jobs.map((j) => j.deliveryId)),
    );
  }
  if (config.digest.schedule) {
    await deps.emailQueue.cron("notification-quiet-summary", "* * * * *", async () => {
      await notifications.releaseHeld();
    });
    await deps.emailQueue.cron("notification-retention", "23 3 * * *", async () => {
      const deleted = await notifications.deleteExpired();
      logger.info({ deleted }, "old notifications deleted");
    });
  }
  return { notifications, push: { publicKey: vapid.publicKey, subscriptions } };
}
