import { buildOrClose, openSubgraph, serviceClientsFor, type Logger, type SubgraphBase } from "@homegraph/common";
import type { HomeConfig } from "./config.js";
import type { HomeServices } from "./context.js";
import { entities } from "./entities/index.js";
import { migrations } from "./migrations/index.js";
import { AccessControl } from "./services/access-control.js";
import { AutomationEngine } from "./services/automation-engine.js";
import { HomeActivity } from "./services/activity-contributions.js";
import { AlertWatcher } from "./services/alerts.js";
import { OutboxNotifier } from "./services/automation-notifier.js";
import { HubLink } from "./services/hub-link.js";
import { registerHubMetrics } from "./services/hub-metrics.js";
import { AuthPeopleDirectory } from "./services/people-directory.js";
import { LockCodeCipher } from "./services/lock-code-cipher.js";
import { LockCodeService } from "./services/lock-code.service.js";
import { LockCodeWorker } from "./services/lock-code.worker.js";
import { NotificationAudiences } from "./services/notification-audience.js";
import { Outbox } from "./services/outbox.js";
import { OutboxWorker } from "./services/outbox.worker.js";
import { passLockCodes } from "./services/pass-lock-codes.js";
import { startHistoryJobs } from "./services/retention.js";

/** Everything the home service holds for its lifetime; `close()` stops it all, the database last. */
export interface HomeRuntime extends SubgraphBase<HomeConfig> {
  services: HomeServices;
}

/**
 * The home service without HTTP: the hub link (not yet talking to the hub: `services.link.start`
 * needs the URL the hub posts its events to), the automations and the history's rollups and retention running.
 */
export async function createHomeRuntime(config: HomeConfig, options: { logger?: Logger } = {}): Promise<HomeRuntime> {
  const base = await openSubgraph({
    name: "home",
    dbSchema: "home",
    config,
    entities,
    migrations,
    logger: options.logger,
  });
  return buildOrClose(base, async () => {
    const { orm, logger, pubSub } = base;
    const link = new HubLink(config, orm, logger, pubSub);
    base.onClose(() => link.stop());
    registerHubMetrics(base.metrics, orm, link);
    const accessControl = new AccessControl(orm, logger, pubSub);
    accessControl.start();
    base.onClose(() => accessControl.stop());
    const people = new AuthPeopleDirectory(config, logger);
    // What the email service is told (alerts, automation notices, activity) waits in the outbox.
    const outbox = new Outbox(orm, () => outboxWorker.wake());
    const outboxWorker = new OutboxWorker({
      orm,
      email: serviceClientsFor("home", config, logger)("email", config.emailUrl),
      audiences: new NotificationAudiences(people, logger),
      logger: logger.child({ component: "outbox" }),
      maxBackoffMs: config.outbox.maxBackoffMs,
    });
    outboxWorker.start();
    base.onClose(() => outboxWorker.stop());
    const alerts = new AlertWatcher(orm, outbox, link, config.alerts, logger);
    link.attachAlerts(alerts);
    alerts.start();
    base.onClose(() => alerts.stop());
    const activity = new HomeActivity(outbox, logger);
    link.attachActivity((device, command, userId) => activity.commandSent(device, command, userId));
    const automations = new AutomationEngine(orm, link, new OutboxNotifier(outbox), logger, {
      access: { control: accessControl, people },
      fired: (rule, eventId, event, device) => activity.automationFired(rule, eventId, event, device),
    });
    link.attachAutomations(automations);
    automations.start();
    base.onClose(() => automations.stop());
    base.onClose(startHistoryJobs(orm, config.retention, logger));
    // The service wakes the worker made just after it (never before a request, so never before it exists).
    const lockCodes = new LockCodeService(new LockCodeCipher(config.lockCodeSecret), () => worker.wake());
    const worker = new LockCodeWorker(
      orm,
      link,
      lockCodes,
      logger.child({ component: "lock-codes" }),
      config.hub.reconcileIntervalMs,
    );
    link.attachLockCodes(worker);
    accessControl.lockCodes = passLockCodes(lockCodes);
    worker.start();
    base.onClose(() => worker.stop());
    return {
      ...base,
      services: {
        link,
        automations,
        removedGraceMs: config.devices.removedGraceMs,
        retention: config.retention,
        accessControl,
        people,
        lockCodes,
        lockCodeWorker: worker,
        outbox,
        outboxWorker,
        alerts,
      },
    };
  });
}
