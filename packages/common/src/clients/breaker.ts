import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from "cockatiel";
import type { Logger } from "../logging/logger.js";

export type BreakerState = "closed" | "open" | "half-open" | "isolated";

export interface BreakerOptions {
  /** Who is behind it (`home`, `email`): in every log line about it. */
  target: string;
  logger: Logger;
  /** Consecutive failures that open it. */
  threshold: number;
  /** How long it fails fast before letting one call through to try the target again. */
  halfOpenAfterMs: number;
  /** Which errors count as the target failing (others, like a refusal, leave it as it is). */
  isFailure: (err: unknown) => boolean;
}

export interface Breaker {
  readonly state: BreakerState;
  execute<T>(fn: () => Promise<T>): Promise<T>;
}

/** Thrown instead of calling a target whose breaker is open. */
export { BrokenCircuitError };

const STATES: BreakerState[] = ["closed", "open", "half-open", "isolated"];

/**
 * A consecutive-failure circuit breaker around calls to one target: once `threshold` calls in a
 * row fail it opens and calls fail at once (BrokenCircuitError) instead of each waiting out a
 * timeout; after `halfOpenAfterMs` one call tries the target again and closes it on success. Every
 * change is logged, so an operator sees when a service was cut off and when it came back.
 */
export function createBreaker(options: BreakerOptions): Breaker {
  const policy: CircuitBreakerPolicy = circuitBreaker(handleWhen(options.isFailure), {
    halfOpenAfter: options.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.threshold),
  });
  const log = options.logger.child({ target: options.target, component: "breaker" });
  policy.onBreak(() => log.warn({ breaker: "open" }, `circuit to ${options.target} opened: failing fast`));
  policy.onHalfOpen(() => log.info({ breaker: "half-open" }, `circuit to ${options.target} half-open: trying it`));
  policy.onReset(() => log.info({ breaker: "closed" }, `circuit to ${options.target} closed: calls go through again`));
  return {
    get state() {
      return STATES[policy.state] ?? "closed";
    },
    execute: (fn) => policy.execute(fn),
  };
}
