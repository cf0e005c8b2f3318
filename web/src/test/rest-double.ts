// A stand-in for the gateway's REST session paths (/auth/...) in component tests: the real
// auth-api module talks to it through `fetch`, so the screens' requests and the gateway's answers
// (status, `{ error: { code, message, field, ... } }`) are what the app really sends and reads.

export interface RestAnswer {
  status: number;
  body?: unknown;
}

export type RestHandler = (body: Record<string, any>) => RestAnswer;

export interface RestCall {
  path: string;
  body: Record<string, any>;
}

/** `{ error: { code, message, ...rest } }` with `status`, as gateway/src/rest/respond.ts answers. */
export const refusal = (status: number, code: string, message: string, rest: Record<string, unknown> = {}) => ({
  status,
  body: { error: { code, message, ...rest } },
});

export const sessionBody = (email = "ann@example.com", accessToken = "token") => ({
  status: 200,
  body: {
    accessToken,
    tokenType: "Bearer",
    expiresIn: 900,
    expiresAt: new Date(Date.now() + 900_000).toISOString(),
    user: { id: "1", email, displayName: "Ann", role: "ADMIN" },
  },
});

/** Installs the double as `fetch`; `restore()` puts the real one back. */
export function restDouble(handlers: Record<string, RestHandler>) {
  const calls: RestCall[] = [];
  const real = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, any>) : {};
    calls.push({ path, body });
    const handler = handlers[path];
    const answer = handler ? handler(body) : { status: 404, body: { error: { code: "NOT_FOUND", message: path } } };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { "content-type": "application/json" },
    });
  }) as typeof fetch;
  return {
    calls,
    callsTo: (path: string) => calls.filter((c) => c.path === path).map((c) => c.body),
    restore: () => {
      globalThis.fetch = real;
    },
  };
}
