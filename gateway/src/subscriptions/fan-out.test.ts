import { createLogger, nextMessage } from "@homegraph/common";
import { GraphQLError, parse, type ExecutionArgs, type ExecutionResult } from "graphql";
import { Broadcast } from "./fan-out.js";
import type { EventCompleter, UpstreamEvent } from "./federation.js";
import type { PlanningState } from "./planner.js";

const logger = createLogger("gateway", "silent");
const args = (variables: Record<string, unknown> = {}) =>
  ({ document: parse("subscription { x }"), variableValues: variables }) as unknown as ExecutionArgs;
const tick = () => new Promise((r) => setImmediate(r));

/** A broadcast whose completer passes each event's data through, counting completions. */
function broadcast() {
  const completions: UpstreamEvent[] = [];
  const completer = (): EventCompleter => async (event) => {
    completions.push(event);
    return { data: event.data ?? null };
  };
  const b = new Broadcast({} as PlanningState, { serviceName: "home", logger, close: () => undefined });
  return { b, completer, completions };
}

describe("Broadcast", () => {
  it("serialises each result once and sends that same string to every client that takes it directly", async () => {
    const { b, completer, completions } = broadcast();
    const sent: string[][] = [[], []];
    const clients = sent.map((into) => b.join(args(), "subscription { x }", completer, (json) => into.push(json) > 0));
    const waiting = clients.map((c) => c.next());
    const stringify = jest.spyOn(JSON, "stringify");
    b.event({ data: { x: 1 } });
    b.event({ data: { x: 2 } });
    await tick();
    expect(completions).toHaveLength(2);
    expect(sent[0]).toEqual(['{"data":{"x":1}}', '{"data":{"x":2}}']);
    expect(sent[1]).toEqual(sent[0]);
    // Once per event for the whole audience, not once per client.
    expect(stringify).toHaveBeenCalledTimes(2);
    stringify.mockRestore();
    // Nothing went graphql-ws's way: the clients' iterators are still waiting.
    const pending = Symbol("pending");
    expect(await Promise.race([waiting[0], tick().then(() => pending)])).toBe(pending);
    await Promise.all(clients.map((c) => c.return?.()));
  });

  it("sends errors graphql-ws's way, and keeps later results behind them so that the client gets them in order", async () => {
    const { b } = broadcast();
    const sent: string[] = [];
    const results = [{ errors: [new GraphQLError("no")] }, { data: { x: 2 } }, { data: { x: 3 } }] as ExecutionResult[];
    let n = 0;
    const client = b.join(
      args(),
      "subscription { x }",
      () => async () => results[n++]!,
      (json) => sent.push(json) > 0,
    );
    b.event({ data: {} });
    b.event({ data: {} });
    await tick();
    // The error is queued for graphql-ws, so the result after it waits in the same queue.
    expect(sent).toEqual([]);
    expect((await client.next()).value).toBe(results[0]);
    expect((await client.next()).value).toEqual({ data: { x: 2 } });
    // graphql-ws asks for the next result once it has sent the last: the queue is empty again.
    const waiting = client.next();
    b.event({ data: {} });
    await tick();
    expect(sent).toEqual(['{"data":{"x":3}}']);
    await client.return?.();
    await waiting;
  });

  it("falls back to graphql-ws for a client whose socket can no longer take the string", async () => {
    const { b, completer } = broadcast();
    const client = b.join(args(), "subscription { x }", completer, () => false);
    b.event({ data: { x: 1 } });
    expect((await client.next()).value).toEqual({ data: { x: 1 } });
    await client.return?.();
  });

  it("frames the string as graphql-ws frames a `next` message", () => {
    const result = { data: { deviceUpdated: { id: "7" } } };
    const message = { id: 'a"b', type: "next", payload: result };
    expect(nextMessage(message.id, JSON.stringify(result))).toBe(JSON.stringify(message));
  });
});
