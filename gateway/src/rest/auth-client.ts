import { AppError, ErrorCode, UnavailableError, postJson, type Logger } from "@homegraph/common";

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

export interface AuthClient {
  /** Runs one operation against the auth subgraph; its first error is thrown as an AppError. */
  execute<T>(query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<T>;
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message?: string; extensions?: Record<string, unknown> }[];
}

/** The REST facade's way to the auth subgraph's GraphQL API (the one the web app uses too). */
export function createAuthClient(options: { url: string; timeoutMs: number; logger: Logger }): AuthClient {
  const endpoint = new URL(`${options.url.replace(/\/$/, "")}/graphql`);
  return {
    async execute<T>(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
      let body: GraphQLBody<T>;
      try {
        const answer = await postJson(endpoint, { query, variables }, { headers, timeoutMs: options.timeoutMs });
        if (answer.body === undefined) throw new Error(`HTTP ${answer.status} without a JSON answer`);
        body = answer.body as GraphQLBody<T>;
      } catch (err) {
        options.logger.warn({ err: (err as Error).message }, "auth service unreachable from the REST facade");
        throw new UnavailableError("The sign-in service is unavailable right now. Please try again shortly.");
      }
      const first = body.errors?.[0];
      if (first) {
        const { code, ...extensions } = first.extensions ?? {};
        const known = typeof code === "string" && KNOWN_CODES.has(code) ? (code as ErrorCode) : ErrorCode.INTERNAL;
        const message =
          known === ErrorCode.INTERNAL
            ? "Something went wrong on our side. Please try again."
            : (first.message ?? "The request failed.");
        throw new AppError(known, message, extensions);
      }
      if (!body.data) throw new AppError(ErrorCode.INTERNAL, "Something went wrong on our side. Please try again.");
      return body.data;
    },
  };
}
