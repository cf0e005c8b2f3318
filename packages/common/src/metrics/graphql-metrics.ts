// `homegraph_graphql_operation_duration_seconds`: each GraphQL request over HTTP, from Apollo's
// first look at it to its response, by operation name (capped: operation-names.ts), type and
// outcome. Outcomes: `ok` (no errors), `error` (it ran, with errors in the response: a field
// failed, a subgraph was away, the caller was refused), `invalid` (it never ran: it did not parse,
// validate, or name an operation the document has).
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import type { ServiceMetrics } from "./metrics.js";
import { OperationNames } from "./operation-names.js";

export const GRAPHQL_OPERATION_DURATION = "homegraph_graphql_operation_duration_seconds";

export interface GraphQLMetricsOptions {
  /** The service's name, the `service` label. */
  service: string;
  /** The cap on distinct operation names (default: OperationNames' own). */
  names?: OperationNames;
}

export function graphqlMetricsPlugin<TContext extends BaseContext>(
  metrics: ServiceMetrics,
  options: GraphQLMetricsOptions,
): ApolloServerPlugin<TContext> {
  const names = options.names ?? new OperationNames();
  const duration = metrics.histogram({
    name: GRAPHQL_OPERATION_DURATION,
    help: "GraphQL requests over HTTP, from receipt to response, by operation name (anonymous, or other past the cap), type and outcome (ok, error, invalid).",
    labelNames: ["service", "operation", "type", "outcome"],
  });
  return {
    async requestDidStart() {
      const started = performance.now();
      let resolved = false;
      return {
        async didResolveOperation() {
          resolved = true;
        },
        async willSendResponse(request) {
          const outcome = !resolved ? "invalid" : request.errors?.length ? "error" : "ok";
          const name = resolved ? request.operationName : request.request.operationName;
          duration.observe(
            {
              service: options.service,
              operation: names.label(name, resolved),
              type: (resolved && request.operation?.operation) || "unknown",
              outcome,
            },
            (performance.now() - started) / 1000,
          );
        },
      };
    },
  };
}
