import { isDatabaseUnreachable, type Logger } from "@homegraph/common";

/**
 * Writes what already went out (a mail SMTP accepted, a push a push service took). Giving up while
 * PostgreSQL is away (a restart) would leave the row SENDING, and once its lease ran out it would
 * go out again; so keep trying, about once a second, while the database cannot be reached, until
 * the lease (at least a minute) is spent. Once it is back the next try lands long before another
 * worker could take the row over.
 */
export async function writeThroughOutage(
  logger: Logger,
  leaseSeconds: number,
  write: () => Promise<unknown>,
): Promise<void> {
  const deadline = Date.now() + Math.max(leaseSeconds * 1000, 60_000);
  for (let wait = 200; ; wait = Math.min(wait * 2, 1_000)) {
    try {
      await write();
      return;
    } catch (err) {
      if (!isDatabaseUnreachable(err) || Date.now() + wait > deadline) throw err;
      logger.warn({ err: (err as Error).message, retryInMs: wait }, "sent, but the database is unreachable: retrying");
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
