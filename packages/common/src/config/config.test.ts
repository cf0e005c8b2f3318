import { z } from "zod";
import { baseEnvSchema, ConfigError, databaseEnvSchema, loadConfig, port } from "./config";

const schema = baseEnvSchema.extend(databaseEnvSchema.shape).extend({ PORT: port(6101) });

describe("loadConfig", () => {
  it("applies defaults for what is unset", () => {
    const config = loadConfig(schema, { DATABASE_URL: "postgres://u:p@db:5432/homegraph" });
    expect(config).toMatchObject({ PORT: 6101, HOST: "127.0.0.1", NODE_ENV: "development", DB_POOL_MAX: 10 });
  });

  it("reports every bad variable at once, each by name", () => {
    let error: unknown;
    try {
      loadConfig(schema, { PORT: "abc", DATABASE_URL: "not-a-url", DB_POOL_MAX: "-3", NODE_ENV: "staging" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(["DATABASE_URL", "DB_POOL_MAX", "NODE_ENV", "PORT"]);
    expect((error as ConfigError).message).toMatch(/PORT: must be a port number/);
    expect((error as ConfigError).message).toMatch(/DATABASE_URL: must be a URL like postgres:\/\//);
  });

  it("names a missing required variable", () => {
    expect(() => loadConfig(schema, {})).toThrow(/DATABASE_URL/);
  });

  it("treats an empty value as unset", () => {
    expect(loadConfig(z.object({ PORT: port(6003) }), { PORT: "" }).PORT).toBe(6003);
  });

  it("refuses a port out of range", () => {
    expect(() => loadConfig(z.object({ PORT: port(1) }), { PORT: "70000" })).toThrow(
      /PORT: must be between 0 and 65535/,
    );
  });
});
