import { ApolloLink } from "@apollo/client";
import { Observable, type Subscriber } from "rxjs";
import { GraphQLAnswerError } from "./graphql-double";

// A gateway double whose subscriptions stay open: a test pushes their events when it chooses, as
// the server would when something happens. Queries and mutations answer through handlers (which
// may throw GraphQLAnswerError for a GraphQL error), on a later tick.

export type LiveHandler = (variables: Record<string, any>) => unknown | Promise<unknown>;

export function liveDouble(handlers: Record<string, LiveHandler>) {
  const sent: { name: string; variables: Record<string, any> }[] = [];
  const open = new Map<string, Set<Subscriber<any>>>();
  const link = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        const name = operation.operationName ?? "";
        const variables = (operation.variables ?? {}) as Record<string, any>;
        sent.push({ name, variables });
        if (operation.operationType === "subscription") {
          const subscribers = open.get(name) ?? new Set();
          open.set(name, subscribers);
          subscribers.add(observer);
          return () => subscribers.delete(observer);
        }
        const handler = handlers[name];
        const timer = setTimeout(async () => {
          try {
            if (!handler) throw new Error(`no handler for ${name}`);
            observer.next({ data: (await handler(variables)) as Record<string, unknown> });
          } catch (err) {
            if (!(err instanceof GraphQLAnswerError)) return observer.error(err);
            observer.next({ data: null, errors: [{ message: err.message, extensions: { code: err.code } }] });
          }
          observer.complete();
        }, 0);
        return () => clearTimeout(timer);
      }),
  );
  /** Sends `data` to every open subscription of that operation; how many heard it. */
  const push = (name: string, data: Record<string, unknown>): number => {
    const subscribers = [...(open.get(name) ?? [])];
    for (const s of subscribers) s.next({ data });
    return subscribers.length;
  };
  return { link, sent, push, sentOf: (name: string) => sent.filter((s) => s.name === name) };
}
