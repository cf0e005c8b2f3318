import { AppError, ErrorCode } from "@homegraph/common";

export type HubFailure =
  | "HUB_UNAUTHORIZED"
  | "HUB_UNREACHABLE"
  | "HUB_TIMEOUT"
  | "HUB_ERROR"
  | "HUB_BAD_RESPONSE"
  | "HUB_NOT_FOUND"
  | "HUB_REFUSED"
  | "HUB_NOT_CONFIGURED";

const CODES: Record<HubFailure, ErrorCode> = {
  HUB_UNAUTHORIZED: ErrorCode.UNAVAILABLE,
  HUB_UNREACHABLE: ErrorCode.UNAVAILABLE,
  HUB_TIMEOUT: ErrorCode.UNAVAILABLE,
  HUB_ERROR: ErrorCode.UNAVAILABLE,
  HUB_BAD_RESPONSE: ErrorCode.UNAVAILABLE,
  HUB_NOT_CONFIGURED: ErrorCode.UNAVAILABLE,
  HUB_NOT_FOUND: ErrorCode.NOT_FOUND,
  HUB_REFUSED: ErrorCode.BAD_USER_INPUT,
};

/**
 * A failed call to the hub, with a message for the person using Homegraph. A token the hub
 * refuses is UNAVAILABLE, not UNAUTHENTICATED: the person is signed in; it is Homegraph's link to
 * the hub that needs fixing. `path` (token removed) and `status` are for logs only.
 */
export class HubError extends AppError {
  constructor(
    readonly failure: HubFailure,
    message: string,
    readonly details: { path?: string; status?: number; retryable?: boolean } = {},
  ) {
    super(CODES[failure], message, { reason: failure });
    this.name = "HubError";
  }

  get retryable(): boolean {
    return this.details.retryable ?? false;
  }
}
