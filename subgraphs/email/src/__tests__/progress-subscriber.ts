import type { EntityManager } from "@mikro-orm/postgresql";
import { createClient, type Client, type ExecutionResult } from "graphql-ws";
import WebSocket from "ws";
import type { RunningSubgraph } from "@homegraph/common";
import { bulkProgressSnapshot, publishBulkProgress } from "../services/bulk-progress.pubsub";
import { waitFor } from "./smtp-sink";

export const PROGRESS = `subscription ($runId: ID!) {
  bulkEmailProgress(runId: $runId) { id total queued sent failed suppressed done }
}`;

export interface ProgressSubscription {
  client: Client;
  events: ExecutionResult<Record<string, any>>[];
  errors: unknown[];
  close: () => Promise<void>;
}

/** A graphql-ws client on `httpUrl`'s /graphql, subscribed to one run's progress. */
export function subscribeToProgress(httpUrl: string, authorization: string, runId: string): ProgressSubscription {
  const client = createClient({
    url: `${httpUrl.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization },
    retryAttempts: 0,
  });
  const sub: ProgressSubscription = { client, events: [], errors: [], close: async () => undefined };
  const dispose = client.subscribe(
    { query: PROGRESS, variables: { runId } },
    {
      next: (value) => void sub.events.push(value as ExecutionResult<Record<string, any>>),
      error: (err) => void sub.errors.push(err),
      complete: () => undefined,
    },
  );
  sub.close = async () => {
    dispose();
    await client.dispose();
  };
  return sub;
}

/**
 * Publishes the run's real counts until `sub` has heard one: the client is not told when its
 * subscription (through the gateway, one hop more) reaches the service, so the first event proves it.
 */
export async function warmUp(service: () => RunningSubgraph, runId: string, sub: ProgressSubscription) {
  await waitFor("the subscription to be live", async () => {
    if (sub.events.length > 0 || sub.errors.length > 0) return true;
    const payload = await bulkProgressSnapshot(service().orm.em.fork() as EntityManager, Number(runId));
    if (payload) publishBulkProgress(service().pubSub, payload);
    await new Promise((r) => setTimeout(r, 50));
    return sub.events.length > 0 || sub.errors.length > 0;
  });
}
