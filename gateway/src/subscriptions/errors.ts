import { AppError, ErrorCode, UnauthenticatedError, UnavailableError } from "@homegraph/common";
import { GraphQLError } from "graphql";
import type { UpstreamEvent } from "./federation.js";

type SubgraphError = NonNullable<UpstreamEvent["errors"]>[number];

export function asGraphQLError(err: unknown): GraphQLError {
  if (err instanceof GraphQLError) {
    // The planner's and operation parser's own complaints are about the client's operation.
    if (err instanceof AppError || err.extensions?.code) return err;
    return new AppError(ErrorCode.BAD_USER_INPUT, err.message);
  }
  return new GraphQLError((err as Error)?.message ?? "subscription failed", { originalError: err as Error });
}

/** A subgraph's error as the client sees it: its code and message kept, its path made the client's. */
export function fromSubgraph(error: SubgraphError, serviceName: string): GraphQLError {
  return new GraphQLError(error.message, {
    path: error.path,
    extensions: { ...error.extensions, serviceName },
  });
}

/** Why an upstream subscription ended in failure, with a code the client can act on. */
export function upstreamFailure(err: unknown, serviceName: string): GraphQLError[] {
  if (Array.isArray(err)) {
    return err.map(
      (e: { message: string; extensions?: Record<string, unknown> }) =>
        new GraphQLError(e.message, { extensions: { ...e.extensions, serviceName } }),
    );
  }
  const code = (err as { code?: number })?.code;
  if (code === 4401) return [new UnauthenticatedError("Your session has ended. Sign in again.")];
  if (code === 4403) return [new AppError(ErrorCode.FORBIDDEN, "You may not subscribe to this.")];
  return [new UnavailableError(`The ${serviceName} service is unavailable right now. Please try again shortly.`)];
}
