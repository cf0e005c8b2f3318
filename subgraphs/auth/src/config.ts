import { loadConfig, subgraphConfigFrom, subgraphEnvSchema, type Env, type SubgraphConfig } from "@homegraph/common";

export const envSchema = subgraphEnvSchema(6101);

export type AuthConfig = SubgraphConfig;

export function configFromEnv(env: Env = process.env): AuthConfig {
  return subgraphConfigFrom(loadConfig(envSchema, env));
}
