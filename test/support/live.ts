import { createClient, type Client, type ExecutionResult } from "graphql-ws";
import WebSocket from "ws";

/** A graphql-ws client on a service's /graphql (the gateway's, or a subgraph's straight). */
export interface LiveSocket {
  client: Client;
  closes: { code: number; reason: string }[];
}

export function connectLive(baseUrl: string, authorization?: string): LiveSocket {
  const closes: LiveSocket["closes"] = [];
  const client = createClient({
    url: `${baseUrl.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    on: { closed: (event) => closes.push(event as { code: number; reason: string }) },
  });
  return { client, closes };
}

/** One operation's results as they arrive, with when (performance.now()) each did. */
export interface LiveOperation {
  events: ExecutionResult<Record<string, any>>[];
  receivedAt: number[];
  error?: unknown;
  completed: boolean;
  dispose: () => void;
}

export function liveOperation(
  socket: LiveSocket,
  query: string,
  variables: Record<string, unknown> = {},
): LiveOperation {
  const op: LiveOperation = { events: [], receivedAt: [], completed: false, dispose: () => undefined };
  op.dispose = socket.client.subscribe(
    { query, variables },
    {
      next: (value) => {
        op.events.push(value as ExecutionResult<Record<string, any>>);
        op.receivedAt.push(performance.now());
      },
      error: (err) => (op.error = err),
      complete: () => (op.completed = true),
    },
  );
  return op;
}
