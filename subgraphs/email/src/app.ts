import { startSubgraph, type RunningSubgraph } from "@homegraph/common";
import type { EmailConfig } from "./config.js";
import { createContext } from "./context.js";
import { entities } from "./entities/index.js";
import { migrations } from "./migrations/index.js";
import { buildEmailSchema } from "./schema.js";

export async function createApp(config: EmailConfig): Promise<RunningSubgraph> {
  const { schema } = await buildEmailSchema();
  return startSubgraph({
    name: "email",
    dbSchema: "email",
    config,
    entities,
    migrations,
    schema,
    context: createContext,
  });
}
