import { startSubgraph, type RunningSubgraph } from "@homegraph/common";
import type { AuthConfig } from "./config.js";
import { createContext } from "./context.js";
import { entities } from "./entities/index.js";
import { mountAuthRoutes, type AuthRoutes } from "./http/routes.js";
import { migrations } from "./migrations/index.js";
import { startRuntime, type AuthRuntime } from "./runtime.js";
import { buildAuthSchema } from "./schema.js";
import { refuseDemoHousehold, seedFirstRun } from "./services/first-run.js";

export interface RunningAuth extends RunningSubgraph {
  runtime: AuthRuntime;
}

export async function createApp(config: AuthConfig): Promise<RunningAuth> {
  const { schema } = await buildAuthSchema();
  // Built once the database is migrated (startSubgraph's `background` hook), before the server listens.
  let runtime: AuthRuntime | undefined;
  let routes: AuthRoutes | undefined;
  const service = await startSubgraph({
    name: "auth",
    dbSchema: "auth",
    config,
    entities,
    migrations,
    schema,
    background: async ({ orm, logger }) => {
      // Before the key store reads anything: the demo household alone is reason enough not to start.
      await refuseDemoHousehold({ config, orm });
      const started = await startRuntime(config, orm, logger);
      runtime = started.runtime;
      try {
        await seedFirstRun(runtime);
      } catch (err) {
        await started.stop();
        throw err;
      }
      return started.stop;
    },
    routes: (app) => {
      const { keys, revocations, orm, tokens, serviceSecret } = runtime!;
      routes = mountAuthRoutes(app, {
        keys,
        revocations,
        orm,
        tokens,
        serviceSecret,
        trustProxy: config.auth.trustProxy,
      });
    },
    // Keys and revocations are local here: no HTTP to itself, and revocations apply the moment they commit.
    verifier: () => runtime!.verifier,
    context: (base, req) => createContext(base, req, runtime!),
  });
  return {
    ...service,
    runtime: runtime!,
    close: async () => {
      // Open SSE streams would otherwise hold the HTTP drain until its grace period ends.
      routes?.closeStreams();
      await service.close();
    },
  };
}
