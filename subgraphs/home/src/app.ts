import { startSubgraph, type RunningSubgraph } from "@homegraph/common";
import type { HomeConfig } from "./config.js";
import { createContext, type HomeServices } from "./context.js";
import { entities } from "./entities/index.js";
import { migrations } from "./migrations/index.js";
import { hubEventRoutes } from "./routes.js";
import { mountActivityRoute } from "./routes/activity.route.js";
import { buildHomeSchema } from "./schema.js";
import { AutomationEngine } from "./services/automation-engine.js";
import { EmailNotifier } from "./services/automation-notifier.js";
import { HubLink } from "./services/hub-link.js";
import { startRetention } from "./services/retention.js";

export interface RunningHome extends RunningSubgraph {
  services: HomeServices;
}

export async function createApp(config: HomeConfig): Promise<RunningHome> {
  const services: HomeServices = {};
  const running = await startSubgraph({
    name: "home",
    dbSchema: "home",
    config,
    entities,
    migrations,
    // The schema's subscriptions run on the service's pub/sub (Redis when REDIS_URL is set).
    schema: async ({ pubSub }) => (await buildHomeSchema(pubSub)).schema,
    context: (base) => createContext(base, services),
    routes: (app, { logger, orm }) => {
      hubEventRoutes(() => services.link, logger)(app);
      mountActivityRoute(app, { orm }); // the email digest's activity endpoint (issue 4)
    },
    background: async ({ orm, logger, pubSub }) => {
      services.link = new HubLink(config, orm, logger, pubSub);
      const engine = new AutomationEngine(orm, services.link, new EmailNotifier(config, logger), logger);
      services.link.attachAutomations(engine);
      services.automations = engine;
      engine.start();
      const stopRetention = startRetention(orm, config.events.retentionDays, logger);
      return async () => {
        stopRetention();
        await engine.stop();
        await services.link?.stop();
      };
    },
  });
  // Only now: the hub posts events to this service's own URL, which exists once it listens.
  await services.link!.start(config.hubitat?.eventBaseUrl ?? running.url);
  return { ...running, services };
}
