import type { Logger } from "pino";

/**
 * On SIGTERM or SIGINT: run `close` (stop accepting, drain, close pools) and exit 0. A second
 * signal, or a drain that takes longer than `timeoutMs`, exits at once with 1.
 */
export function exitOnSignals(close: () => Promise<void>, logger: Logger, timeoutMs = 10_000): void {
  let closingSince = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // Ctrl-C in a terminal reaches the whole process group at once, often with a SIGTERM from a
    // supervisor right behind it: only a signal sent after a pause means "stop now".
    if (closingSince && Date.now() - closingSince < 1000) return;
    if (closingSince) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    closingSince = Date.now();
    logger.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, "shutdown took too long: exiting");
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    close().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, "error while shutting down");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

/**
 * The whole of a service's `main.ts`: start it, stop it cleanly on SIGTERM/SIGINT, and turn a
 * configuration problem into one readable message instead of a stack trace.
 */
export function bootService(name: string, start: () => Promise<{ close: () => Promise<void>; logger: Logger }>): void {
  // Through a promise, so a configuration error thrown before start() returns is caught too.
  Promise.resolve()
    .then(start)
    .then(
      (service) => exitOnSignals(service.close, service.logger),
      (err: unknown) => {
        const message =
          err instanceof Error && err.name === "ConfigError"
            ? err.message
            : `failed to start: ${(err as Error)?.stack ?? String(err)}`;
        process.stderr.write(`${name}: ${message}\n`);
        process.exit(1);
      },
    );
}
