import type { Logger } from "@homegraph/common";
import type { ExecutionArgs, ExecutionResult, GraphQLError } from "graphql";
import { asGraphQLError, fromSubgraph } from "./errors.js";
import type { EventCompleter, UpstreamEvent } from "./federation.js";
import type { PlanningState } from "./planner.js";
import { stableJson } from "./stable-json.js";
import type { UpstreamListener } from "./upstream-pool.js";

/** Where one client's results go; `fail` and `end` finish it. */
interface Sink {
  /** `json` is the result serialised, when it has no errors and a client can take it so. */
  push(result: ExecutionResult, json: string | undefined): void;
  /** Whether the client takes serialised results (straight to its socket). */
  direct: boolean;
  fail(errors: GraphQLError[]): void;
  end(): void;
}

/**
 * The clients of one upstream subscription that sent the same operation with the same variables:
 * each event is completed once for all of them, and serialised once for all of them.
 */
interface Audience {
  key: string;
  complete: EventCompleter;
  sinks: Set<Sink>;
}

export interface BroadcastOptions {
  /** The subgraph the events come from. */
  serviceName: string;
  logger: Logger;
  /** Ends the upstream subscription: called once its last client has left. */
  close: () => void;
}

/**
 * Sends a result already serialised as one client's `next` message; false when it cannot (its
 * socket has closed), and the result then goes graphql-ws's way.
 */
export type SendSerialised = (json: string) => boolean;

/**
 * The clients riding on one upstream subscription: each event is completed once per distinct
 * client operation and handed to every client that sent it. A result without errors is also
 * serialised once and that one string written to each client's socket: with a thousand clients
 * on one operation, serialising per client through graphql-ws was most of the fan-out's cost.
 */
export class Broadcast implements UpstreamListener {
  private readonly audiences = new Map<string, Audience>();
  /** Events are completed concurrently but delivered in the order the subgraph sent them. */
  private delivered: Promise<void> = Promise.resolve();

  constructor(
    /** The supergraph its clients' operations were planned on. */
    readonly state: PlanningState,
    private readonly options: BroadcastOptions,
  ) {}

  /**
   * A client joining with its operation (`text` is its print): it shares the audience of the
   * clients that sent the same operation and variables, made with `completer` by the first.
   */
  join(
    args: ExecutionArgs,
    text: string,
    completer: () => EventCompleter,
    send?: SendSerialised,
  ): AsyncIterableIterator<ExecutionResult> {
    const key = [text, args.operationName ?? "", stableJson(args.variableValues ?? {})].join("\u0000");
    let audience = this.audiences.get(key);
    if (!audience) {
      audience = { key, complete: completer(), sinks: new Set() };
      this.audiences.set(key, audience);
    }
    return this.listen(audience, send);
  }

  /** Completes an event once per audience and hands each result to the audience's clients, in order. */
  event(event: UpstreamEvent): void {
    const results = [...this.audiences.values()].map((audience) => ({
      audience,
      result: this.complete(audience, event),
    }));
    this.delivered = this.delivered.then(async () => {
      for (const { audience, result } of results) {
        const value = await result;
        const json = value.errors || !someDirect(audience.sinks) ? undefined : JSON.stringify(value);
        for (const sink of audience.sinks) sink.push(value, json);
      }
    });
  }

  failed(errors: GraphQLError[]): void {
    this.finish((sink) => sink.fail(errors));
  }

  ended(): void {
    this.finish((sink) => sink.end());
  }

  private finish(each: (sink: Sink) => void): void {
    this.delivered = this.delivered.then(() => {
      for (const audience of this.audiences.values()) for (const sink of audience.sinks) each(sink);
      this.audiences.clear();
    });
  }

  private async complete(audience: Audience, event: UpstreamEvent): Promise<ExecutionResult> {
    try {
      if (event.data == null) {
        return { errors: (event.errors ?? []).map((e) => fromSubgraph(e, this.options.serviceName)) };
      }
      return await audience.complete(event);
    } catch (err) {
      this.options.logger.error({ err }, "subscriptions: could not complete an event");
      return { errors: [asGraphQLError(err)] };
    }
  }

  /** One client's view of the subscription; leaving it lets the upstream go once nobody is left. */
  private listen(audience: Audience, send: SendSerialised | undefined): AsyncIterableIterator<ExecutionResult> {
    const queue: ExecutionResult[] = [];
    let done = false;
    /** A result handed to graphql-ws that it may still be sending: it asks for the next once sent. */
    let handedOut = false;
    let wake: (() => void) | undefined;
    const notify = () => {
      wake?.();
      wake = undefined;
    };
    const leave = () => {
      if (!audience.sinks.delete(sink)) return;
      if (audience.sinks.size === 0 && this.audiences.get(audience.key) === audience) {
        this.audiences.delete(audience.key);
      }
      if (this.audiences.size === 0) this.options.close();
    };
    const sink: Sink = {
      direct: send !== undefined,
      push: (result, json) => {
        // Straight to the socket only while graphql-ws has nothing of this client's to send, so
        // that the client receives its results in order.
        if (json !== undefined && send && !done && !handedOut && queue.length === 0 && send(json)) return;
        queue.push(result);
        notify();
      },
      fail: (errors) => {
        queue.push({ errors });
        done = true;
        notify();
      },
      end: () => {
        done = true;
        notify();
      },
    };
    audience.sinks.add(sink);
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        handedOut = false;
        for (;;) {
          const value = queue.shift();
          if (value) {
            handedOut = true;
            return { value, done: false };
          }
          if (done) {
            leave();
            return { value: undefined, done: true };
          }
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
      // Unlike an async generator's, this answers at once even while `next` waits for an event.
      return: async () => {
        done = true;
        queue.length = 0;
        leave();
        notify();
        return { value: undefined, done: true };
      },
    };
    return iterator;
  }
}

function someDirect(sinks: Iterable<Sink>): boolean {
  for (const sink of sinks) if (sink.direct) return true;
  return false;
}
