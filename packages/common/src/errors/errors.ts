import { GraphQLError, type GraphQLFormattedError } from "graphql";

/** The stable codes a client may see in `extensions.code`. */
export const ErrorCode = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "RATE_LIMITED",
  UNAVAILABLE: "UNAVAILABLE",
  INTERNAL: "INTERNAL",
  /** The operation needs a factor proven recently (`extensions.maxAgeSeconds`): step up, then retry. */
  STEP_UP_REQUIRED: "STEP_UP_REQUIRED",
  /** The household's policy wants a second factor and the grace period is over: enrol first. */
  SECOND_FACTOR_ENROLMENT_REQUIRED: "SECOND_FACTOR_ENROLMENT_REQUIRED",
  /** The password was right and a second factor must follow (`extensions.challenge`, for `completeSignIn`). */
  SECOND_FACTOR_REQUIRED: "SECOND_FACTOR_REQUIRED",
  /** A passkey this Homegraph does not know, or one that is not the signed-in person's. */
  PASSKEY_NOT_RECOGNISED: "PASSKEY_NOT_RECOGNISED",
  /** The passkey ceremony's challenge is unknown, already used or expired: start again. */
  PASSKEY_CHALLENGE_EXPIRED: "PASSKEY_CHALLENGE_EXPIRED",
  /** The passkey's answer did not verify (signature, origin, RP ID, user verification). */
  PASSKEY_VERIFICATION_FAILED: "PASSKEY_VERIFICATION_FAILED",
  /** The passkey's signature counter did not increase: a copied authenticator. Refused and audited. */
  PASSKEY_CLONED: "PASSKEY_CLONED",
  /** The gateway enforces trusted documents and this operation is not one of the web app's (nor from an admin). */
  OPERATION_NOT_TRUSTED: "OPERATION_NOT_TRUSTED",
  /** A guest pass presented before its start (`extensions.validFrom`). */
  PASS_NOT_YET: "PASS_NOT_YET",
  /** A guest pass that has ended, early or at its end time (`extensions.endedAt`). */
  PASS_ENDED: "PASS_ENDED",
  /** The home service could not be reached to set up (or change) what a guest pass opens; nothing was saved. */
  HOME_UNAVAILABLE: "HOME_UNAVAILABLE",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
  STEP_UP_REQUIRED: 403,
  SECOND_FACTOR_ENROLMENT_REQUIRED: 403,
  SECOND_FACTOR_REQUIRED: 401,
  PASSKEY_NOT_RECOGNISED: 401,
  PASSKEY_CHALLENGE_EXPIRED: 401,
  PASSKEY_VERIFICATION_FAILED: 401,
  PASSKEY_CLONED: 401,
  OPERATION_NOT_TRUSTED: 403,
  PASS_NOT_YET: 403,
  PASS_ENDED: 410,
  HOME_UNAVAILABLE: 503,
};

export function httpStatusFor(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

/**
 * An error whose message is written for the person using Homegraph. Anything that is not an
 * AppError is treated as internal and its message is replaced before it reaches a client.
 */
export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.code = code;
    this.name = "AppError";
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = "Sign in to continue.") {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}
export class ForbiddenError extends AppError {
  /** `extensions`: what was missing, for a client to explain it (`requiredAccess`, `deviceId`). */
  constructor(message = "You do not have permission to do that.", extensions: Record<string, unknown> = {}) {
    super(ErrorCode.FORBIDDEN, message, extensions);
  }
}
export class BadUserInputError extends AppError {
  constructor(message: string, field?: string) {
    super(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
  }
}
export class NotFoundError extends AppError {
  constructor(message: string) {
    super(ErrorCode.NOT_FOUND, message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string) {
    super(ErrorCode.CONFLICT, message);
  }
}
export class RateLimitedError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds });
  }
}
export class StepUpRequiredError extends AppError {
  constructor(
    maxAgeSeconds: number,
    message = "Confirm it's you to continue: enter your password or a code from your app.",
    /** How to confirm when it is not a factor (`stepUpBy: "PASS_LINK"` for a guest). */
    extensions: Record<string, unknown> = {},
  ) {
    super(ErrorCode.STEP_UP_REQUIRED, message, { maxAgeSeconds, ...extensions });
  }
}
export class SecondFactorEnrolmentRequiredError extends AppError {
  constructor(message = "Set up two-step sign-in to continue: your household requires it.") {
    super(ErrorCode.SECOND_FACTOR_ENROLMENT_REQUIRED, message);
  }
}
export type PasskeyErrorCode =
  | typeof ErrorCode.PASSKEY_NOT_RECOGNISED
  | typeof ErrorCode.PASSKEY_CHALLENGE_EXPIRED
  | typeof ErrorCode.PASSKEY_VERIFICATION_FAILED
  | typeof ErrorCode.PASSKEY_CLONED;
export class PasskeyError extends AppError {
  constructor(code: PasskeyErrorCode, message: string) {
    super(code, message);
  }
}
export class UnavailableError extends AppError {
  constructor(message: string) {
    super(ErrorCode.UNAVAILABLE, message);
  }
}

/** Codes that GraphQL itself (parse and validation) raises; their messages are safe to show. */
const GRAPHQL_CLIENT_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/** Connection-level failures (socket, PostgreSQL's shutdown and connection classes 57P and 08). */
const UNREACHABLE_CODES = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|57P0[1-3]|08\d{3})$/;
const UNREACHABLE_MESSAGES =
  /Connection terminated|Timeout acquiring a connection|terminating connection due to administrator command|the database system is (starting up|shutting down)|Client has encountered a connection error/i;

/**
 * Whether `error` (or anything it wraps: MikroORM's `previous`, a `cause`) says the database
 * could not be reached, as opposed to a query that failed: the first is a passing outage the
 * person may retry (UNAVAILABLE), the second a fault of ours (INTERNAL).
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  let current = error;
  for (let i = 0; i < 6 && current; i++) {
    const e = current as { code?: unknown; name?: unknown; message?: unknown; previous?: unknown; cause?: unknown };
    if (typeof e.code === "string" && UNREACHABLE_CODES.test(e.code)) return true;
    if (e.name === "KnexTimeoutError" || e.name === "ConnectionException") return true;
    if (typeof e.message === "string" && UNREACHABLE_MESSAGES.test(e.message)) return true;
    current = e.previous ?? e.cause;
  }
  return false;
}

export const DATABASE_UNAVAILABLE = "Homegraph's database cannot be reached right now. Please try again shortly.";

function originalOf(error: unknown): unknown {
  let current = error;
  // Apollo and type-graphql wrap resolver errors; the innermost one decides what the client sees.
  for (let i = 0; i < 5 && current instanceof GraphQLError && current.originalError; i++) {
    current = current.originalError;
  }
  return current;
}

/**
 * Apollo Server `formatError`: keeps the message and code of errors meant for people, maps
 * GraphQL's own input errors to BAD_USER_INPUT, and replaces everything else (SQL, stack traces,
 * driver messages) with a generic INTERNAL error, calling `onInternal` so it is logged once.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onInternal?: (error: unknown) => void,
): GraphQLFormattedError {
  const original = originalOf(error);
  const code = formatted.extensions?.code;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof AppError) {
    const { stacktrace: _s, exception: _e, ...ext } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...base, message: original.message, extensions: { ...ext, code: original.code } };
  }
  if (typeof code === "string" && GRAPHQL_CLIENT_CODES.has(code)) {
    // A limit's refusal (GraphQL Armor) names the limit; other parse and validation errors their kind.
    const limit = original instanceof GraphQLError ? original.extensions?.reason : undefined;
    return {
      ...base,
      extensions: { code: ErrorCode.BAD_USER_INPUT, reason: typeof limit === "string" ? limit : code },
    };
  }
  // Argument validation from type-graphql (class-validator) is input the person can fix.
  if (original instanceof Error && original.name === "ArgumentValidationError") {
    return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT } };
  }
  // Errors already coded by a subgraph and relayed by the gateway keep their code and message.
  const fromPlainError = original instanceof Error && !(original instanceof GraphQLError);
  if (typeof code === "string" && KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL && !fromPlainError) {
    // The field a subgraph named is what lets a client point at the input to fix, so it survives the relay.
    // So does the limit a refusal names (GraphQL Armor's rules outside Apollo, over WebSocket).
    // And so does how recent a step-up must be, so the client can say so and ask inline; and the
    // grant a refused command lacks (requiredAccess, deviceId, requiredRole), so the app can say
    // whom to ask; and how a guest confirms it's them (stepUpBy: "PASS_LINK").
    const { field, reason, maxAgeSeconds, requiredAccess, requiredRole, deviceId, stepUpBy } =
      formatted.extensions ?? {};
    return {
      ...base,
      extensions: {
        code,
        ...(typeof field === "string" ? { field } : {}),
        ...(typeof reason === "string" ? { reason } : {}),
        ...(typeof maxAgeSeconds === "number" ? { maxAgeSeconds } : {}),
        ...(typeof requiredAccess === "string" ? { requiredAccess } : {}),
        ...(typeof deviceId === "string" ? { deviceId } : {}),
        ...(typeof requiredRole === "string" ? { requiredRole } : {}),
        ...(typeof stepUpBy === "string" ? { stepUpBy } : {}),
      },
    };
  }
  onInternal?.(original ?? error);
  if (isDatabaseUnreachable(original)) {
    return { ...base, message: DATABASE_UNAVAILABLE, extensions: { code: ErrorCode.UNAVAILABLE } };
  }
  return {
    message: "Something went wrong on our side. Please try again.",
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL },
  };
}
