import { startSubgraph, type RunningSubgraph } from "@homegraph/common";
import { DigestFrequency } from "./entities/enums.js";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { EmailConfig } from "./config.js";
import { createContext, type EmailServices } from "./context.js";
import { entities } from "./entities/index.js";
import { migrations } from "./migrations/index.js";
import { emailRoutes } from "./routes.js";
import { buildEmailSchema } from "./schema.js";
import { createBulkProgressPublisher } from "./services/bulk-progress.pubsub.js";
import { Deliverer } from "./services/deliverer.js";
import { startCatcher, type Catcher } from "./services/dev-mailbox.js";
import { MailService } from "./services/mail-service.js";
import { createMailer, type Mailer } from "./services/mailer.js";
import { EmailQueue } from "./services/queue.js";
import { ensureBuiltInTemplates } from "./services/templates.js";
import { runDigest, type DigestPeriod, type DigestResult } from "./services/digest.js";
import { Peers } from "./services/peers.js";

export interface RunningEmail extends RunningSubgraph {
  /** Sends the digest of the period ending `now` at once, as the schedule would (tests, operators). */
  runDigest: (period: DigestPeriod, now?: Date) => Promise<DigestResult>;
}

export async function createApp(config: EmailConfig): Promise<RunningEmail> {
  // Filled in by `background` once the database is ready; requests only arrive after that.
  let queue: EmailQueue | undefined;
  let catcher: Catcher | undefined;
  const services: EmailServices = {
    config,
    mail: undefined as unknown as MailService,
    devMailbox: () => catcher !== undefined,
    peers: undefined as unknown as Peers,
  };
  let digest: ((period: DigestPeriod, now?: Date) => Promise<DigestResult>) | undefined;
  const running = await startSubgraph({
    name: "email",
    dbSchema: "email",
    config,
    entities,
    migrations,
    // The schema's subscriptions run on the service's pub/sub (Redis when REDIS_URL is set).
    schema: async ({ pubSub }) => (await buildEmailSchema(pubSub)).schema,
    context: (base) => createContext(base, services),
    routes: (app, deps) => emailRoutes(services)(app, deps),
    background: async ({ orm, logger, pubSub }) => {
      const newEm = () => orm.em.fork() as EntityManager;
      await ensureBuiltInTemplates(newEm());
      let mailer: Mailer | undefined;
      try {
        let smtpUrl = config.smtp.url;
        if (!smtpUrl) {
          if (config.nodeEnv === "production") {
            logger.warn("SMTP_URL is unset in production: mail goes to the dev mailbox, not to anyone's inbox");
          }
          catcher = await startCatcher({
            host: "127.0.0.1",
            port: config.catcher.port,
            keep: config.catcher.keep,
            newEm,
            logger,
          });
          smtpUrl = `smtp://127.0.0.1:${catcher.port}`;
        }
        mailer = createMailer({
          url: smtpUrl,
          poolMax: config.smtp.poolMax,
          timeoutMs: config.smtp.timeoutMs,
          ignoreTLS: !config.smtp.url,
        });
        const deliverer = new Deliverer(config, newEm, () => mailer!, logger);
        queue = await EmailQueue.start({
          databaseUrl: config.db.url,
          connectTimeoutMs: config.db.connectTimeoutMs,
          logger,
          maxAttempts: config.delivery.maxAttempts,
          retryBaseSeconds: config.delivery.retryBaseSeconds,
          expireSeconds: deliverer.staleSeconds,
          pollMs: config.delivery.pollMs,
          schedule: config.digest.schedule,
        });
        services.mail = new MailService(config, () => queue, logger);
        services.peers = new Peers(config, logger);
        const digestDeps = { newEm, mail: () => services.mail, peers: services.peers, logger };
        digest = (period, now) => runDigest(digestDeps, period, now);
        if (config.digest.schedule) {
          for (const [period, cron] of [
            [DigestFrequency.DAILY, config.digest.dailyCron],
            [DigestFrequency.WEEKLY, config.digest.weeklyCron],
          ] as const) {
            await queue.cron(`email-digest-${period.toLowerCase()}`, cron, async () => void (await digest!(period)));
          }
        }
        if (config.delivery.workers) {
          const bulkProgress = createBulkProgressPublisher(pubSub, newEm, logger);
          await queue.work(config.delivery.concurrency, async (job) => {
            await deliverer.deliver(job.logId);
            // Not awaited: the job is done; the count runs beside the next delivery.
            void bulkProgress(job.logId);
          });
        }
      } catch (err) {
        await queue?.stop().catch(() => undefined);
        mailer?.close();
        await catcher?.stop();
        throw err;
      }
      return async () => {
        await queue?.stop();
        mailer?.close();
        await catcher?.stop();
        queue = undefined;
        catcher = undefined;
      };
    },
  });
  return { ...running, runDigest: (period, now) => digest!(period, now) };
}
