/**
 * Homegraph's one wrapper around cockatiel: the circuit breaker, retries and timeouts every call
 * to another service goes through (service clients, the gateway's subgraph calls).
 */
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  type CircuitBreakerPolicy,
} from "cockatiel";
import type { Logger } from "../logging/logger.js";

export type BreakerState = "closed" | "open" | "half-open" | "isolated";

export interface BreakerOptions {
  /** Who is behind it (`home`, `email`): in every log line about it. */
  target: string;
  /** Where its changes are logged; without one they are not. */
  logger?: Logger;
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

/**
 * Thrown instead of calling a target whose breaker is open (BrokenCircuitError), and by a call cut
 * off at its timeout (TaskCancelledError).
 */
export { BrokenCircuitError, TaskCancelledError };

const STATES: BreakerState[] = ["closed", "open", "half-open", "isolated"];

/**
 * A consecutive-failure circuit breaker around calls to one target: once `threshold` calls in a
 * row fail it opens and calls fail at once (BrokenCircuitError) instead of each waiting out a
 * timeout; after `halfOpenAfterMs` one call tries the target again and closes it on success. With
 * a logger every change is logged, so an operator sees when a service was cut off and when it came
 * back.
 */
export function createBreaker(options: BreakerOptions): Breaker {
  const policy: CircuitBreakerPolicy = circuitBreaker(handleWhen(options.isFailure), {
    halfOpenAfter: options.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.threshold),
  });
  if (options.logger) {
    const log = options.logger.child({ target: options.target, component: "breaker" });
    policy.onBreak(() => log.warn({ breaker: "open" }, `circuit to ${options.target} opened: failing fast`));
    policy.onHalfOpen(() => log.info({ breaker: "half-open" }, `circuit to ${options.target} half-open: trying it`));
    policy.onReset(() =>
      log.info({ breaker: "closed" }, `circuit to ${options.target} closed: calls go through again`),
    );
  }
  return {
    get state() {
      return STATES[policy.state] ?? "closed";
    },
    execute: (fn) => policy.execute(fn),
  };
}

export interface RetryOptions {
  /** Extra attempts after the first. */
  retries: number;
  /** First backoff delay; later ones grow exponentially with jitter. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Which errors are worth another attempt. */
  isTransient: (err: unknown) => boolean;
}

/** Calls `fn` (with its attempt number, from 0) until it succeeds, fails for good, or runs out of retries. */
export function withRetries<T>(options: RetryOptions, fn: (attempt: number) => Promise<T>): Promise<T> {
  const policy = retry(handleWhen(options.isTransient), {
    maxAttempts: options.retries,
    backoff: new ExponentialBackoff({ initialDelay: options.initialDelayMs, maxDelay: options.maxDelayMs }),
  });
  return policy.execute(({ attempt }) => fn(attempt));
}

/**
 * Calls `fn` with a signal aborted after `ms`; the call fails with TaskCancelledError at that
 * moment even if `fn` does not stop.
 */
export function withDeadline<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return timeout(ms, TimeoutStrategy.Aggressive).execute(({ signal }) => fn(signal));
}
