import { serveSubgraph, type RunningSubgraph } from "@homegraph/common";
import type { EmailConfig } from "./config.js";
import { createContext } from "./context.js";
import { emailRoutes } from "./routes.js";
import { createEmailRuntime, type EmailRuntime } from "./runtime.js";
import { buildEmailSchema } from "./schema.js";

export interface RunningEmail extends RunningSubgraph, Pick<EmailRuntime, "runDigest"> {
  /** Notifications' service: tests move its clock and run its quiet-hours summary and retention at once. */
  notifications: EmailRuntime["services"]["notifications"];
}

/** The email service: its runtime, then its HTTP server (GraphQL, the seed's REST calls, unsubscribe). */
export async function createApp(config: EmailConfig): Promise<RunningEmail> {
  const runtime = await createEmailRuntime(config);
  const server = await serveSubgraph(runtime, {
    // The schema's subscriptions run on the service's pub/sub (Redis when REDIS_URL is set).
    schema: () => buildEmailSchema(runtime.pubSub),
    context: (base) => createContext(base, runtime.services),
    routes: emailRoutes(runtime),
  });
  return { ...server, runDigest: runtime.runDigest, notifications: runtime.services.notifications };
}
