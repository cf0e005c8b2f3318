import type { Env } from "../../packages/common/src";
import { scratchDatabase } from "./database";

export interface RuntimeUnderTest<R> {
  runtime: R;
  /** Closes the runtime, then drops its database. */
  stop: () => Promise<void>;
}

/** A service's runtime (no HTTP server) on a database of the test file's own, quiet unless TEST_LOG_LEVEL says. */
export async function startRuntimeForTest<C, R extends { close: () => Promise<void> }>(
  createRuntime: (config: C) => Promise<R>,
  configFromEnv: (env: Env) => C,
  extraEnv: Env = {},
): Promise<RuntimeUnderTest<R>> {
  const db = await scratchDatabase();
  try {
    const runtime = await createRuntime(
      configFromEnv({
        NODE_ENV: "test",
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
        DATABASE_URL: db.url,
        ...extraEnv,
      }),
    );
    return {
      runtime,
      stop: async () => {
        await runtime.close();
        await db.drop();
      },
    };
  } catch (err) {
    await db.drop();
    throw err;
  }
}
