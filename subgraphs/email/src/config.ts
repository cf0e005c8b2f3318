import { loadConfig, subgraphConfigFrom, subgraphEnvSchema, type Env, type SubgraphConfig } from "@homegraph/common";

export const envSchema = subgraphEnvSchema(6102);

export type EmailConfig = SubgraphConfig;

export function configFromEnv(env: Env = process.env): EmailConfig {
  return subgraphConfigFrom(loadConfig(envSchema, env));
}
