import { UnavailableError } from "@homegraph/common";
import type { DocumentNode, GraphQLSchema } from "graphql";
import { loadSupergraph, type FederatedSupergraph, type FederationOptions, type QueryPlan } from "./federation.js";

/** What planning needs from the supergraph the gateway serves; rebuilt on every reload. */
export interface PlanningState {
  supergraph: FederatedSupergraph;
  /** Plans by operation text: a thousand clients subscribing with one operation plan it once. */
  plans: Map<string, QueryPlan>;
}

/** Distinct operations whose plans are kept; beyond it the cache starts over (clients reuse a few). */
const PLAN_CACHE_SIZE = 500;

/** Plans socket operations on the supergraph the gateway serves now, and remembers the plans. */
export class SubscriptionPlanner {
  private state?: PlanningState;

  constructor(private readonly options: FederationOptions) {}

  /** Takes a supergraph the gateway now serves (its first load and each reload). */
  update(supergraphSdl: string): void {
    try {
      this.state = { supergraph: loadSupergraph(supergraphSdl, this.options), plans: new Map() };
    } catch (err) {
      this.options.logger.error(
        { err },
        "subscriptions: could not plan on the new supergraph; keeping the previous one",
      );
    }
  }

  /** The state operations are planned on now; sockets only run operations once the schema is served. */
  get current(): PlanningState {
    if (!this.state) throw new UnavailableError("The gateway is still starting. Please try again shortly.");
    return this.state;
  }

  /** The state now, or undefined before the first supergraph could be planned on. */
  get loaded(): PlanningState | undefined {
    return this.state;
  }

  get schema(): GraphQLSchema {
    return this.current.supergraph.apiSchema;
  }

  /** The plan of an operation; with its printed `text`, cached for the next client sending it. */
  plan(state: PlanningState, document: DocumentNode, operationName?: string, text?: string): QueryPlan {
    const key = text === undefined ? undefined : `${operationName ?? ""}\u0000${text}`;
    const cached = key === undefined ? undefined : state.plans.get(key);
    if (cached) return cached;
    const plan = state.supergraph.plan(document, operationName);
    if (key !== undefined) {
      if (state.plans.size >= PLAN_CACHE_SIZE) state.plans.clear();
      state.plans.set(key, plan);
    }
    return plan;
  }
}
