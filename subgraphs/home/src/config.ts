import { loadConfig, subgraphConfigFrom, subgraphEnvSchema, type Env, type SubgraphConfig } from "@homegraph/common";

export const envSchema = subgraphEnvSchema(6103);

export type HomeConfig = SubgraphConfig;

export function configFromEnv(env: Env = process.env): HomeConfig {
  return subgraphConfigFrom(loadConfig(envSchema, env));
}
