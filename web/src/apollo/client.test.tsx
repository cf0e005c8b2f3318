/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { gql } from "@apollo/client";
import { ApiError, type authApi } from "../session/auth-api";
import { SESSION_ENDED, SessionStore } from "../session/store";
import { createHomegraphClient } from "./client";

const ME = gql`
  query Me {
    me {
      id
    }
  }
`;
const user = { id: "1", email: "a@example.com", displayName: "A", role: "MEMBER" as const };
const later = () => new Date(Date.now() + 900_000).toISOString();

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const unauthenticated = () =>
  json(401, { errors: [{ message: "The access token has expired.", extensions: { code: "UNAUTHENTICATED" } }] });
const me = () => json(200, { data: { me: { __typename: "User", id: "1" } } });

/** A gateway double: records the Authorization of each request and answers with `answer`. */
function gateway(answer: (authorization: string | undefined, n: number) => Response) {
  const seen: (string | undefined)[] = [];
  const fetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const authorization = headers.get("authorization") ?? undefined;
    seen.push(authorization);
    return answer(authorization, seen.length);
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

function session(refresh: typeof authApi.refresh) {
  const api: Partial<typeof authApi> = {
    login: async () => ({ accessToken: "", expiresAt: later(), user }),
    refresh,
    logout: async () => undefined,
  };
  const store = new SessionStore({ api });
  store.accept({ accessToken: "expired", expiresAt: later(), user });
  return store;
}

function clientFor(store: SessionStore, fetch: typeof globalThis.fetch) {
  const { client, socket } = createHomegraphClient({
    session: store,
    httpUrl: "http://gateway.test/graphql",
    wsUrl: "ws://gateway.test/graphql",
    fetch,
  });
  return {
    client,
    done: () => {
      void socket.dispose();
      store.clear();
    },
  };
}

describe("the Apollo client's session handling", () => {
  it("sends the in-memory token, renews it once on UNAUTHENTICATED, and retries the request", async () => {
    let refreshes = 0;
    const store = session(async () => ({ accessToken: `fresh-${++refreshes}`, expiresAt: later(), user }));
    const server = gateway((auth) => (auth === "Bearer expired" ? unauthenticated() : me()));
    const { client, done } = clientFor(store, server.fetch);
    const result = await client.query({ query: ME, fetchPolicy: "network-only" });
    expect(result.data).toEqual({ me: { __typename: "User", id: "1" } });
    expect(server.seen).toEqual(["Bearer expired", "Bearer fresh-1"]);
    expect(refreshes).toBe(1);
    expect(store.getSnapshot().status).toBe("signedIn");
    done();
  });

  it("retries only once: a second refusal is the answer", async () => {
    const store = session(async () => ({ accessToken: "also-refused", expiresAt: later(), user }));
    const server = gateway(() => unauthenticated());
    const { client, done } = clientFor(store, server.fetch);
    await expect(client.query({ query: ME, fetchPolicy: "network-only" })).rejects.toThrow();
    expect(server.seen).toEqual(["Bearer expired", "Bearer also-refused"]);
    done();
  });

  it("signs the person out with a message when the refresh is refused (a revoked session)", async () => {
    const store = session(async () => {
      throw new ApiError("UNAUTHENTICATED", "Your session has ended. Sign in again.", 401);
    });
    const server = gateway(() => unauthenticated());
    const { client, done } = clientFor(store, server.fetch);
    await expect(client.query({ query: ME, fetchPolicy: "network-only" })).rejects.toThrow();
    expect(server.seen).toEqual(["Bearer expired"]);
    expect(store.getSnapshot()).toEqual({ status: "signedOut", message: SESSION_ENDED });
    done();
  });

  it("leaves other errors alone", async () => {
    let refreshes = 0;
    const store = session(async () => {
      refreshes++;
      return { accessToken: "x", expiresAt: later(), user };
    });
    const server = gateway(() =>
      json(200, { data: null, errors: [{ message: "Only admins may do that.", extensions: { code: "FORBIDDEN" } }] }),
    );
    const { client, done } = clientFor(store, server.fetch);
    await expect(client.query({ query: ME, fetchPolicy: "network-only" })).rejects.toThrow("Only admins may do that.");
    expect(refreshes).toBe(0);
    done();
  });
});
