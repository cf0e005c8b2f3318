import { readFile } from "node:fs/promises";
import { unwatchFile, watchFile } from "node:fs";
import type { SupergraphSdlHook } from "@apollo/gateway";
import type { Logger } from "@homegraph/common";

/**
 * Serves the checked-in supergraph to @apollo/gateway and, in development, hands it each new
 * version of the file; a file that fails to load keeps the previous schema serving.
 */
export function fileSupergraph(path: string, watch: boolean, logger: Logger): SupergraphSdlHook {
  return async ({ update }) => {
    const supergraphSdl = await readFile(path, "utf8");
    if (watch) {
      watchFile(path, { interval: 1000 }, async (curr, prev) => {
        if (curr.mtimeMs === prev.mtimeMs) return;
        try {
          update(await readFile(path, "utf8"));
          logger.info({ path }, "supergraph reloaded");
        } catch (err) {
          logger.error({ err, path }, "supergraph reload failed; still serving the previous one");
        }
      });
    }
    return { supergraphSdl, cleanup: async () => unwatchFile(path) };
  };
}
