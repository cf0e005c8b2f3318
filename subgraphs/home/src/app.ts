import { startSubgraph, type RunningSubgraph } from "@homegraph/common";
import type { HomeConfig } from "./config.js";
import { createContext } from "./context.js";
import { entities } from "./entities/index.js";
import { migrations } from "./migrations/index.js";
import { buildHomeSchema } from "./schema.js";

export async function createApp(config: HomeConfig): Promise<RunningSubgraph> {
  const { schema } = await buildHomeSchema();
  return startSubgraph({
    name: "home",
    dbSchema: "home",
    config,
    entities,
    migrations,
    schema,
    context: createContext,
  });
}
