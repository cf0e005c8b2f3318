import type { Request, Response } from "express";
import { withTimeout } from "../db/orm.js";

export interface HealthCheck {
  name: string;
  check: () => Promise<void>;
  /** A reading taken just before the check (the database pool's occupancy), shown beside its state. */
  detail?: () => Record<string, unknown>;
}

export interface DependencyState {
  status: "healthy" | "unhealthy";
  latencyMs: number;
  error?: string;
  detail?: Record<string, unknown>;
}

export interface HealthReport {
  status: "healthy" | "unhealthy";
  service: string;
  timestamp: string;
  checks: Record<string, DependencyState>;
}

export async function runHealthChecks(service: string, checks: HealthCheck[], timeoutMs = 2000): Promise<HealthReport> {
  const entries = await Promise.all(
    checks.map(async ({ name, check, detail }): Promise<[string, DependencyState]> => {
      // Read before the check runs: the check itself would join the pool's queue it is reporting on.
      const reading = detail ? { detail: detail() } : {};
      const started = performance.now();
      try {
        await withTimeout(check(), timeoutMs, `${name} did not answer`);
        return [name, { status: "healthy", latencyMs: Math.round(performance.now() - started), ...reading }];
      } catch (err) {
        return [
          name,
          {
            status: "unhealthy",
            latencyMs: Math.round(performance.now() - started),
            error: describe(err),
            ...reading,
          },
        ];
      }
    }),
  );
  const healthy = entries.every(([, state]) => state.status === "healthy");
  return {
    status: healthy ? "healthy" : "unhealthy",
    service,
    timestamp: new Date().toISOString(),
    checks: Object.fromEntries(entries),
  };
}

/** Only the first line of a dependency's error: enough to act on, no stack or query text. */
function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (
    (message.split("\n")[0] ?? "unknown error").slice(0, 200) || (err as { code?: string }).code || "unknown error"
  );
}

/** `/health`: 200 when every dependency answers, 503 naming the ones that do not. */
export function healthHandler(service: string, checks: HealthCheck[] | (() => Promise<HealthReport>)) {
  return async (_req: Request, res: Response) => {
    const report = typeof checks === "function" ? await checks() : await runHealthChecks(service, checks);
    res
      .status(report.status === "healthy" ? 200 : 503)
      .set("cache-control", "no-store")
      .json(report);
  };
}
