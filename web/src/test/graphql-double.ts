import { ApolloLink } from "@apollo/client";
import { Observable } from "rxjs";
import { ApiError, type SessionUser } from "../session/auth-api";
import { SessionStore } from "../session/store";

// A stand-in for the gateway in component tests: each operation name answers through a handler
// that sees the variables, so a test both scripts the server and checks what the screen sent.

export interface ServerErrorShape {
  message: string;
  extensions: { code: string; field?: string };
}

/** Thrown by a handler to answer with a GraphQL error, as the gateway does (code, maybe a field). */
export class GraphQLAnswerError extends Error {
  constructor(
    message: string,
    readonly code = "BAD_USER_INPUT",
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Returned by a handler: a partial answer, data with one field's error (a subgraph was down). */
export class PartialAnswer {
  constructor(
    readonly data: Record<string, unknown>,
    readonly error: GraphQLAnswerError,
    readonly path: string[],
  ) {}
}

export type Handler = (variables: Record<string, any>) => unknown;

export interface Call {
  operationName: string;
  variables: Record<string, any>;
}

export function graphqlDouble(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const link = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        const name = operation.operationName ?? "";
        const variables = (operation.variables ?? {}) as Record<string, any>;
        calls.push({ operationName: name, variables });
        const handler = handlers[name];
        // Answer on a later tick, as a network would: screens must show their loading state.
        const timer = setTimeout(() => {
          if (!handler) {
            observer.error(new Error(`no handler for ${name}`));
            return;
          }
          try {
            const data = handler(variables);
            if (data instanceof PartialAnswer) {
              const { message, code } = data.error;
              observer.next({ data: data.data, errors: [{ message, path: data.path, extensions: { code } }] });
            } else {
              observer.next({ data: data as Record<string, unknown> });
            }
          } catch (err) {
            if (!(err instanceof GraphQLAnswerError)) {
              observer.error(err);
              return;
            }
            const error: ServerErrorShape = {
              message: err.message,
              extensions: { code: err.code, ...(err.field ? { field: err.field } : {}) },
            };
            observer.next({ data: null, errors: [error] });
          }
          observer.complete();
        }, 0);
        return () => clearTimeout(timer);
      }),
  );
  const callsOf = (name: string) => calls.filter((c) => c.operationName === name);
  return { link, calls, callsOf };
}

/**
 * A signed-in session for a screen under test; `clear()` it after the test to stop its renewal
 * timer. With `renewedUser`, a refresh succeeds and the user comes back changed as it says (the
 * server's view after, say, a new display name); without it a refresh is refused.
 */
export function sessionAs(role: "ADMIN" | "MEMBER", id = "1", renewedUser?: () => Partial<SessionUser>): SessionStore {
  const user: SessionUser = {
    id,
    email: `${role.toLowerCase()}@example.com`,
    displayName: role === "ADMIN" ? "Ann Admin" : "Max Member",
    role,
  };
  const payload = (u: SessionUser) => ({
    accessToken: "token",
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    user: u,
  });
  const api = {
    login: async () => {
      throw new Error("this test does not sign in");
    },
    refresh: async () => {
      if (!renewedUser) throw new ApiError("UNAUTHENTICATED", "no session", 401);
      return payload({ ...user, ...renewedUser() });
    },
    logout: async () => undefined,
  };
  const store = new SessionStore({ api });
  store.accept(payload(user));
  return store;
}
