import { AppError, ErrorCode, UnavailableError } from "../errors/errors.js";
import { currentRequestId, type Logger } from "../logging/logger.js";
import {
  BrokenCircuitError,
  TaskCancelledError,
  createBreaker,
  withRetries,
  withDeadline,
  type Breaker,
  type BreakerState,
} from "./resilience.js";

export interface ServiceClientOptions {
  /** The target service's name (`auth`, `email`, `home`): in every log line, and the breaker's key. */
  target: string;
  /** From configuration (AUTH_URL, EMAIL_URL, HOME_URL): the service discovery. */
  baseUrl: string;
  logger: Logger;
  /** Per attempt. Default 5000. */
  timeoutMs?: number;
  /** Extra attempts for idempotent calls. Default 2. */
  retries?: number;
  /** First backoff delay; later ones grow exponentially with jitter. Default 100. */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Consecutive failures that open the breaker. Default 5. */
  breakerThreshold?: number;
  /** How long an open breaker fails fast before letting one call through. Default 10000. */
  breakerHalfOpenAfterMs?: number;
  /** Headers added to every call (a service token, say); may be async to refresh it. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
}

export interface ServiceRequest {
  method?: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Sent as `Idempotency-Key`; makes a POST or PATCH safe to retry. GET, HEAD, PUT and DELETE are
   * retried without one.
   */
  idempotencyKey?: string;
  timeoutMs?: number;
}

export interface ServiceResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** An answer or failure worth another attempt: the network, a timeout, or a 5xx. */
class TransientError extends Error {
  constructor(
    message: string,
    readonly outcome: "server_error" | "timeout" | "unreachable",
    readonly status?: number,
  ) {
    super(message);
    this.name = "TransientError";
  }
}

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE"]);

/** A network failure, a timeout or a 5xx: worth a retry, and a strike against the target's breaker. */
function isTransient(err: unknown): boolean {
  return err instanceof TransientError || err instanceof TaskCancelledError;
}

/** One breaker per target service, shared by every client of that target in the process. */
const breakers = new Map<string, Breaker>();

function breakerFor(target: string, threshold: number, halfOpenAfterMs: number): Breaker {
  let breaker = breakers.get(target);
  if (!breaker) {
    breaker = createBreaker({ target, threshold, halfOpenAfterMs, isFailure: isTransient });
    breakers.set(target, breaker);
  }
  return breaker;
}

/** Forgets every breaker (tests). */
export function resetServiceBreakers(): void {
  breakers.clear();
}

const CODES = new Set<string>(Object.values(ErrorCode));

function codeForStatus(status: number): ErrorCode {
  if (status === 400 || status === 413 || status === 422) return ErrorCode.BAD_USER_INPUT;
  if (status === 401) return ErrorCode.UNAUTHENTICATED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 409) return ErrorCode.CONFLICT;
  if (status === 429) return ErrorCode.RATE_LIMITED;
  return ErrorCode.INTERNAL;
}

/** The target's own error code and message (REST `{error}` or GraphQL `{errors}`), else one from the status. */
function remoteError(status: number, body: unknown): AppError {
  const b = body as {
    error?: { code?: unknown; message?: unknown };
    errors?: { message?: unknown; extensions?: { code?: unknown } }[];
  } | null;
  const code = b?.error?.code ?? b?.errors?.[0]?.extensions?.code;
  const message = b?.error?.message ?? b?.errors?.[0]?.message;
  const known = typeof code === "string" && CODES.has(code) ? (code as ErrorCode) : codeForStatus(status);
  return new AppError(known, typeof message === "string" ? message : `The request failed with HTTP ${status}.`);
}

/**
 * The one way services call each other over HTTP: a timeout per attempt, retries with exponential
 * backoff and jitter for idempotent calls only, a circuit breaker per target so a dead service is
 * failed fast instead of waited on, the caller's request id passed on, and one log line per attempt.
 * A target that is down, slow or failing (after the retries) is an UnavailableError; a 4xx answer is
 * an AppError with the target's own code and message.
 */
export class ServiceClient {
  private readonly baseUrl: string;
  private readonly breaker: Breaker;

  constructor(private readonly options: ServiceClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.breaker = breakerFor(options.target, options.breakerThreshold ?? 5, options.breakerHalfOpenAfterMs ?? 10_000);
  }

  get breakerState(): BreakerState {
    return this.breaker.state;
  }

  get<T = unknown>(path: string, request: Omit<ServiceRequest, "path" | "method"> = {}) {
    return this.request<T>({ ...request, path, method: "GET" });
  }

  post<T = unknown>(path: string, body: unknown, request: Omit<ServiceRequest, "path" | "method" | "body"> = {}) {
    return this.request<T>({ ...request, path, body, method: "POST" });
  }

  async request<T = unknown>(request: ServiceRequest): Promise<ServiceResponse<T>> {
    const { options } = this;
    const method = request.method ?? "GET";
    const idempotent = IDEMPOTENT.has(method) || request.idempotencyKey !== undefined;
    const retrying = {
      retries: idempotent ? (options.retries ?? 2) : 0,
      initialDelayMs: options.backoffInitialMs ?? 100,
      maxDelayMs: options.backoffMaxMs ?? 2000,
      isTransient,
    };
    const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? 5000;
    const url = new URL(this.baseUrl + request.path);
    for (const [k, v] of Object.entries(request.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const requestId = currentRequestId();
    const extra = (await options.headers?.()) ?? {};
    const log = { target: options.target, method, path: request.path };

    try {
      return await withRetries(retrying, (attempt) =>
        this.breaker.execute(() =>
          withDeadline(timeoutMs, async (signal) => {
            const started = Date.now();
            const line = (outcome: string, status?: number) => ({
              ...log,
              attempt: attempt + 1,
              outcome,
              status,
              durationMs: Date.now() - started,
            });
            let res: Response;
            try {
              res = await fetch(url, {
                method,
                signal,
                headers: {
                  accept: "application/json",
                  ...(request.body !== undefined ? { "content-type": "application/json" } : {}),
                  ...(requestId ? { "x-request-id": requestId } : {}),
                  ...(request.idempotencyKey ? { "idempotency-key": request.idempotencyKey } : {}),
                  ...extra,
                  ...request.headers,
                },
                body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
              });
            } catch (err) {
              if (signal.aborted) {
                options.logger.warn(line("timeout"), "service call timed out");
                throw new TaskCancelledError();
              }
              options.logger.warn({ ...line("unreachable"), err: (err as Error).message }, "service call failed");
              throw new TransientError(`${options.target} is unreachable`, "unreachable");
            }
            const text = await res.text().catch(() => "");
            let body: unknown = text;
            if ((res.headers.get("content-type") ?? "").includes("json") && text) {
              try {
                body = JSON.parse(text);
              } catch {
                body = text;
              }
            }
            if (res.status >= 500) {
              options.logger.warn(line("server_error", res.status), "service call failed");
              throw new TransientError(`${options.target} answered ${res.status}`, "server_error", res.status);
            }
            if (res.status >= 400) {
              options.logger.info(line("client_error", res.status), "service call refused");
              throw remoteError(res.status, body);
            }
            options.logger.info(line("ok", res.status), "service call");
            return { status: res.status, headers: res.headers, body: body as T };
          }),
        ),
      );
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof BrokenCircuitError) {
        options.logger.warn({ ...log, outcome: "circuit_open" }, "service call not attempted: circuit open");
        throw new UnavailableError(`The ${options.target} service is not available right now. Try again shortly.`);
      }
      if (isTransient(err)) {
        throw new UnavailableError(`The ${options.target} service is not available right now. Try again shortly.`);
      }
      throw err;
    }
  }
}

export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  return new ServiceClient(options);
}
