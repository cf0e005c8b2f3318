import { runHealthChecks, withTimeout, type HealthReport } from "@homegraph/common";

/**
 * The gateway is healthy when every subgraph says it is. A subgraph that is down, slow, or
 * unhealthy itself (its database, say) is named in the report.
 */
export async function subgraphHealth(
  subgraphs: Record<string, string>,
  timeoutMs: number,
): Promise<HealthReport & { unhealthy: string[] }> {
  const report = await runHealthChecks(
    "gateway",
    Object.entries(subgraphs).map(([name, url]) => ({
      name,
      check: async () => {
        const res = await withTimeout(
          fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) }),
          timeoutMs,
          `${name} did not answer`,
        );
        if (!res.ok) {
          const body = (await res.json().catch(() => ({}))) as { checks?: Record<string, { status: string }> };
          const failing = Object.entries(body.checks ?? {})
            .filter(([, c]) => c.status !== "healthy")
            .map(([n]) => n);
          throw new Error(
            `${name} reports unhealthy${failing.length ? `: ${failing.join(", ")}` : ` (HTTP ${res.status})`}`,
          );
        }
      },
    })),
    timeoutMs + 500,
  );
  const unhealthy = Object.entries(report.checks)
    .filter(([, c]) => c.status !== "healthy")
    .map(([n]) => n);
  return { ...report, unhealthy };
}
