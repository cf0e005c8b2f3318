import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { ErrorLink } from "@apollo/client/link/error";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { OperationTypeNode } from "graphql";
import { createClient, type Client } from "graphql-ws";
import { from, Observable, switchMap } from "rxjs";
import { mergeAttributes } from "../devices/model";
import type { SessionStore } from "../session/store";
import { enrolmentLink } from "./enrolment";
import { stepUpGate, stepUpLink, type StepUpGate } from "./step-up";

/** The gateway closes a socket with 4401 when its token expires or its session is revoked. */
const SOCKET_UNAUTHORIZED = /Socket closed with event 4401/;

function unauthenticated(error: unknown): boolean {
  if (ServerError.is(error) && error.statusCode === 401) return true;
  if (CombinedGraphQLErrors.is(error)) return error.errors.some((e) => e.extensions?.code === "UNAUTHENTICATED");
  return error instanceof Error && SOCKET_UNAUTHORIZED.test(error.message);
}

export interface HomegraphClient {
  client: ApolloClient;
  socket: Client;
}

export interface ClientOptions {
  session: SessionStore;
  /** Defaults to the page's own origin (the gateway serves the app, or Vite proxies to it). */
  httpUrl?: string;
  wsUrl?: string;
  /** The HTTP transport's fetch (component tests answer with their own). */
  fetch?: typeof fetch;
  /** Live connection state for the "live updates paused" banner. */
  onSocketState?: (connected: boolean) => void;
  /** Where a mutation refused with STEP_UP_REQUIRED asks the person to confirm it's them. */
  stepUp?: StepUpGate;
}

function defaultWsUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}/graphql`;
}

export function typePolicies() {
  return {
    Device: { keyFields: ["id"], fields: { attributes: { merge: mergeAttributes } } },
    Hub: { keyFields: [] as string[], merge: true },
    // A person's access as the admin's People & access screen reads it and each change answers it.
    HomeAccess: { keyFields: ["userId"] },
    Room: { keyFields: ["name"] },
    // One per person, asked for with different fields by the banner and the step-up prompt.
    SecondFactorStatus: { merge: true },
    User: { keyFields: ["id"] },
  };
}

/**
 * Apollo Client over the gateway: HTTP for queries and mutations, graphql-ws for subscriptions.
 * Every request carries the in-memory access token; an UNAUTHENTICATED answer triggers one silent
 * refresh through the cookie and one retry, and a refused refresh signs the person out. A mutation
 * refused with STEP_UP_REQUIRED waits for the "Confirm it's you" modal and is retried once.
 */
export function createHomegraphClient(options: ClientOptions): HomegraphClient {
  const { session } = options;

  let connectedBefore = false;
  const socket = createClient({
    url: options.wsUrl ?? defaultWsUrl(),
    lazy: true,
    lazyCloseTimeout: 2_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    // Gateway restarts and network blips reconnect; 4401 is handled below (refresh first).
    shouldRetry: () => true,
    // Quick first retries (a renewal reconnects on purpose), backing off to 10 s for an outage.
    retryWait: (retries) =>
      new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 250 * 2 ** retries) * (0.5 + Math.random() / 2))),
    connectionParams: () => (session.accessToken ? { authorization: `Bearer ${session.accessToken}` } : {}),
    on: {
      connected: () => {
        options.onSocketState?.(true);
        // Whatever changed while the socket was away (a renewal, a gateway restart) was not pushed:
        // read the screens' data again once it is back.
        // Once now, and once more when the subscriptions sent on this connection are surely set up
        // at the gateway and behind it: an event in between (the command a step-up just retried,
        // say) would otherwise reach neither the first read nor the stream.
        if (connectedBefore) {
          void client.refetchQueries({ include: "active" });
          setTimeout(() => void client.refetchQueries({ include: "active" }), 1_500);
        }
        connectedBefore = true;
      },
      closed: () => options.onSocketState?.(false),
    },
  });

  // A renewed token reaches the socket only on its next connection: reconnect now, before the old
  // token expires and the gateway closes the socket.
  session.onRenewed = () => socket.terminate();

  const auth = new ApolloLink((operation, forward) => {
    const token = session.accessToken;
    operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
      headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    }));
    return forward(operation);
  });

  const renew = new ErrorLink(({ error, operation, forward }) => {
    // Queries and mutations are retried once; a subscription every time its socket's token runs out.
    const subscription = operation.operationType === OperationTypeNode.SUBSCRIPTION;
    if (!unauthenticated(error) || !session.accessToken) return;
    if (!subscription && operation.getContext().retried) return;
    operation.setContext({ retried: true });
    return from(session.refresh()).pipe(
      switchMap(() => forward(operation)),
    ) as unknown as Observable<ApolloLink.Result>;
  });

  const http = new HttpLink({
    uri: options.httpUrl ?? "/graphql",
    credentials: "same-origin",
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const ws = new GraphQLWsLink(socket);
  const transport = ApolloLink.split(({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION, ws, http);

  const client = new ApolloClient({
    link: ApolloLink.from([stepUpLink(options.stepUp ?? stepUpGate), enrolmentLink(session), renew, auth, transport]),
    cache: new InMemoryCache({ typePolicies: typePolicies() }),
    defaultOptions: { watchQuery: { fetchPolicy: "cache-and-network" } },
  });
  return { client, socket };
}
