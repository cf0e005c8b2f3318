import { serveSubgraph, type RunningSubgraph } from "@homegraph/common";
import type { AuthConfig } from "./config.js";
import { createContext } from "./context.js";
import { authRoutes } from "./http/routes.js";
import { createAuthRuntime, type AuthRuntime, type AuthRuntimeOptions } from "./runtime.js";
import { buildAuthSchema } from "./schema.js";

export interface RunningAuth extends RunningSubgraph {
  runtime: AuthRuntime;
}

/** The auth service: its runtime, then its HTTP server (GraphQL and the routes of docs/identity.md). */
export async function createApp(config: AuthConfig, options: AuthRuntimeOptions = {}): Promise<RunningAuth> {
  const runtime = await createAuthRuntime(config, options);
  const routes = authRoutes(runtime);
  const server = await serveSubgraph(runtime, {
    schema: buildAuthSchema,
    verifier: runtime.verifier,
    context: (base, req) => createContext(base, req, runtime),
    routes: routes.mount,
  });
  return {
    ...server,
    runtime,
    close: async () => {
      // Open SSE streams would otherwise hold the HTTP drain until its grace period ends.
      routes.closeStreams();
      await server.close();
    },
  };
}
