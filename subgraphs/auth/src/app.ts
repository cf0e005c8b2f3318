import { startSubgraph, type RunningSubgraph } from "@homegraph/common";
import type { AuthConfig } from "./config.js";
import { createContext } from "./context.js";
import { entities } from "./entities/index.js";
import { migrations } from "./migrations/index.js";
import { buildAuthSchema } from "./schema.js";

export async function createApp(config: AuthConfig): Promise<RunningSubgraph> {
  const { schema } = await buildAuthSchema();
  return startSubgraph({
    name: "auth",
    dbSchema: "auth",
    config,
    entities,
    migrations,
    schema,
    context: createContext,
  });
}
