import { createScratchDatabase } from "../../packages/common/src/db/databases";

/** A database of this test file's own on the test server (TEST_DATABASE_URL, set by the global setup). */
export async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) throw new Error("TEST_DATABASE_URL is not set: run tests through jest's global setup");
  return createScratchDatabase(server);
}
