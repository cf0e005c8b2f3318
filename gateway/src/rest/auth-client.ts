import { AppError, ErrorCode, UnavailableError, postJson, type Logger } from "@homegraph/common";

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

export interface AuthClient {
  /** Runs one operation against the auth subgraph; its first error is thrown as an AppError. */
  execute<T>(query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<T>;
  /** POSTs to one of auth's own REST routes; its `{error}` is thrown as an AppError. */
  post<T>(path: string, body: Record<string, unknown>, headers: Record<string, string>): Promise<T>;
}

const INTERNAL_MESSAGE = "Something went wrong on our side. Please try again.";

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message?: string; extensions?: Record<string, unknown> }[];
}

/** Auth's error as the facade throws it: a code it knows, and no internal message passed on. */
function authError(error: { message?: string; extensions?: Record<string, unknown> }): AppError {
  const { code, ...extensions } = error.extensions ?? {};
  const known = typeof code === "string" && KNOWN_CODES.has(code) ? (code as ErrorCode) : ErrorCode.INTERNAL;
  const message = known === ErrorCode.INTERNAL ? INTERNAL_MESSAGE : (error.message ?? "The request failed.");
  return new AppError(known, message, extensions);
}

/**
 * The REST facade's way to the auth subgraph: its GraphQL API (the one the web app uses too) and,
 * for the calls that arrive in bursts, its REST routes.
 */
export function createAuthClient(options: { url: string; timeoutMs: number; logger: Logger }): AuthClient {
  const base = options.url.replace(/\/$/, "");
  const endpoint = new URL(`${base}/graphql`);
  const call = async (url: URL, payload: unknown, headers: Record<string, string>) => {
    try {
      const answer = await postJson(url, payload, { headers, timeoutMs: options.timeoutMs });
      if (answer.body === undefined) throw new Error(`HTTP ${answer.status} without a JSON answer`);
      return answer.body;
    } catch (err) {
      options.logger.warn({ err: (err as Error).message }, "auth service unreachable from the REST facade");
      throw new UnavailableError("The sign-in service is unavailable right now. Please try again shortly.");
    }
  };
  return {
    async execute<T>(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
      const body = (await call(endpoint, { query, variables }, headers)) as GraphQLBody<T>;
      const first = body.errors?.[0];
      if (first) throw authError(first);
      if (!body.data) throw new AppError(ErrorCode.INTERNAL, INTERNAL_MESSAGE);
      return body.data;
    },
    async post<T>(path: string, payload: Record<string, unknown>, headers: Record<string, string>) {
      const body = (await call(new URL(`${base}${path}`), payload, headers)) as {
        error?: { code?: unknown; message?: string } & Record<string, unknown>;
      };
      if (body.error) {
        const { message, ...extensions } = body.error;
        throw authError({ message, extensions });
      }
      return body as T;
    },
  };
}
