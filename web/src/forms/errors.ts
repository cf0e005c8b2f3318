import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { ApiError } from "../session/auth-api";

/** What a failed request means for a person: a stable code, a readable message, maybe a field. */
export interface ErrorInfo {
  code: string;
  message: string;
  field?: string;
  retryAfterSeconds?: number;
}

const FALLBACK = "Something went wrong. Please try again.";
const OFFLINE = "Homegraph cannot be reached right now. Check your connection and try again.";

export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof ApiError) {
    return { code: error.code, message: error.message, field: error.field, retryAfterSeconds: error.retryAfterSeconds };
  }
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const ext = (first?.extensions ?? {}) as { code?: string; field?: string; retryAfterSeconds?: number };
    return {
      code: ext.code ?? "INTERNAL",
      message: first?.message ?? FALLBACK,
      field: typeof ext.field === "string" ? ext.field : undefined,
      retryAfterSeconds: ext.retryAfterSeconds,
    };
  }
  if (ServerError.is(error)) {
    try {
      const body = JSON.parse(error.bodyText) as { errors?: { message: string; extensions?: { code?: string } }[] };
      const first = body.errors?.[0];
      if (first) return { code: first.extensions?.code ?? "INTERNAL", message: first.message };
    } catch {
      // Not JSON: fall through to the status.
    }
    return { code: error.statusCode >= 500 ? "UNAVAILABLE" : "INTERNAL", message: FALLBACK };
  }
  if (error instanceof TypeError) return { code: "UNAVAILABLE", message: OFFLINE };
  return { code: "INTERNAL", message: error instanceof Error && error.message ? error.message : FALLBACK };
}

/** "Too many attempts. Try again in 2 minutes." */
export function retryText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
