// The environment of `npm start` itself. Built from packages/common's zod helpers, so it takes the
// compiled common package (and its zod) as an argument: it exists only after the build step.
import { createRequire } from "node:module";
import path from "node:path";

/** The start configuration from `env`, parsed with the compiled common package under `root`. */
export function readStartConfig(root, env) {
  const require = createRequire(import.meta.url);
  const common = require(path.join(root, "packages/common/dist/index.js"));
  // The same zod instance as common's schemas, which these extend.
  const z = createRequire(require.resolve(path.join(root, "packages/common/package.json")))("zod");
  return loadStartConfig(common, z, env, root);
}

/**
 * Parses `env`; throws common's `ConfigError` naming every bad variable. Relative DATA_DIR values
 * are taken from the current directory, as any path a person types.
 */
export function loadStartConfig(common, z, env, root) {
  const { backupEnvSchema, backupConfigFrom, baseEnvSchema, databaseEnvSchema, loadConfig, port } = common;
  // Port 0 ("any free port") suits a service under test, not URLs printed for a person.
  const fixedPort = (fallback) => port(fallback).refine((p) => p !== 0, "must name a port (0 is not supported here)");
  const schema = baseEnvSchema
    .extend(backupEnvSchema.shape)
    .extend({
      PORT: fixedPort(6003),
      AUTH_PORT: fixedPort(6101),
      EMAIL_PORT: fixedPort(6102),
      HOME_PORT: fixedPort(6103),
      EMBEDDED_PG_PORT: fixedPort(6432),
      HUB_SIM_PORT: fixedPort(6180),
      // Set: a real hub, and no simulator. The home service reads and checks these itself.
      HUBITAT_HUB_IP: z.string().optional(),
      HUBITAT_CLOUD_URL: z.string().optional(),
      HUBITAT_APP_ID: z.string().optional(),
      HUBITAT_ACCESS_TOKEN: z.string().optional(),
      // Several hubs, each with its own HUBITAT_{NAME}_... variables: real hubs, no simulator.
      HUBITAT_HUBS: z.string().optional(),
      DATA_DIR: z.string().default(path.join(root, ".data")),
      DATABASE_URL: databaseEnvSchema.shape.DATABASE_URL.optional(),
    })
    .superRefine((cfg, ctx) => {
      const used = ["PORT", "AUTH_PORT", "EMAIL_PORT", "HOME_PORT"];
      if (!cfg.DATABASE_URL) used.push("EMBEDDED_PG_PORT");
      if (usesHubSimulator(cfg)) used.push("HUB_SIM_PORT");
      const seen = new Map();
      for (const variable of used) {
        const other = seen.get(cfg[variable]);
        if (other)
          ctx.addIssue({
            code: "custom",
            path: [variable],
            message: `is the same port as ${other} (${cfg[variable]})`,
          });
        else seen.set(cfg[variable], variable);
      }
    });
  const cfg = loadConfig(schema, env);
  return { ...cfg, DATA_DIR: path.resolve(cfg.DATA_DIR), backup: backupConfigFrom(cfg) };
}

/** The database `npm start` uses: DATABASE_URL, or the embedded PostgreSQL's `homegraph` database. */
export function databaseUrlOf(cfg) {
  return cfg.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${cfg.EMBEDDED_PG_PORT}/homegraph`;
}

/** `npm start` runs the hub simulator unless a real hub is configured. */
export function usesHubSimulator(cfg) {
  return !cfg.HUBITAT_HUB_IP && !cfg.HUBITAT_CLOUD_URL && !cfg.HUBITAT_HUBS;
}
