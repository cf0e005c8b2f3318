import { rmSync } from "node:fs";

export default async function globalTeardown(): Promise<void> {
  await globalThis.__HOMEGRAPH_EMBEDDED_PG__?.stop();
  if (globalThis.__HOMEGRAPH_TEST_TMP__) rmSync(globalThis.__HOMEGRAPH_TEST_TMP__, { recursive: true, force: true });
}
