import { buildOrClose, serveSubgraph, type Logger, type RunningSubgraph } from "@homegraph/common";
import type { HomeConfig } from "./config.js";
import { createContext } from "./context.js";
import { homeRoutes } from "./routes/index.js";
import { createHomeRuntime, type HomeRuntime } from "./runtime.js";
import { buildHomeSchema } from "./schema.js";

export interface RunningHome extends RunningSubgraph, Pick<HomeRuntime, "services"> {}

/** The home service: its runtime, then its HTTP server, then the hub link, which needs the server's URL. */
/** `logger`: tests hand one in to read what the service logs. */
export async function createApp(config: HomeConfig, options: { logger?: Logger } = {}): Promise<RunningHome> {
  const runtime = await createHomeRuntime(config, options);
  const server = await serveSubgraph(runtime, {
    // The schema's subscriptions run on the service's pub/sub (Redis when REDIS_URL is set).
    schema: () => buildHomeSchema(runtime.pubSub),
    context: (base) => createContext(base, runtime.services),
    routes: homeRoutes(runtime),
    // Shown, never judged: a hub that drifts, is away or is busy is no reason for the gateway to drop this service.
    health: [
      { name: "hubReconcile", check: () => Promise.resolve(), detail: () => runtime.services.link.reconcileDetail() },
      {
        name: "hub commands",
        check: () => Promise.resolve(),
        detail: () => ({ ...runtime.services.link.commandQueueStats() }),
      },
    ],
  });
  // Only now: a hub posts events to this service's own URL (or HUBITAT_EVENT_URL in front of it), which exists once it listens.
  await buildOrClose(server, () => runtime.services.link.start(server.url));
  return { ...server, services: runtime.services };
}
